"""Dockerfile analysis: BuildKit-faithful parsing, hadolint's and BuildKit's checks, fixes."""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context
    from ...core.document import Document
    from .model import Dockerfile


def _suppression_scope(model: Dockerfile | None, line: int, tool: str) -> tuple[int, int] | None:
    """A pragma alone on its line covers the whole next instruction (hadolint's behaviour)."""
    if model is None:
        return None
    for ins in model.instructions:
        if ins.range.start.line > line:
            return ins.full_range.start.line, ins.full_range.end.line
        if ins.range.start.line <= line <= ins.full_range.end.line:
            return line, line  # a trailing comment: this line only
    return None


def _instruction_start(document: Document, model: Dockerfile | None, line: int) -> int:
    """First line of the instruction that holds ``line`` (continuations, heredocs): an own-line pragma
    above it covers the whole instruction (``_suppression_scope``)."""
    ins = model.instruction_at(line) if model is not None else None
    if ins is not None:
        return ins.range.start.line
    escape = (model.escape if model is not None else "") or "\\"
    start = line
    for i in range(line - 1, -1, -1):  # no instruction there (a parse failure): continuations by the text
        text = document.line_text(i).rstrip()
        if not text or text.lstrip().startswith("#"):
            continue  # blank and comment lines inside a continuation
        if not text.endswith(escape):
            break
        start = i
    return start


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


_NAMES = (
    "Dockerfile",
    "Dockerfile.*",
    "*.Dockerfile",
    "*.dockerfile",
    "Containerfile",
    "Containerfile.*",
    "dockerfile",
)
# Dockerfile.<suffix> is a Dockerfile, except BuildKit's per-Dockerfile ignore files, docs and backups.
_NOT_DOCKERFILE = (".dockerignore", ".md", ".rst", ".txt", ".orig", ".rej", ".bak", ".swp", "~")
_FROM = re.compile(r"^\s*FROM\s+\S", re.IGNORECASE | re.MULTILINE)
_FIRST_INSTRUCTION = re.compile(r"^\s*(?!#)(\w+)", re.MULTILINE)


def _claims_path(path: PurePath) -> bool:
    name = path.name
    return any(fnmatch(name, pattern) for pattern in _NAMES) and not name.lower().endswith(_NOT_DOCKERFILE)


def _claims_text(head: str) -> bool:
    """The first instruction is FROM or ARG, and a FROM follows."""
    first = _FIRST_INSTRUCTION.search(head)
    return bool(first and first.group(1).upper() in ("FROM", "ARG") and _FROM.search(head))


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="dockerfile",
    parse=_parse,
    load_rules=_load_rules,
    editor=_editor,
    suppression_scope=_suppression_scope,
    pragma_above=_instruction_start,
    fence="dockerfile",
    title="Dockerfile",
    sample="FROM scratch\nCOPY . /app\n",
    claims_path=_claims_path,
    claims_text=_claims_text,
    editor_ids=("dockerfile", "containerfile"),
)
