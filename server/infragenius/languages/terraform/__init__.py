"""Terraform analysis: module-aware references, tflint's core checks, checkov/trivy security checks."""

from __future__ import annotations

from ...core.rules import LanguageSpec
from .completion import completion
from .definition import definition
from .parse import parse


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    from .suppress import suppression_scope

    return suppression_scope(model, line, tool)


def _hover(document, model, position):
    from .hover import hover

    return hover(document, model, position)


LANGUAGE = LanguageSpec(
    name="terraform",
    parse=parse,
    rule_modules=("infragenius.languages.terraform.rules",),
    hover=_hover,
    definition=definition,
    completion=completion,
    comment_prefixes=("#", "//"),
    suppression_scope=_suppression_scope,
)
