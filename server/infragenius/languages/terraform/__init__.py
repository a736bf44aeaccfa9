"""Terraform analysis: module-aware references, tflint's core checks, checkov/trivy security checks."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .parse import parse


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    from .suppress import suppression_scope

    return suppression_scope(model, line, tool)


LANGUAGE = LanguageSpec(
    name="terraform",
    parse=parse,
    rule_modules=("infragenius.languages.terraform.rules",),
    hover=lazy("infragenius.languages.terraform.hover", "hover"),
    definition=lazy("infragenius.languages.terraform.definition", "definition"),
    completion=lazy("infragenius.languages.terraform.completion", "completion"),
    symbols=lazy("infragenius.languages.terraform.outline_symbols", "symbols"),
    references=lazy("infragenius.languages.terraform.references", "references"),
    comment_prefixes=("#", "//"),
    suppression_scope=_suppression_scope,
)
