"""The parser takes over the previous version's instructions where the text did not change (issue 18).

Parsing every instruction of a 500-line Dockerfile again cost ~8 ms per keystroke. An instruction
depends only on its own lines and the escape character, so one that lies wholly in the text the
previous version and this one share - their common head, or their common tail - is the previous
model's instruction again: the same object's fields in a copy that points at the new document, its
offsets and lines moved by what the edit inserted or removed above it (nothing, in the head). The
parser still walks every line, so where an instruction starts, its stage and the syntax errors it
reports are found as before. Instructions with heredocs, ONBUILD triggers and a last line still
continued are parsed again: they read past their own lines or carry state of their own.
"""

from __future__ import annotations

from typing import Any

from ...core.document import Document, lines_down
from .model import Dockerfile, Instruction


class Unchanged:
    """The previous version's instructions that the new text holds unchanged, by where they start."""

    def __init__(self, previous: Dockerfile, document: Document) -> None:
        old, new = previous.document, document
        self.document = document
        self.head = _common_head(old.text, new.text)
        tail = _common_tail(old.text, new.text, min(len(old.text), len(new.text)) - self.head)
        self.tail_start = len(old.text) - tail  # where the common tail starts in the old text
        self.shift = len(new.text) - len(old.text)
        self._old = old
        # old start offset -> (instruction, old end offset: after its last line's line break)
        self._starts: dict[int, tuple[Instruction, int]] = {}
        for ins in previous.instructions:
            if ins.heredocs or ins.onbuild is not None or ins.keyword == "ONBUILD":
                continue
            first, last = ins.full_range.start.line, ins.full_range.end.line
            if last + 1 >= old.line_count or old.line_text(last).rstrip(" \t").endswith(ins.escape):
                continue  # the last line: nothing after it to end it; a dangling continuation reads on
            self._starts[old.line_start(first)] = (ins, old.line_start(last + 1))

    def take(self, first: int) -> tuple[Instruction, int] | None:
        """The instruction starting at line ``first`` of the new text and the line after it, when it is
        one of the previous version's, unchanged; None when it must be parsed."""
        start = self.document.line_start(first)
        if start < self.head:
            found = self._starts.get(start)
            if found is None or found[1] > self.head:
                return None
            shift = 0
        elif start - self.shift >= self.tail_start:
            found = self._starts.get(start - self.shift)
            if found is None:
                return None
            shift = self.shift
        else:
            return None
        old, _ = found
        lines = first - old.full_range.start.line
        return _moved(old, self.document, shift, lines), first + old.full_range.end.line - old.full_range.start.line + 1


def unchanged_since(previous: Any, document: Document, escape: str) -> Unchanged | None:
    """What the parser may take over from ``previous`` (the document's previous model), if anything."""
    if not isinstance(previous, Dockerfile) or previous.escape != escape:
        return None
    return Unchanged(previous, document)


def _moved(old: Instruction, document: Document, shift: int, lines: int) -> Instruction:
    """A copy of ``old`` on ``document``, ``shift`` characters and ``lines`` lines further on."""
    ins = Instruction.__new__(Instruction)
    ins.__dict__.update(old.__dict__)
    ins._doc = document
    if shift:
        ins._segments = [(logical, offset + shift) for logical, offset in old._segments]
    if lines:
        ins.range = lines_down(old.range, lines)
        ins.full_range = lines_down(old.full_range, lines)
    return ins


def _common_head(a: str, b: str) -> int:
    """The length of the longest common prefix (halving: each comparison is one C memcmp)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_tail(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    low, high = 0, max(limit, 0)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low
