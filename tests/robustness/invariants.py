"""Properties every analysis must have, whatever the input: used by the robustness and corpus tests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from infragenius.core.document import Document, Range, decode
from infragenius.core.engine import Analysis


def range_problem(document: Document, rng: Range) -> str | None:
    """Why ``rng`` is not a valid range of ``document`` (None when it is)."""
    start, end = rng
    if start > end:
        return f"start {tuple(start)} after end {tuple(end)}"
    for name, pos in (("start", start), ("end", end)):
        if pos.line < 0 or pos.column < 0:
            return f"{name} {tuple(pos)} is negative"
        if pos.line >= document.line_count:
            return f"{name} line {pos.line} past the last line {document.line_count - 1}"
        if pos.column > len(document.line_text(pos.line)):
            return f"{name} column {pos.column} past the end of line {pos.line} ({len(document.line_text(pos.line))} chars)"
    return None


def analysis_problems(analysis: Analysis) -> list[str]:
    """Crashes (IG002, crashed rules) and out-of-document ranges, fixes and related ranges included."""
    document = analysis.document
    problems = [f"rule {code} crashed" for code in analysis.rule_errors]
    for f in analysis.findings:
        if f.code == "IG002":
            problems.append("IG002: the parser crashed")
        ranges = [("range", f.range, document)]
        ranges += [("related", r.range, _document_of(r.uri) if r.uri else document) for r in f.related]
        if f.fix is not None:
            ranges += [("fix edit", e.range, document) for e in f.fix.edits]
        for what, rng, doc in ranges:
            why = range_problem(doc, rng)
            if why:
                problems.append(f"{f.code} {what} {tuple(map(tuple, rng))}: {why}")
    return problems


def _document_of(uri: str) -> Document:
    """The file a related location names (a chart's values.yaml, or the template a values finding came from)."""
    path = Path(unquote(urlparse(uri).path))
    return Document(uri=uri, text=decode(path.read_bytes()), language=None, path=path)


def signature(analysis: Analysis) -> list[tuple]:
    """What must be identical when the same text is analysed twice."""
    return [(f.code, f.range, f.message, f.severity, f.fix, f.related) for f in analysis.findings]
