"""GitLab CI: keyword structure, pipeline semantics (stages, needs, extends, includes), secrets."""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context
    from ...core.document import Document


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    from ..yaml.suppress import pragma_scope

    return pragma_scope(model.stream if model is not None else None, line)


def _pipeline_folder(path: Path, root: Path | None) -> Path:
    """A pipeline's `include: local` files are anywhere in the repository (the workspace)."""
    return root or path.parent


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


_TOP_KEY = re.compile(r"^(stages|include|variables):", re.MULTILINE)
_SCRIPT = re.compile(r"^\s+script:", re.MULTILINE)


def _claims_path(path: PurePath) -> bool:
    return path.name.endswith(".gitlab-ci.yml")


def _claims_text(head: str) -> bool:
    return bool(_TOP_KEY.search(head) and _SCRIPT.search(head))


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="gitlab-ci",
    parse=_parse,
    load_rules=_load_rules,
    suppression_scope=_suppression_scope,
    block_scalars=True,
    shell_keys=("script", "before_script", "after_script"),
    editor=_editor,
    analysis_unit=_pipeline_folder,
    fence="yaml",
    title="GitLab CI configuration (YAML)",
    sample="test:\n  script:\n    - 'true'\n",
    claims_path=_claims_path,
    claims_text=_claims_text,
    unit_suffixes=(".yml", ".yaml"),
    editor_ids=("gitlab-ci",),
)
