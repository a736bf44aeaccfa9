"""GitLab CI: keyword structure, pipeline semantics (stages, needs, extends, includes), secrets."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .parse import parse


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    from ..yaml.suppress import pragma_scope

    return pragma_scope(model.stream if model is not None else None, line)


LANGUAGE = LanguageSpec(
    name="gitlab-ci",
    parse=parse,
    rule_modules=("infragenius.languages.gitlab_ci.rules",),
    suppression_scope=_suppression_scope,
    hover=lazy("infragenius.languages.gitlab_ci.hover", "hover"),
    definition=lazy("infragenius.languages.gitlab_ci.definition", "definition"),
    completion=lazy("infragenius.languages.gitlab_ci.completion", "completion"),
    symbols=lazy("infragenius.languages.gitlab_ci.outline_symbols", "symbols"),
    references=lazy("infragenius.languages.gitlab_ci.references", "references"),
)
