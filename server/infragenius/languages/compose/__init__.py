"""Docker Compose files: the Compose Specification's schema, references between services and the
resources they use, builds, and the security of what a service is allowed to do."""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context
    from ...core.document import Document

# compose.yaml, docker-compose.yml and their overrides and variants (compose.override.yaml,
# docker-compose.prod.yml, docker-compose-postgres.yml)
_COMPOSE_NAME = re.compile(r"^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$", re.IGNORECASE)
# A file with another name (``docker compose -f stack.yml``, an override of one service) is Compose
# when its top level holds ``services:`` and a service below it sets one of Compose's service keys.
_SERVICES = re.compile(r"^services:[ \t]*(?:#.*)?$", re.MULTILINE)
_SERVICE_KEY = re.compile(
    r"^[ \t]+(?:image|build|ports|profiles|environment|env_file|volumes|depends_on|command|deploy|restart"
    r"|healthcheck|container_name|extends|networks):",
    re.MULTILINE,
)
_OTHER_FORMAT = re.compile(r"^(?:apiVersion|kind|jobs|stages|on):", re.MULTILINE)


def claims_path(path: PurePath) -> bool:
    return _COMPOSE_NAME.match(path.name) is not None


def _claims_text(head: str) -> bool:
    return bool(_SERVICES.search(head) and _SERVICE_KEY.search(head) and not _OTHER_FORMAT.search(head))


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


def _suppression_scope(model: Any, line: int, tool: str) -> tuple[int, int] | None:
    from ..yaml.suppress import pragma_scope

    return pragma_scope(model.stream if model is not None else None, line)


def _project_folder(path: Path, root: Path | None) -> Path:
    """A Compose project is the folder of its files: overrides, ``extends`` and builds read beside it."""
    return path.parent


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="compose",
    parse=_parse,
    load_rules=_load_rules,
    editor=_editor,
    suppression_scope=_suppression_scope,
    analysis_unit=_project_folder,
    fence="yaml",
    title="Docker Compose file (YAML)",
    sample="services:\n  web:\n    image: nginx:1.27\n",  # builds the schema's validators
    claims_path=claims_path,
    claims_text=_claims_text,
    editor_ids=("dockercompose",),
)
