"""Kubernetes manifests: security and reliability checks (kube-linter / checkov ground), API versions."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context
    from ...core.document import Document
    from .model import Manifests


# the files a manifest's analysis reads besides it (kustomize.py): they say which manifests are patches
KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


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


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


_API_VERSION = re.compile(r"^apiVersion:\s*\S+", re.MULTILINE)
_KIND = re.compile(r"^kind:\s*\S+", re.MULTILINE)


def _claims_text(head: str) -> bool:
    return bool(_API_VERSION.search(head) and _KIND.search(head))


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="kubernetes",
    parse=_parse,
    load_rules=_load_rules,
    suppression_scope=_suppression_scope,
    block_scalars=True,
    editor=_editor,
    input_files=frozenset(KUSTOMIZATION_NAMES),
    fence="yaml",
    title="Kubernetes manifest (YAML)",
    sample="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sample\n",
    claims_text=_claims_text,
)
