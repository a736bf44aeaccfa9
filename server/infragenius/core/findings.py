"""What rules report: findings, their fixes and text edits."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Literal

from .document import Range, lines_down

Applicability = Literal["safe", "unsafe"]


class Severity(IntEnum):
    """Ordered like LSP's DiagnosticSeverity: lower is more severe."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        value = value.strip().lower()
        aliases = {"info": "information", "warn": "warning", "note": "information"}
        value = aliases.get(value, value)
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning, information or hint)") from None


@dataclass(frozen=True)
class Edit:
    range: Range
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"


@dataclass(frozen=True)
class Related:
    range: Range
    message: str
    uri: str | None = None  # another file's (a chart's values.yaml); None: the finding's own file


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    range: Range
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    aliases: tuple[str, ...] = ()
    url: str | None = None
    source: str = "infragenius"
    data: dict = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes) -> Finding:
        return replace(self, **changes)

    @property
    def sort_key(self) -> tuple:
        return (self.range.start, self.range.end, self.code)


def moved(finding: Finding, lines: int) -> Finding:
    """The finding ``lines`` lines further down (up when negative), its fix and related places with it:
    a finding reused for text that an edit moved without changing it."""
    if not lines:
        return finding
    root, before = origin(finding)
    # copies built directly rather than with dataclasses.replace (~4x slower; a 500-line file moves
    # hundreds of findings and their fixes per keystroke): the fields stay valid, only places move
    copy = object.__new__(Finding)
    fields = copy.__dict__
    fields.update(finding.__dict__)
    fields["range"] = lines_down(finding.range, lines)
    fix = finding.fix
    if fix is not None:
        edits = tuple(Edit(lines_down(edit.range, lines), edit.new_text) for edit in fix.edits)
        fields["fix"] = Fix(fix.title, edits, fix.applicability)
    if finding.related:
        fields["related"] = tuple(Related(lines_down(r.range, lines), r.message, r.uri) for r in finding.related)
    fields[_ORIGIN] = (root, before + lines)
    return copy


def origin(finding: Finding) -> tuple[Finding, int]:
    """The finding that ``finding`` is a moved copy of (itself when it is none) and how many lines
    down it moved since: the language server shifts that one's converted diagnostic by those lines
    instead of converting the copy again (``lsp/wire.py``)."""
    return finding.__dict__.get(_ORIGIN) or (finding, 0)


# where moved() notes a copy's origin: not a field, so equality, hashing and replace() ignore it
_ORIGIN = "_moved_from"


def on_lines(finding: Finding, first: int, last: int) -> bool:
    """Every place of the finding (range, fix edits, related places) is in this file, on lines
    ``first`` to ``last``: only such a finding moves with those lines."""
    ranges = [finding.range, *(edit.range for edit in (finding.fix.edits if finding.fix else ()))]
    for related in finding.related:
        if related.uri is not None:
            return False
        ranges.append(related.range)
    return all(first <= r.start.line and r.end.line <= last for r in ranges)


def apply_edits(text: str, edits, document) -> str:
    """Apply non-overlapping edits (positions in ``document``) to ``text``; later edits first."""
    spans = sorted(
        ((document.offset_at(e.range.start), document.offset_at(e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    last_start = None
    for start, end, new in spans:
        if last_start is not None and end > last_start:
            continue  # overlapping edit: skip it rather than corrupt the text
        text = text[:start] + new + text[end:]
        last_start = start
    return text
