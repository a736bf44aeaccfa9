"""Helm charts: template-aware diagnostics (block balance, includes, .Values paths, functions),
Chart.yaml checks, and the Kubernetes rules on the chart rendered by Helm's own Go SDK."""

from __future__ import annotations

from ...core.rules import LanguageSpec
from .completion import completion
from .definition import definition
from .parse import parse


def _hover(document, model, position):
    from .hover import hover

    return hover(document, model, position)


LANGUAGE = LanguageSpec(
    name="helm",
    parse=parse,
    rule_modules=("infragenius.languages.helm.rules",),
    hover=_hover,
    definition=definition,
    completion=completion,
    comment_prefixes=("#", "{{/*"),
    reports_for=("kubernetes",),
)
