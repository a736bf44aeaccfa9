"""Parse a Dockerfile the way BuildKit does: line-oriented, tolerant, with exact positions.

Why not tree-sitter-dockerfile (checked with tree-sitter-dockerfile 0.2 on broken input):
  * it ignores the ``escape`` directive: with ``# escape=`` + "`" a continued RUN becomes an ERROR node
    and the next instruction is swallowed;
  * an unknown instruction (``FOO bar``) or an unterminated heredoc turns everything up to the end of
    the file into one ERROR node, so nothing after a typo could be analysed;
  * ``RUNN echo hi`` silently parses as a ``run_instruction`` (keywords are matched as prefixes), so the
    typo would never be reported.
Dockerfile syntax is line-based (BuildKit's own parser is a line splitter: continuation = escape
character followed only by spaces/tabs at the end of the line; comment and blank lines inside a
continuation are dropped; heredoc bodies follow the instruction line), so we split it ourselves,
report each problem where it is, and go on with the next instruction. The shell inside RUN is parsed
with tree-sitter-bash (``languages.shell``).
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
from .reparse import Unchanged, unchanged_since

_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$")
_KNOWN_DIRECTIVES = ("syntax", "escape", "check")
# A heredoc is a whole shell word ``[fd]<<[-]NAME`` (BuildKit matches each word, not substrings).
_HEREDOC_WORD = re.compile(r"^[0-9]*<<(-?)([^<]+)$")
_BOM = "\ufeff"
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
        self.unchanged: Unchanged | None = None  # the previous version's instructions to take over

    def error(self, rng: Range, message: str) -> None:
        if self.ctx is not None:
            self.ctx.syntax_error(rng, message)

    # -- top level -----------------------------------------------------------------------------
    def run(self) -> Dockerfile:
        line = self._directives()
        self.unchanged = unchanged_since(self.ctx.previous if self.ctx else None, self.doc, self.escape)
        n = len(self.lines)
        while line < n:
            text = self.lines[line]
            stripped = text.strip().lstrip(_BOM)
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
            m = _DIRECTIVE.match(text.strip().lstrip(_BOM))
            if not m or m.group(1).lower() not in _KNOWN_DIRECTIVES or m.group(1).lower() in self.directives:
                return number
            name, value = m.group(1).lower(), m.group(2)
            col = len(text) - len(text.lstrip().lstrip(_BOM))
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
        taken = self.unchanged.take(first) if self.unchanged is not None else None
        if taken is not None:  # the previous version's, unchanged (reparse.py)
            ins, line = taken
            ins.stage = len(self.stages) if ins.keyword == "FROM" else len(self.stages) - 1
            if ins.keyword == "":
                self.error(ins.keyword_range, f"Unknown instruction: {ins.written}")
            self._attach(ins)
            return line
        logical, segments, line = self._join(first)
        lead = len(logical) - len(logical.lstrip().lstrip(_BOM).lstrip())
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
            # BuildKit: the escape character followed only by spaces/tabs ends a continued line
            # (``\\`` at the end continues too; the escape is not "escaped" there).
            body = text.rstrip(" \t")
            continued = body.endswith(self.escape)
            body = body[:-1] if continued else text
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
            escape=self.escape,
        )
        end = len(logical.rstrip())
        ins.range = ins.span(lead, max(end, lead + 1))
        ins.full_range = ins.range
        ins.exec_form, ins.json_error = _exec_form(ins.args)
        return ins

    def _heredocs(self, ins: Instruction, line: int) -> int:
        """Consume heredoc bodies following the instruction line (``RUN <<EOF ... EOF``), in order."""
        if ins.exec_form is not None:
            return line
        for word in ins.words:
            m = _HEREDOC_WORD.match(word.raw)
            if not m or not word.value.lstrip("0123456789").startswith("<<"):
                continue  # ``"<<EOF"`` quoted as a whole is a plain word
            strip, raw_name = m.group(1) == "-", m.group(2)
            name = word.value.lstrip("0123456789")[2 + len(m.group(1)) :]
            name = re.split(r"[<>|&;()]", name, maxsplit=1)[0]  # ``<<EOF>file``: the name ends at a redirect
            if not name:
                continue
            quoted = any(q in raw_name for q in "\"'")
            line = self._heredoc_body(ins, word.start, word.end, name, strip, quoted, line)
        return line

    def _heredoc_body(
        self, ins: Instruction, start: int, end: int, name: str, strip: bool, quoted: bool, line: int
    ) -> int:
        body_first, body = line, []
        while line < len(self.lines):
            text = self.lines[line]
            candidate = text.lstrip("\t") if strip else text
            if candidate == name:
                break
            body.append(candidate)
            line += 1
        start_off = self.doc.line_start(body_first) if body_first < len(self.lines) else len(self.doc.text)
        body_start = self.doc.position_at(start_off)
        if line >= len(self.lines):
            self.error(ins.span(start, end), f"Unterminated heredoc: missing {name}")
            body_range = Range(body_start, self.doc.position_at(len(self.doc.text)))
            full = body_range
        else:
            body_range = Range(body_start, Range.of(line, 0, line, 0).start)
            full = Range(body_start, Range.of(line, 0, line, len(self.lines[line])).end)
            line += 1
        ins.heredocs.append(Heredoc(name, "\n".join(body), strip, quoted, start, end, body_range, full))
        ins.full_range = Range(ins.range.start, full.end)
        return line

    def _onbuild(self, ins: Instruction) -> Instruction | None:
        """The trigger instruction of ONBUILD, parsed as its own instruction (same positions)."""
        inner_start = ins.args_start
        m = re.match(r"\S+", ins.logical[inner_start:])
        if not m:
            return None
        written = m.group(0)
        # ONBUILD FROM / MAINTAINER / ONBUILD keep their keyword: rule DL3043 reports them precisely.
        keyword = written.upper() if written.upper() in INSTRUCTIONS else ""
        inner = self._build(ins.logical[inner_start:], _shift(ins._segments, inner_start), 0, written, keyword)
        inner.stage = ins.stage
        if keyword == "":
            self.error(inner.keyword_range, f"Invalid ONBUILD trigger: {written}")
        return inner

    def _attach(self, ins: Instruction) -> None:
        self.instructions.append(ins)
        if ins.keyword == "FROM":
            self.stages.append(_stage(len(self.stages), ins))
            words = ins.words
            if not words:
                self.error(ins.keyword_range, "FROM requires an image")
            elif len(words) == 2 or len(words) > 3 or (len(words) == 3 and words[1].value.lower() != "as"):
                rng = ins.span(words[1].start, words[-1].end)
                self.error(rng, "FROM takes an image and optionally AS <name>: FROM image [AS name]")
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
    except (ValueError, RecursionError):  # absurdly deep nesting is not a command
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


__all__ = ["Word", "parse"]
