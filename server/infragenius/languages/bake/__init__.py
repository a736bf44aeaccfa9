"""Docker Bake files (``docker-bake.hcl``, ``docker-bake.json``): the targets and groups ``docker buildx bake`` builds, the
names they refer to, their attributes and build paths."""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context
    from ...core.document import Document

# docker-bake.hcl / docker-bake.json and their overrides (docker-bake.override.hcl), as buildx looks for them
_BAKE_NAME = re.compile(r"^docker-bake(?:\.[\w.-]+)?\.(?:hcl|json)$", re.IGNORECASE)


def claims_path(path: PurePath) -> bool:
    return _BAKE_NAME.match(path.name) is not None


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


def _project_folder(path: Path, root: Path | None) -> Path:
    """Bake reads the folder's bake and Compose files together: an edit in one re-checks the others."""
    return path.parent


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="bake",
    parse=_parse,
    load_rules=_load_rules,
    editor=_editor,
    comment_prefixes=("#", "//"),
    analysis_unit=_project_folder,
    fence="hcl",
    title="Docker Bake file (HCL)",
    claims_path=claims_path,
)
