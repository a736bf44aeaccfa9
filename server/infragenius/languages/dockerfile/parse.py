"""Parse a Dockerfile the way BuildKit does: line-oriented, tolerant, with exact positions.

Why not tree-sitter-dockerfile: its grammar ignores the ``escape`` directive, and one unknown or
malformed instruction turns the rest of the file into a single ERROR node, so nothing after a typo
could be analysed. Dockerfile syntax is line-based (BuildKit's own parser is a line splitter), so we
split it ourselves, report each problem where it is, and go on with the next instruction. The shell
inside RUN is parsed with tree-sitter-bash (``languages.shell``).
"""

from __future__ import annotations

import json
import re

from ...core.context import Context
from ...core.document import Document, Range
from .lexer import split_words
from .model import (
    INSTRUCTIONS,
    Comment,
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    Stage,
    Word,
)

_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$")
_KNOWN_DIRECTIVES = ("syntax", "escape", "check")
_HEREDOC = re.compile(r"<<(-?)(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_KEYWORDS = ("RUN", "COPY", "ADD")
_FLAG_KEYWORDS = ("FROM", "RUN", "COPY", "ADD", "HEALTHCHECK")


def parse(document: Document, ctx: Context | None = None) -> Dockerfile:
    return _Parser(document, ctx).run()


class _Parser:
    def __init__(self, document: Document, ctx: Context | None):
        self.doc = document
        self.ctx = ctx
        self.lines = document.lines
        self.escape = "\\"
        self.directives: dict[str, Directive] = {}
        self.comments: list[Comment] = []
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []

    def error(self, rng: Range, message: str) -> None:
        if self.ctx is not None:
            self.ctx.syntax_error(rng, message)

    # -- top level -----------------------------------------------------------------------------
    def run(self) -> Dockerfile:
        line = self._directives()
        n = len(self.lines)
        while line < n:
            text = self.lines[line]
            stripped = text.strip()
            if not stripped:
                line += 1
            elif stripped.startswith("#"):
                self.comments.append(Comment(line, stripped[1:]))
                line += 1
            else:
                line = self._instruction(line)
        return Dockerfile(self.doc, self.escape, self.directives, self.instructions, self.stages, self.comments)

    def _directives(self) -> int:
        """Parser directives: ``# name=value`` comments before anything else."""
        for number, text in enumerate(self.lines):
            m = _DIRECTIVE.match(text.strip())
            if not m or m.group(1).lower() not in _KNOWN_DIRECTIVES or m.group(1).lower() in self.directives:
                return number
            name, value = m.group(1).lower(), m.group(2)
            col = len(text) - len(text.lstrip())
            rng = Range.of(number, col, number, len(text.rstrip()))
            self.directives[name] = Directive(name, value, rng)
            if name == "escape":
                if value in ("\\", "`"):
                    self.escape = value
                else:
                    self.error(rng, f"Invalid escape directive {value!r}: use '\\' or '`'")
            self.comments.append(Comment(number, text.strip()[1:]))
        return len(self.lines)

    # -- one instruction -----------------------------------------------------------------------
    def _instruction(self, first: int) -> int:
        logical, segments, line = self._join(first)
        lead = len(logical) - len(logical.lstrip())
        m = re.match(r"\S+", logical[lead:])
        written = m.group(0) if m else ""
        keyword = written.upper() if written.upper() in INSTRUCTIONS else ""
        ins = self._build(logical, segments, lead, written, keyword)
        if keyword == "":
            self.error(ins.keyword_range, f"Unknown instruction: {written}")
        elif keyword in _HEREDOC_KEYWORDS:
            line = self._heredocs(ins, line)
        if keyword == "ONBUILD":
            ins.onbuild = self._onbuild(ins)
        self._attach(ins)
        return line

    def _join(self, first: int) -> tuple[str, list[tuple[int, int]], int]:
        """Join continuation lines. Returns the logical text, its segment map and the next line."""
        parts: list[str] = []
        segments: list[tuple[int, int]] = []
        length = 0
        line, n = first, len(self.lines)
        while line < n:
            text = self.lines[line]
            if line != first and (not text.strip() or text.lstrip().startswith("#")):
                line += 1  # comments and empty lines inside a continuation are dropped
                continue
            body = text.rstrip()
            continued = body.endswith(self.escape) and not body.endswith(self.escape * 2) or (
                body.endswith(self.escape * 2) and self.escape == "`"
            )
            if continued:
                body = body[:-1]
            else:
                body = text
            segments.append((length, self.doc.line_start(line)))
            parts.append(body)
            length += len(body)
            line += 1
            if not continued:
                break
        return "".join(parts), segments, line

    def _build(self, logical: str, segments, lead: int, written: str, keyword: str) -> Instruction:
        pos = lead + len(written)
        flags: list[Flag] = []
        if keyword in _FLAG_KEYWORDS:
            for value, raw, start, end in split_words(logical[pos:], self.escape):
                if not raw.startswith("--"):
                    break
                name, eq, flag_value = value[2:].partition("=")
                flags.append(Flag(name.lower(), flag_value if eq else None, pos + start, pos + end))
        args_start = flags[-1].end if flags else pos
        while args_start < len(logical) and logical[args_start].isspace():
            args_start += 1
        stage = len(self.stages) - 1 if keyword != "FROM" else len(self.stages)
        ins = Instruction(
            keyword=keyword,
            written=written,
            logical=logical,
            args_start=args_start,
            flags=flags,
            heredocs=[],
            range=Range.of(0, 0, 0, 0),
            full_range=Range.of(0, 0, 0, 0),
            stage=stage,
            _segments=segments,
            _doc=self.doc,
        )
        end = len(logical.rstrip())
        ins.range = ins.span(lead, max(end, lead + 1))
        ins.full_range = ins.range
        ins.exec_form, ins.json_error = _exec_form(ins.args)
        return ins

    def _heredocs(self, ins: Instruction, line: int) -> int:
        """Consume heredoc bodies following the instruction line (``RUN <<EOF ... EOF``)."""
        if ins.exec_form is not None:
            return line
        for m in _HEREDOC.finditer(ins.args):
            strip, quote, name = m.group(1) == "-", m.group(2), m.group(3)
            body_first, body = line, []
            while line < len(self.lines):
                text = self.lines[line]
                candidate = text.lstrip("\t") if strip else text
                if candidate.rstrip("\r") == name:
                    break
                body.append(candidate)
                line += 1
            start = self.doc.line_start(body_first) if body_first < len(self.lines) else len(self.doc.text)
            if line >= len(self.lines):
                end_pos = self.doc.position_at(len(self.doc.text))
                self.error(ins.span(ins.args_start + m.start(), ins.args_start + m.end()), f"Unterminated heredoc: missing {name}")
                body_range = Range(self.doc.position_at(start), end_pos)
                full = body_range
            else:
                body_range = Range(self.doc.position_at(start), Range.of(line, 0, line, 0).start)
                full = Range(body_range.start, Range.of(line, 0, line, len(self.lines[line])).end)
                line += 1
            ins.heredocs.append(
                Heredoc(name, "\n".join(body), strip, bool(quote), ins.args_start + m.start(), ins.args_start + m.end(), body_range, full)
            )
            ins.full_range = Range(ins.range.start, full.end)
        return line

    def _onbuild(self, ins: Instruction) -> Instruction | None:
        """The trigger instruction of ONBUILD, parsed as its own instruction (same positions)."""
        inner_start = ins.args_start
        m = re.match(r"\S+", ins.logical[inner_start:])
        if not m:
            return None
        written = m.group(0)
        keyword = written.upper() if written.upper() in INSTRUCTIONS - {"ONBUILD", "FROM", "MAINTAINER"} else ""
        inner = self._build(ins.logical[inner_start:], _shift(ins._segments, inner_start), 0, written, keyword)
        inner.stage = ins.stage
        if keyword == "":
            self.error(inner.keyword_range, f"Invalid ONBUILD trigger: {written}")
        return inner

    def _attach(self, ins: Instruction) -> None:
        self.instructions.append(ins)
        if ins.keyword == "FROM":
            self.stages.append(_stage(len(self.stages), ins))
            if not ins.args.strip():
                self.error(ins.keyword_range, "FROM requires an image")
        elif ins.stage >= 0:
            self.stages[ins.stage].instructions.append(ins)


def _shift(segments: list[tuple[int, int]], by: int) -> list[tuple[int, int]]:
    """Segment map for the logical text starting at ``by``."""
    out = []
    for i, (lg, doc) in enumerate(segments):
        next_lg = segments[i + 1][0] if i + 1 < len(segments) else None
        if next_lg is not None and next_lg <= by:
            continue
        if lg <= by:
            out.append((0, doc + (by - lg)))
        else:
            out.append((lg - by, doc))
    return out or [(0, segments[-1][1])]


def _exec_form(args: str) -> tuple[list[str] | None, bool]:
    text = args.strip()
    if not text.startswith("["):
        return None, False
    try:
        value = json.loads(text)
    except ValueError:
        return None, True
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value, False
    return None, True


def _stage(index: int, ins: Instruction) -> Stage:
    words = ins.words
    image = words[0] if words else None
    as_word = words[1] if len(words) >= 2 and words[1].value.lower() == "as" else None
    name = words[2] if as_word is not None and len(words) >= 3 else None
    return Stage(
        index=index,
        instruction=ins,
        image=image.value if image else "",
        image_word=image,
        name=name.value if name else None,
        name_word=name,
        as_word=as_word,
        platform=ins.flag("platform"),
    )


__all__ = ["parse", "Word"]
