"""Renderers for CLI output: text, json, sarif, github annotations."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.document import Document
from ..core.findings import Finding


@dataclass
class FileResult:
    """Findings of one file, with the name to print (relative to the working directory)."""

    filename: str
    document: Document
    findings: list[Finding]
    fixed: int = 0  # findings removed by --fix
    baselined: int = 0  # findings left out because the baseline records them (--baseline)


def render(fmt: str, results: list[FileResult]) -> str:
    """``results`` in one of the formats of ``infragenius check --format``. Only the format asked for
    is imported (a run prints one), inside the function: the renderers import ``FileResult`` from here."""
    if fmt == "text":
        from . import text

        return text.render(results)
    if fmt == "json":
        from . import json

        return json.render(results)
    if fmt == "sarif":
        from . import sarif

        return sarif.render(results)
    if fmt == "github":
        from . import github

        return github.render(results)
    raise ValueError(f"unknown output format {fmt!r}")
