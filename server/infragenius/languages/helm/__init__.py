"""Helm charts: template-aware diagnostics (block balance, includes, .Values paths, functions),
Chart.yaml checks, and the Kubernetes rules on the chart rendered by Helm's own Go SDK."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .parse import parse


LANGUAGE = LanguageSpec(
    name="helm",
    parse=parse,
    rule_modules=("infragenius.languages.helm.rules",),
    hover=lazy("infragenius.languages.helm.hover", "hover"),
    definition=lazy("infragenius.languages.helm.definition", "definition"),
    completion=lazy("infragenius.languages.helm.completion", "completion"),
    symbols=lazy("infragenius.languages.helm.outline_symbols", "symbols"),
    references=lazy("infragenius.languages.helm.references", "references"),
    comment_prefixes=("#", "{{/*"),
    reports_for=("kubernetes",),
)
