"""Dockerfile analysis: BuildKit-faithful parsing, hadolint's and BuildKit's checks, fixes."""

from __future__ import annotations

from ...core.rules import LanguageSpec
from .completion import completion
from .definition import definition
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


def _hover(document, model, position):
    from .hover import hover

    return hover(document, model, position)


LANGUAGE = LanguageSpec(
    name="dockerfile",
    parse=parse,
    rule_modules=("infragenius.languages.dockerfile.rules",),
    hover=_hover,
    definition=definition,
    completion=completion,
    suppression_scope=_suppression_scope,
)
