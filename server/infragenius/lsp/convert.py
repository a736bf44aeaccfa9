"""Positions and findings between the core's model and LSP's wire types.

The core counts columns in Unicode code points; LSP counts them in the position encoding negotiated at
``initialize`` (UTF-16 unless the client offers something else, Neovim for one prefers UTF-8). Every
range that crosses the wire goes through ``Positions`` so the conversion happens in one place.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types as lsp

from ..core.document import Document, Position, Range
from ..core.findings import Edit, Finding, Fix

SOURCE = "infragenius"


class Positions:
    """Converts positions of one document between code points and the negotiated encoding."""

    def __init__(self, document: Document, encoding: str = "utf-16") -> None:
        self.document = document
        self.encoding = str(encoding or "utf-16").lower()

    # -- core -> LSP ---------------------------------------------------------------------------
    def to_lsp(self, pos: Position) -> lsp.Position:
        doc = self.document
        if self.encoding == "utf-16":
            line, column = doc.to_utf16(pos)
        elif self.encoding == "utf-8":
            line, column = pos.line, len(doc.line_text(pos.line)[: pos.column].encode("utf-8", "surrogatepass"))
        else:
            line, column = pos
        return lsp.Position(line=max(line, 0), character=max(column, 0))

    def range_to_lsp(self, rng: Range) -> lsp.Range:
        return lsp.Range(start=self.to_lsp(rng.start), end=self.to_lsp(rng.end))

    # -- LSP -> core ---------------------------------------------------------------------------
    def from_lsp(self, pos: lsp.Position) -> Position:
        doc = self.document
        core = Position(pos.line, pos.character)
        if self.encoding == "utf-16":
            return doc.from_utf16(core)
        if self.encoding == "utf-8":
            text = doc.line_text(pos.line)
            used = 0
            for index, ch in enumerate(text):
                if used >= pos.character:
                    return Position(pos.line, index)
                used += len(ch.encode("utf-8", "surrogatepass"))
            return Position(pos.line, len(text))
        return Position(pos.line, min(pos.character, len(doc.line_text(pos.line))))

    def range_from_lsp(self, rng: lsp.Range) -> Range:
        return Range(self.from_lsp(rng.start), self.from_lsp(rng.end))


# -- findings -> diagnostics ---------------------------------------------------------------------
_TAGS = {"deprecated": lsp.DiagnosticTag.Deprecated, "unused": lsp.DiagnosticTag.Unnecessary}


def diagnostic(finding: Finding, positions: Positions, rule_tags: tuple[str, ...] = ()) -> lsp.Diagnostic:
    related = [
        lsp.DiagnosticRelatedInformation(location=_related_location(r, positions), message=r.message)
        for r in finding.related
    ]
    data: dict[str, Any] = {"version": positions.document.version}
    if finding.fix is not None:
        data["fix"] = fix_to_data(finding.fix)
    return lsp.Diagnostic(
        range=positions.range_to_lsp(finding.range),
        message=finding.message,
        severity=lsp.DiagnosticSeverity(int(finding.severity)),
        code=finding.code,
        code_description=lsp.CodeDescription(href=finding.url) if finding.url else None,
        source=finding.source or SOURCE,
        related_information=related or None,
        tags=[_TAGS[t] for t in rule_tags if t in _TAGS] or None,
        data=data,
    )


def _related_location(related, positions: Positions) -> lsp.Location:
    if related.uri is None or related.uri == positions.document.uri:
        return lsp.Location(uri=positions.document.uri, range=positions.range_to_lsp(related.range))
    # another file, whose text is not at hand: code points stand for UTF-16 units (exact for ASCII)
    start, end = related.range
    return lsp.Location(
        uri=related.uri,
        range=lsp.Range(lsp.Position(start.line, start.column), lsp.Position(end.line, end.column)),
    )


def fix_to_data(fix: Fix) -> dict[str, Any]:
    """A fix as plain JSON (code-point ranges) so that it survives the round trip through the client."""
    return {
        "title": fix.title,
        "applicability": fix.applicability,
        "edits": [[*e.range.start, *e.range.end, e.new_text] for e in fix.edits],
    }


def fix_from_data(data: Any) -> Fix | None:
    """The fix carried in a diagnostic's ``data``; None when absent or malformed."""
    try:
        raw = data["fix"]
        edits = tuple(Edit(Range.of(int(a), int(b), int(c), int(d)), str(text)) for a, b, c, d, text in raw["edits"])
        applicability = "safe" if raw.get("applicability") == "safe" else "unsafe"
        return Fix(str(raw["title"]), edits, applicability)
    except (KeyError, TypeError, ValueError):
        return None


def text_edits(edits, positions: Positions) -> list[lsp.TextEdit]:
    return [lsp.TextEdit(range=positions.range_to_lsp(e.range), new_text=e.new_text) for e in edits]


def workspace_edit(document: Document, edits: list[lsp.TextEdit], document_changes: bool) -> lsp.WorkspaceEdit:
    """Versioned edits when the client supports them, so an edit made for an older text is refused."""
    if document_changes:
        identifier = lsp.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=identifier, edits=edits)])
    return lsp.WorkspaceEdit(changes={document.uri: edits})


def compatible_fixes(fixes: list[Fix], document: Document) -> list[Edit]:
    """The edits of as many whole fixes as fit together: a fix that overlaps one taken earlier (in
    document order) is left out entirely, as LSP forbids overlapping edits and half a fix is wrong."""

    def span(edit: Edit) -> tuple[int, int]:
        return document.offset_at(edit.range.start), document.offset_at(edit.range.end)

    def clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1] or a[0] == b[0]

    taken: list[tuple[int, int]] = []
    edits: list[Edit] = []
    for fix in sorted((f for f in fixes if f.edits), key=lambda f: min(span(e) for e in f.edits)):
        spans = [span(e) for e in fix.edits]
        if any(clash(a, b) for a in spans for b in taken):
            continue
        taken += spans
        edits += fix.edits
    return edits
