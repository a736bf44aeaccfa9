"""GitHub Actions workflows and action metadata: structure, jobs, expressions, security."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import LanguageSpec

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


# Editor features: each module is imported when the editor first asks for it, not with the rules.
def _hover(*args: Any) -> Any:
    from .hover import hover

    return hover(*args)


def _definition(*args: Any) -> Any:
    from .definition import definition

    return definition(*args)


def _completion(*args: Any) -> Any:
    from .completion import completion

    return completion(*args)


def _symbols(*args: Any) -> Any:
    from .outline_symbols import symbols

    return symbols(*args)


def _references(*args: Any) -> Any:
    from .references import references

    return references(*args)


LANGUAGE = LanguageSpec(
    name="github-actions",
    parse=_parse,
    load_rules=_load_rules,
    hover=_hover,
    suppression_scope=_suppression_scope,
    definition=_definition,
    completion=_completion,
    symbols=_symbols,
    references=_references,
    fence="yaml",
    claims_path=_claims_path,
    claims_text=_claims_text,
    editor_ids=("github-actions-workflow",),
)
