"""``workspace/symbol``: the outlines of every file of the workspace that a language claims (stages
and ARGs, jobs and step ids, GitLab jobs and variables, Helm values keys and defines, Terraform
blocks...), searched by name.

Each file is parsed once (no rules) and its outline kept until the file changes on disk (size and
modification time) or in the editor (open buffers are read from the overlay, never cached). A walk
stops after ``MAX_FILES`` files, and an answer holds at most ``MAX_RESULTS`` symbols: a monorepo must
not stall the analysis thread that the diagnostics share.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from ..core.document import Document, Range, decode
from .convert import Positions
from .symbols import KINDS

if TYPE_CHECKING:
    from .state import State

log = logging.getLogger(__name__)

MAX_FILES = 5000
MAX_RESULTS = 500
BUDGET_S = 5.0  # a first search of a large workspace answers with what it indexed by then


@dataclass(frozen=True)
class Entry:
    name: str
    kind: lsp.SymbolKind
    range: lsp.Range
    container: str | None


class SymbolIndex:
    """Outline entries per file, keyed by the file's (size, mtime) on disk."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[int, int], list[Entry]]] = {}

    def search(self, state: State, query: str) -> list[lsp.WorkspaceSymbol]:
        if state.root is None:
            return []
        open_documents = {d.path: d for d in state.documents.all() if d.path is not None}
        deadline = time.monotonic() + BUDGET_S
        out: list[lsp.WorkspaceSymbol] = []
        for path, language in _workspace_files(state.root):
            document = open_documents.get(path)
            entries = self._entries(state, path, language, document)
            uri = document.uri if document is not None else path.absolute().as_uri()
            out += [_symbol(entry, uri) for entry in entries if matches(query, entry.name)]
            if len(out) >= MAX_RESULTS or time.monotonic() > deadline:
                break
        return out[:MAX_RESULTS]

    def _entries(self, state: State, path: Path, language: str, document: Document | None) -> list[Entry]:
        if document is not None:  # the editor's text: not cached, it changes with every keystroke
            return _outline(state, document)
        try:
            stat = path.stat()
        except OSError:
            return []
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self._files.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            text = decode(path.read_bytes())
        except OSError:
            return []
        entries = _outline(state, Document(uri=path.absolute().as_uri(), text=text, language=language, path=path))
        self._files[path] = (key, entries)
        return entries


def matches(query: str, name: str) -> bool:
    """The query's characters appear in the name in order, ignoring case (as editors filter)."""
    rest = iter(name.lower())
    return all(ch in rest for ch in query.lower() if not ch.isspace())


def _workspace_files(root: Path) -> Iterator[tuple[Path, str]]:
    from ..core.walk import iter_files

    for count, (path, language) in enumerate(iter_files([root])):
        if count >= MAX_FILES:
            log.info("workspace symbols: stopped after %d files", MAX_FILES)
            return
        if language is not None:
            yield path, language


def _outline(state: State, document: Document) -> list[Entry]:
    from ..core.config import Config
    from ..core.context import Context, Workspace
    from ..core.rules import REGISTRY

    spec = REGISTRY.spec(document.language or "")
    if spec is None or spec.symbols is None:
        return []
    try:
        model = spec.parse(document, Context(document, state.config or Config(), Workspace(state.documents.overlay)))
        items = spec.symbols(document, model) or []
    except Exception:  # one file the parser cannot read must not fail the search
        log.debug("workspace symbols: %s could not be read", document.path, exc_info=True)
        return []
    positions = Positions(document, state.position_encoding)
    out: list[Entry] = []
    _flatten(items, None, positions, out)
    return out


def _flatten(items: list[Any], container: str | None, positions: Positions, out: list[Entry]) -> None:
    for item in items:
        if not isinstance(item, dict) or not item.get("name") or not isinstance(item.get("range"), Range):
            continue
        selection = item.get("selection_range")
        rng = selection if isinstance(selection, Range) else item["range"]
        name = str(item["name"])
        kind = KINDS.get(item.get("kind", ""), lsp.SymbolKind.Object)
        out.append(Entry(name, kind, positions.range_to_lsp(rng), container))
        _flatten(list(item.get("children") or ()), name, positions, out)


def _symbol(entry: Entry, uri: str) -> lsp.WorkspaceSymbol:
    return lsp.WorkspaceSymbol(
        name=entry.name,
        kind=entry.kind,
        location=lsp.Location(uri=uri, range=entry.range),
        container_name=entry.container,
    )


async def workspace_symbols(state: State, params: lsp.WorkspaceSymbolParams) -> list[lsp.WorkspaceSymbol] | None:
    index = state.__dict__.setdefault("symbol_index", SymbolIndex())
    return await state.run(index.search, state, params.query) or None
