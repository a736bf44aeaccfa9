"""GitHub Actions workflows and action metadata: structure, jobs, expressions, security."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .parse import parse


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    """A pragma alone on its line covers the key or step that starts on the next code line (a whole
    ``run: |`` script, a whole step); a trailing pragma covers its own line."""
    from ..yaml import construct_span

    if model is None:
        return None
    document = model.document
    if not document.line_text(line).lstrip().startswith("#"):
        return line, line
    target = line + 1
    while target < document.line_count and (not document.line_text(target).strip() or document.line_text(target).lstrip().startswith("#")):
        target += 1
    for yaml_doc in model.stream.documents:
        span = construct_span(yaml_doc.root, target)
        if span is not None:
            return span
    return None


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
