"""GitHub Actions workflows and action metadata: structure, jobs, expressions, security."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context
    from ...core.document import Document


def _suppression_scope(model, line: int, tool: str) -> tuple[int, int] | None:
    from ..yaml.suppress import pragma_scope

    return pragma_scope(model.stream if model is not None else None, line)


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


_ON = re.compile(r"^on:", re.MULTILINE)
_JOBS = re.compile(r"^jobs:", re.MULTILINE)


def _claims_path(path: PurePath) -> bool:
    """A workflow, an action's metadata, or Dependabot's configuration (checked beside the workflows)."""
    if path.suffix.lower() not in (".yml", ".yaml"):
        return False
    name, parts = path.name, path.parts
    if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows":
        return True
    if name in ("action.yml", "action.yaml"):
        return True
    return name in ("dependabot.yml", "dependabot.yaml") and len(parts) >= 2 and parts[-2] == ".github"


def _claims_text(head: str) -> bool:
    return bool(_ON.search(head) and _JOBS.search(head))


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="github-actions",
    parse=_parse,
    load_rules=_load_rules,
    editor=_editor,
    suppression_scope=_suppression_scope,
    block_scalars=True,
    shell_keys=("run",),  # github-script's script: is JavaScript
    fence="yaml",
    title="GitHub Actions workflow (YAML)",
    sample="on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n",
    claims_path=_claims_path,
    claims_text=_claims_text,
    editor_ids=("github-actions-workflow",),
)
