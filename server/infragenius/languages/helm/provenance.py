"""Which template line wrote each line of a rendered manifest.

The chart is rendered a second time with a marker at the start of every line of its templates
(outside actions and ``define`` bodies). Helm writes each marker when it reaches its line, so a
``range`` body leaves one per iteration, a template holding several documents marks each of them,
and the lines a ``toYaml`` or ``include`` splices in come right after the marker of the action's
line. Stripping the markers gives the plain render back, with every rendered row tagged with the
template line that produced it.

Trim markers (``{{-``, ``-}}``) stop at a marker where they would have eaten whitespace across
lines: each marker says how much more the plain render trims around it (``_MARK``). A template
whose stripped output does not line up with the plain render (beyond checksums of templates, whose
marked text hashes differently) is not trusted: the caller falls back to matching keys.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from .gotemplate import Template

# How to strip a marker so that the text around it is what the plain render has:
#   n     its newline stays: drop the marker and that newline;
#   t<k>  its line starts with ``{{-``, which ate the marker's newline and on the plain text also
#         eats the <k> whitespace characters before the line (back to the previous text or action);
#   r<k>  its line lies in the whitespace after a ``-}}``, which on the plain text eats it too:
#         drop the marker, its newline and the <k> whitespace characters of the line after it.
# (A newline after a marker may be later output, so only the marker can say which case it is.)
_MARK = re.compile(r"\x1e(\d+):(\d+):([ntr])(\d*)\x1f")
_WHITESPACE = " \t\r\n"
_TRIMS = re.compile(r"^[ \t]*\{\{-[ \t\r\n]")
_DIGEST = re.compile(r"\b[0-9a-f]{32,}\b")
_MARKED_SUFFIXES = (".yaml", ".yml")


def marker(file_index: int, line: int, kind: str) -> str:
    """The marker put before template line ``line`` (0-based), stripped as ``kind`` says."""
    return f"\x1e{file_index}:{line}:{kind}\x1f\n"


def is_marked(relative: str) -> bool:
    """Templates that get markers: manifests, not helpers (``_helpers.tpl``, ``_x.yaml``)."""
    name = relative.rsplit("/", 1)[-1]
    return relative.endswith(_MARKED_SUFFIXES) and not name.startswith("_")


def _kind(text: str, start: int, line: str, right_trims: set[int]) -> str:
    """How the marker before the line at ``start`` is stripped (see ``_MARK``)."""
    previous = start  # after the last text or action before the line
    while previous and text[previous - 1] in _WHITESPACE:
        previous -= 1
    if previous in right_trims:
        if _TRIMS.match(line):
            return "t0"
        return f"r{len(line) - len(line.lstrip(_WHITESPACE))}"
    if _TRIMS.match(line):
        return f"t{start - previous}"
    return "n"


def mark(text: str, template: Template, file_index: int) -> str:
    """``text`` with a marker before every line that starts outside an action and a ``define``."""
    lines = _lines(text)
    starts = list(accumulate((len(line) for line in lines[:-1]), initial=0))
    closed = _closed_lines(template, starts)
    right_trims = {a.end for a in template.actions if text.startswith("-}}", a.end - 3)}
    out: list[str] = []
    for number, (start, line) in enumerate(zip(starts, lines)):
        if number not in closed:
            out.append(marker(file_index, number, _kind(text, start, line, right_trims)))
        out.append(line)
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines with their ends, split at newlines only (as documents count them; ``splitlines``
    would also split at form feeds and record separators)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _closed_lines(template: Template, starts: list[int]) -> set[int]:
    """Lines that start where a marker would break the template or leak elsewhere: inside an action
    (a multi-line call or comment) and inside a ``define`` (its text is written where it is included)."""
    spans = [(a.start + 1, a.end) for a in template.actions]
    spans += [(a.start, a.partner.end) for a in template.actions if a.keyword == "define" and a.partner is not None]
    closed: set[int] = set()
    for begin, end in spans:
        line = bisect_left(starts, begin)
        while line < len(starts) and starts[line] < end:
            closed.add(line)
            line += 1
    return closed


@dataclass(frozen=True)
class Lines:
    """The plain rendered text of one template and, for each of its rows, the 0-based template line
    that wrote it (None where no marker of this template came before)."""

    text: str
    rows: tuple[int | None, ...]


def strip(marked: str, file_index: int) -> Lines:
    """Undo ``mark`` on the rendered output of the template with ``file_index``."""
    text = ""
    marks: list[tuple[int, int]] = []  # (offset in the stripped text, template line)
    position = 0
    for found in _MARK.finditer(marked):
        text += marked[position : found.start()]
        position = found.end()
        kind, count = found.group(3), int(found.group(4) or 0)
        if kind == "t":
            if count and not text[-count:].strip():
                text = text[:-count]
            marks = [(min(offset, len(text)), line) for offset, line in marks]
        elif marked.startswith("\n", position):
            position += 1
            if kind == "r" and not marked[position : position + count].strip():
                position += count
        if int(found.group(1)) == file_index:  # another template's markers come from its text included here
            marks.append((len(text), int(found.group(2))))
    text += marked[position:]
    return Lines(text, _rows(text, marks))


def _rows(text: str, marks: list[tuple[int, int]]) -> tuple[int | None, ...]:
    rows: list[int | None] = []
    current: int | None = None
    index = 0
    offset = 0
    for line in _lines(text) or [""]:
        while index < len(marks) and marks[index][0] <= offset:
            current = marks[index][1]
            index += 1
        rows.append(current)
        offset += len(line)
    return tuple(rows)


def lines_up(lines: Lines, plain: str) -> bool:
    """The stripped render has the plain render's rows: the same count, and all but a few (a
    checksum of the marked text, say) the same text."""
    ours, theirs = lines.text.splitlines(), plain.splitlines()
    if len(ours) != len(theirs):
        return False
    differing = sum(a != b and _DIGEST.sub("#", a) != _DIGEST.sub("#", b) for a, b in zip(ours, theirs))
    return differing <= max(2, len(ours) // 50)
