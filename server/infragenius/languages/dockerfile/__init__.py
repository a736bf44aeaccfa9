"""Dockerfile analysis: BuildKit-faithful parsing, hadolint's and BuildKit's checks, fixes."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .model import Dockerfile
from .parse import parse


def _suppression_scope(model: Dockerfile | None, line: int, tool: str) -> tuple[int, int] | None:
    """A pragma alone on its line covers the whole next instruction (hadolint's behaviour)."""
    if model is None:
        return None
    for ins in model.instructions:
        if ins.range.start.line > line:
            return ins.full_range.start.line, ins.full_range.end.line
        if ins.range.start.line <= line <= ins.full_range.end.line:
            return line, line  # a trailing comment: this line only
    return None


LANGUAGE = LanguageSpec(
    name="dockerfile",
    parse=parse,
    rule_modules=("infragenius.languages.dockerfile.rules",),
    hover=lazy("infragenius.languages.dockerfile.hover", "hover"),
    definition=lazy("infragenius.languages.dockerfile.definition", "definition"),
    completion=lazy("infragenius.languages.dockerfile.completion", "completion"),
    symbols=lazy("infragenius.languages.dockerfile.outline_symbols", "symbols"),
    references=lazy("infragenius.languages.dockerfile.references", "references"),
    suppression_scope=_suppression_scope,
)
