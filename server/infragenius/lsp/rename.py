"""Rename (``textDocument/prepareRename`` and ``textDocument/rename``), built on the language's
``references``: whatever a language can find every use of - Dockerfile stages and ARGs, workflow jobs
and step ids, GitLab jobs and variables, Helm values keys and defines, Terraform variables and locals -
it can rename.

A reference's range covers what the user sees as the use (``var.region``, ``${APP}``,
``.Values.image.tag``, ``variable "region"``); the name itself is its last whole-word occurrence in
that text. The rename is refused (no edit at all) when the name cannot be found in one of the
ranges: an edit that misses a use would break the file silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from ..core.document import Document, Position, Range
from .convert import Positions
from .definition import target_document
from .references import language_references

if TYPE_CHECKING:
    from ..core.engine import Analysis
    from .state import State

# a name may hold dots (a Helm define: "chart.fullname"); these characters would change its syntax
_BAD_NAME = re.compile(r"""[\s"'`$\\{}()\[\]<>=:,;|&#]""")
_WORD = re.compile(r"[\w-]+")


class RenameError(JsonRpcException):
    """Shown by the editor as the reason the rename was refused."""

    code = -32803  # RequestFailed


@dataclass(frozen=True)
class Plan:
    name: str  # the name as written now
    origin: Range  # where it is under the cursor
    sites: list[tuple[Document, Range]]  # every occurrence of the name, the declaration included


async def prepare_rename(state: State, params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
    found = await state.analysed(params.text_document.uri)
    if found is None:
        return None
    analysis, positions = found
    plan = await state.run(_plan, state, analysis, positions.from_lsp(params.position))
    if plan is None:
        return None
    return lsp.PrepareRenamePlaceholder(range=positions.range_to_lsp(plan.origin), placeholder=plan.name)


async def rename(state: State, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    found = await state.analysed(params.text_document.uri)
    if found is None:
        return None
    analysis, positions = found
    new_name = params.new_name.strip()
    if not new_name or _BAD_NAME.search(new_name):
        raise RenameError(f"{params.new_name!r} is not a name that can replace this one")
    plan = await state.run(_plan, state, analysis, positions.from_lsp(params.position))
    if plan is None:
        raise RenameError("Nothing to rename here: this name has no declaration and uses the server can follow")
    changes: dict[str, list[lsp.TextEdit]] = {}
    for document, rng in plan.sites:
        edit = lsp.TextEdit(range=Positions(document, positions.encoding).range_to_lsp(rng), new_text=new_name)
        changes.setdefault(document.uri, []).append(edit)
    return lsp.WorkspaceEdit(changes=changes)


def _plan(state: State, analysis: Analysis, position: Position) -> Plan | None:
    """The name under the cursor and every place it is written, or None when it cannot be renamed."""
    document = analysis.document
    found = language_references(analysis, position, True)
    uses = [(target_document(state, document, path), rng) for path, rng in found]
    if not uses or any(where is None for where, _ in uses):
        return None
    texts = [(where, rng, _text(where, rng)) for where, rng in uses if where is not None]
    own = next((t for w, r, t in texts if w.uri == document.uri and r.start <= position <= r.end), None)
    if own is None:
        return None
    for name in _candidates(own, document, position):
        sites = [(where, _last_occurrence(where, rng, text, name)) for where, rng, text in texts]
        if all(rng is not None for _, rng in sites):
            unique = list(dict.fromkeys((w.uri, r) for w, r in sites))
            by_uri = {w.uri: w for w, _ in sites}
            placed = [(by_uri[uri], rng) for uri, rng in unique if rng is not None]
            origin = next((r for w, r in placed if w.uri == document.uri and r.start <= position <= r.end), None)
            if origin is not None:
                return Plan(name, origin, placed)
    return None


def _candidates(own: str, document: Document, position: Position) -> list[str]:
    """What the name may be, most specific first: the whole reference unquoted (``"chart.name"``),
    the word under the cursor (``region`` of ``var.region``), the reference's last word."""
    out = [own.strip("\"'")]
    line = document.line_text(position.line)
    for match in _WORD.finditer(line):
        if match.start() <= position.column <= match.end():
            out.append(match.group())
    words = _WORD.findall(own)
    if words:
        out.append(words[-1])
    return [name for name in dict.fromkeys(out) if name and not _BAD_NAME.search(name)]


def _last_occurrence(document: Document, rng: Range, text: str, name: str) -> Range | None:
    matches = list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))
    if not matches:
        return None
    start = document.offset_at(rng.start) + matches[-1].start()
    return document.range_of(start, start + len(name))


def _text(document: Document, rng: Range) -> str:
    return document.text[document.offset_at(rng.start) : document.offset_at(rng.end)]
