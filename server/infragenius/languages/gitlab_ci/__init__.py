"""GitLab CI: keyword structure, pipeline semantics (stages, needs, extends, includes), secrets."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .parse import parse


LANGUAGE = LanguageSpec(
    name="gitlab-ci",
    parse=parse,
    rule_modules=("infragenius.languages.gitlab_ci.rules",),
    hover=lazy("infragenius.languages.gitlab_ci.hover", "hover"),
    definition=lazy("infragenius.languages.gitlab_ci.definition", "definition"),
    completion=lazy("infragenius.languages.gitlab_ci.completion", "completion"),
    symbols=lazy("infragenius.languages.gitlab_ci.outline_symbols", "symbols"),
    references=lazy("infragenius.languages.gitlab_ci.references", "references"),
)
