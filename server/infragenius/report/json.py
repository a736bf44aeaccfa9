"""The JSON contract (ARCHITECTURE.md "CLI contract"): rows and columns are 1-based code points."""

from __future__ import annotations

import json

from ..core.document import Position
from . import FileResult


def location(pos: Position) -> dict:
    return {"row": pos.line + 1, "column": pos.column + 1}


def finding_dict(result: FileResult, f) -> dict:
    fix = None
    if f.fix is not None:
        fix = {
            "applicability": f.fix.applicability,
            "message": f.fix.title,
            "edits": [
                {"content": e.new_text, "location": location(e.range.start), "end_location": location(e.range.end)}
                for e in f.fix.edits
            ],
        }
    return {
        "code": f.code,
        "aliases": list(f.aliases),
        "severity": f.severity.label,
        "message": f.message,
        "filename": result.filename,
        "location": location(f.range.start),
        "end_location": location(f.range.end),
        "fix": fix,
        "url": f.url,
    }


def render(results: list[FileResult]) -> str:
    rows = [finding_dict(r, f) for r in sorted(results, key=lambda r: r.filename) for f in r.findings]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
