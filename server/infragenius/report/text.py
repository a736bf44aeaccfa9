"""Human-readable output: ``path:row:col: CODE [severity] message``."""

from __future__ import annotations

import os
import sys
from collections import Counter

from . import FileResult

_ORDER = ["error", "warning", "information", "hint"]
_COLOURS = {"error": "31", "warning": "33", "information": "36", "hint": "37"}


def _colour(enabled: bool, code: str, text: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _count(n: int, severity: str) -> str:
    return f"{n} {severity}{'s' if n != 1 and severity != 'information' else ''}"


def render(results: list[FileResult], colour: bool | None = None) -> str:
    if colour is None:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    lines = []
    counts: Counter[str] = Counter()
    fixable = 0
    fixed = sum(r.fixed for r in results)
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
    if fixed:
        lines.append(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.")
    if total:
        detail = ", ".join(_count(counts[sev], sev) for sev in _ORDER if counts[sev])
        lines.append(f"Found {total} finding{'s' if total != 1 else ''} ({detail}) in {len(results)} file(s).")
        if fixable:
            lines.append(f"[*] {fixable} fixable with `infragenius check --fix`.")
    else:
        lines.append(f"All checks passed ({len(results)} file(s)).")
    baselined = sum(r.baselined for r in results)
    if baselined:
        lines.append(f"{baselined} baselined finding{'s' if baselined != 1 else ''} not shown.")
    return "\n".join(lines) + "\n"
