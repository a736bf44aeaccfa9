"""Kubernetes manifests: security and reliability checks (kube-linter / checkov ground), API versions."""

from __future__ import annotations

from ...core.rules import LanguageSpec, lazy
from .model import Manifests
from .parse import parse


def _suppression_scope(model: Manifests | None, line: int, tool: str) -> tuple[int, int] | None:
    """``#checkov:skip=...`` / ``#trivy:ignore:...`` cover the object (YAML document) they sit in;
    any other pragma alone on its line covers the key or list item below it whole (a block scalar
    included), as in the CI files."""
    if model is None:
        return None
    if tool not in ("checkov", "trivy"):
        from ..yaml.suppress import pragma_scope

        return pragma_scope(model.stream, line)
    for doc in model.stream.documents:
        root = doc.root
        if root is not None and root.start_pos.line - 3 <= line <= root.end_pos.line:
            return root.start_pos.line, root.end_pos.line
    return None


LANGUAGE = LanguageSpec(
    name="kubernetes",
    parse=parse,
    rule_modules=("infragenius.languages.kubernetes.rules",),
    suppression_scope=_suppression_scope,
    definition=lazy("infragenius.languages.kubernetes.definition", "definition"),
    completion=lazy("infragenius.languages.kubernetes.completion", "completion"),
    symbols=lazy("infragenius.languages.kubernetes.outline_symbols", "symbols"),
    references=lazy("infragenius.languages.kubernetes.references", "references"),
)
