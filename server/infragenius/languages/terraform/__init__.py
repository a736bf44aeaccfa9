"""Terraform analysis: module-aware references, tflint's core checks, checkov/trivy security checks."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context
    from ...core.document import Document


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    from .suppress import suppression_scope

    return suppression_scope(model, line, tool)


def _module_folder(path: Path, root: Path | None) -> Path:
    """A Terraform module is the .tf files of one folder."""
    return path.parent


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


def _claims_path(path: PurePath) -> bool:
    return path.name.endswith((".tf", ".tfvars", ".tofu"))


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="terraform",
    parse=_parse,
    load_rules=_load_rules,
    editor=_editor,
    comment_prefixes=("#", "//"),
    suppression_scope=_suppression_scope,
    analysis_unit=_module_folder,
    fence="hcl",
    title="Terraform (HCL)",
    sample='variable "name" {\n  type = string\n}\n',
    claims_path=_claims_path,
    text_suffixes=(".tf", ".hcl"),
    editor_ids=("terraform", "terraform-vars", "opentofu"),
)
