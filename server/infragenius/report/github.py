"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding.

Escaping follows the Actions toolkit (``@actions/core`` ``command.ts``): in the message ``%``, CR and
LF are percent-encoded; property values additionally encode ``:`` and ``,``.
"""

from __future__ import annotations

from ..core.findings import Severity
from . import FileResult

_COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(result: FileResult, f) -> str:
    s, e = f.range
    props = {
        "file": result.filename,
        "line": s.line + 1,
        "col": s.column + 1,
        "endLine": e.line + 1,
        "endColumn": e.column + 1,
        "title": f.code,
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
    return f"::{_COMMANDS[Severity(f.severity)]} {joined}::{escape_data(f.message)}"


def render(results: list[FileResult]) -> str:
    lines = [annotation(r, f) for r in sorted(results, key=lambda r: r.filename) for f in r.findings]
    return "".join(line + "\n" for line in lines)
