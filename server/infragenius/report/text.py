"""Human-readable output: ``path:row:col: CODE [severity] message``."""

from __future__ import annotations

import os
import sys
from collections import Counter

from . import FileResult

_COLOURS = {"error": "31", "warning": "33", "information": "36", "hint": "37"}


def _colour(enabled: bool, code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def render(results: list[FileResult], colour: bool | None = None) -> str:
    if colour is None:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    lines = []
    counts: Counter[str] = Counter()
    fixable = 0
    for result in sorted(results, key=lambda r: r.filename):
        for f in result.findings:
            sev = f.severity.label
            counts[sev] += 1
            fixable += f.fix is not None and f.fix.applicability == "safe"
            where = f"{result.filename}:{f.range.start.line + 1}:{f.range.start.column + 1}"
            mark = " [*]" if f.fix is not None and f.fix.applicability == "safe" else ""
            lines.append(
                f"{_colour(colour, '1', where)}: {_colour(colour, _COLOURS[sev], f.code)}{mark} [{sev}] {f.message}"
            )
    total = sum(counts.values())
    if total:
        detail = ", ".join(f"{n} {sev}" for sev, n in sorted(counts.items()))
        lines.append(f"Found {total} finding{'s' if total != 1 else ''} ({detail}) in {len(results)} file(s).")
        if fixable:
            lines.append(f"[*] {fixable} fixable with `infragenius check --fix`.")
    else:
        lines.append(f"All checks passed ({len(results)} file(s)).")
    return "\n".join(lines) + "\n"
