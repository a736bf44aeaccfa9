"""The Dockerfile model: instructions, flags, heredocs, stages, with exact document positions.

An instruction's *logical* text is what BuildKit sees: physical lines joined, the escape character
and newline of each continuation removed, comment lines inside a continuation dropped. Every index
into the logical text maps back to a document offset through ``Instruction.offset``.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field

from ...core.document import Document, Range

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')

INSTRUCTIONS = frozenset(
    [
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    ]
)


@dataclass
class Flag:
    name: str  # without the leading dashes, lower-cased
    value: str | None
    start: int  # logical offsets of the whole ``--name=value``
    end: int


@dataclass
class Heredoc:
    name: str
    body: str
    strip_tabs: bool  # ``<<-EOF``
    quoted: bool  # ``<<"EOF"``: no variable expansion in the body
    marker_start: int  # logical offsets of ``<<EOF`` in the instruction line
    marker_end: int
    body_range: Range  # document range of the body lines (without the terminator)
    range: Range  # document range from the first body line to the terminator


@dataclass
class Word:
    """A whitespace-separated argument with quotes removed (``value``) and its logical span."""

    value: str
    raw: str
    start: int
    end: int


@dataclass
class Instruction:
    keyword: str  # upper-case; "" for an unknown keyword
    written: str  # the keyword as written (for casing rules)
    logical: str  # the whole instruction as BuildKit sees it
    args_start: int  # logical offset where the arguments start (after flags)
    flags: list[Flag]
    heredocs: list[Heredoc]
    range: Range  # document range: keyword to end of the last continuation (heredocs excluded)
    full_range: Range  # including heredoc bodies
    stage: int  # index of the stage; -1 for instructions before the first FROM
    _segments: list[tuple[int, int]] = field(repr=False, default_factory=list)  # (logical, doc offset)
    _doc: Document | None = field(repr=False, default=None)
    exec_form: list[str] | None = None
    json_error: bool = False  # looks like JSON (starts with "[") but does not parse
    onbuild: Instruction | None = None
    escape: str = "\\"  # the file's escape character (``# escape=`` directive)
    _words: list[Word] | None = field(repr=False, default=None, compare=False)

    # -- text ----------------------------------------------------------------------------------
    @property
    def line(self) -> int:
        return self.range.start.line

    @property
    def args(self) -> str:
        """The arguments after the keyword and flags, as one logical line."""
        return self.logical[self.args_start :]

    @property
    def words(self) -> list[Word]:
        from .lexer import split_words

        if self._words is None:
            words = split_words(self.args, self.escape)
            self._words = [Word(v, r, s + self.args_start, e + self.args_start) for v, r, s, e in words]
        return list(self._words)

    def arguments(self) -> list[Word]:
        """The arguments as words: JSON array items in exec form (raw = the quoted JSON string),
        otherwise the whitespace-separated words. Heredoc markers are words (``<<EOF``)."""
        if self.exec_form is None:
            return self.words
        out = []
        for m in _JSON_STRING.finditer(self.args):
            try:
                value = json.loads(m.group(0))
            except ValueError:
                continue
            out.append(Word(value, m.group(0), self.args_start + m.start(), self.args_start + m.end()))
        return out

    def flag(self, name: str) -> Flag | None:
        return next((f for f in self.flags if f.name == name), None)

    @property
    def is_shell_form(self) -> bool:
        return self.exec_form is None

    # -- positions -----------------------------------------------------------------------------
    def offset(self, logical: int) -> int:
        """Document offset of a logical offset."""
        starts = [seg[0] for seg in self._segments]
        i = max(bisect.bisect_right(starts, logical) - 1, 0)
        seg_logical, seg_doc = self._segments[i]
        return seg_doc + (logical - seg_logical)

    def logical_at(self, doc_offset: int) -> int | None:
        """Logical offset of a document offset inside this instruction's lines (None outside them,
        e.g. on a dropped comment line or the escape character of a continuation)."""
        for i, (seg_logical, seg_doc) in enumerate(self._segments):
            seg_len = (self._segments[i + 1][0] if i + 1 < len(self._segments) else len(self.logical)) - seg_logical
            if seg_doc <= doc_offset <= seg_doc + seg_len:
                return seg_logical + (doc_offset - seg_doc)
        return None

    def span(self, start: int, end: int) -> Range:
        """Document range of the logical span [start, end)."""
        assert self._doc is not None
        if end <= start:
            return self._doc.range_of(self.offset(start), self.offset(start))
        return self._doc.range_of(self.offset(start), self.offset(end - 1) + 1)

    @property
    def keyword_range(self) -> Range:
        lead = len(self.logical) - len(self.logical.lstrip().lstrip("\ufeff").lstrip())
        return self.span(lead, lead + len(self.written))

    @property
    def args_range(self) -> Range:
        end = len(self.logical.rstrip())
        return self.span(self.args_start, max(end, self.args_start))

    def flag_range(self, flag: Flag) -> Range:
        return self.span(flag.start, flag.end)

    def word_range(self, word: Word) -> Range:
        return self.span(word.start, word.end)


@dataclass
class Stage:
    index: int
    instruction: Instruction  # the FROM
    image: str  # as written, e.g. "ubuntu:22.04" or "${BASE}"
    image_word: Word | None
    name: str | None  # the alias after AS, as written
    name_word: Word | None
    as_word: Word | None
    platform: Flag | None
    instructions: list[Instruction] = field(default_factory=list)

    @property
    def name_lower(self) -> str | None:
        return self.name.lower() if self.name else None


@dataclass
class Directive:
    name: str
    value: str
    range: Range


@dataclass
class Comment:
    line: int
    text: str  # without the leading '#'


@dataclass
class Dockerfile:
    document: Document
    escape: str
    directives: dict[str, Directive]
    instructions: list[Instruction]
    stages: list[Stage]
    comments: list[Comment]
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # derived data shared by rules

    @property
    def global_args(self) -> list[Instruction]:
        return [i for i in self.instructions if i.stage == -1 and i.keyword == "ARG"]

    def instruction_at(self, line: int) -> Instruction | None:
        for ins in self.instructions:
            if ins.full_range.start.line <= line <= ins.full_range.end.line:
                return ins
        return None

    def stage_named(self, name: str) -> Stage | None:
        name = name.lower()
        return next((s for s in self.stages if s.name_lower == name), None)
