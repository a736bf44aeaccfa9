"""GitHub Actions workflows and action metadata: structure, jobs, expressions, security."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .parse import parse


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    from ..yaml.suppress import pragma_scope

    return pragma_scope(model.stream if model is not None else None, line)


LANGUAGE = LanguageSpec(
    name="github-actions",
    parse=parse,
    rule_modules=("infragenius.languages.github_actions.rules",),
    hover=lazy("infragenius.languages.github_actions.hover", "hover"),
    suppression_scope=_suppression_scope,
    definition=lazy("infragenius.languages.github_actions.definition", "definition"),
    completion=lazy("infragenius.languages.github_actions.completion", "completion"),
    symbols=lazy("infragenius.languages.github_actions.outline_symbols", "symbols"),
    references=lazy("infragenius.languages.github_actions.references", "references"),
)
