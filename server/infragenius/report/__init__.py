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


def render(fmt: str, results: list[FileResult]) -> str:
    from importlib import import_module

    module = import_module(f"{__name__}.{fmt}")
    return module.render(results)
