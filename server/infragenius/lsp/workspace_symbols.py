"""``workspace/symbol``: the outlines of every file of the workspace that a language claims (stages
and ARGs, jobs and step ids, GitLab jobs and variables, Helm values keys and defines, Terraform
blocks...), searched by name.

Each file is parsed once (no rules) and its outline kept until the file changes on disk (size and
modification time); open buffers are read as the editor has them, never cached. Indexing is spread
over the searches (``SymbolIndex``): a monorepo must not stall the analysis thread that the diagnostics
share. After a search, the rest of the pass runs in slices queued on that thread. A pass stops after
``MAX_FILES`` files, and an answer holds at most ``MAX_RESULTS`` symbols, those that start with the
query first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from ..core.document import Document, decode
from ..core.outline import Symbol
from .convert import Positions
from .symbols import KINDS

if TYPE_CHECKING:
    from .state import State

log = logging.getLogger(__name__)

MAX_FILES = 5000
MAX_RESULTS = 500
# the indexing one search may do: the analysis thread is the diagnostics' too (measured: 2,100 corpus
# files take 6 s of CPU to index once, Kubernetes manifests most; a search of the index takes ms)
BUDGET_S = 0.5


@dataclass(frozen=True)
class Entry:
    name: str
    kind: lsp.SymbolKind
    range: lsp.Range
    container: str | None


class SymbolIndex:
    """Outline entries per file, keyed by the file's (size, mtime) on disk, refreshed by a walk of the
    workspace that each search advances for at most ``BUDGET_S``: a search answers from what is
    indexed so far, and a complete pass starts the next one (new, changed and deleted files)."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[int, int], list[Entry]]] = {}
        self._walk: Iterator[tuple[Path, str]] | None = None
        self._seen: set[Path] = set()  # the files the current pass has reached
        self.finishing: asyncio.Future[None] | None = None  # the task finishing the pass, if any

    def search(self, state: State, query: str) -> list[lsp.WorkspaceSymbol]:
        if state.root is None:
            return []
        self._advance(state, state.root, time.monotonic() + BUDGET_S)
        open_documents = {d.path: d for d in state.documents.all() if d.path is not None}
        found: list[tuple[Entry, str]] = []
        for path, (_, entries) in self._files.items():
            if path not in open_documents:
                found += [(entry, path.absolute().as_uri()) for entry in entries if matches(query, entry.name)]
        for document in open_documents.values():  # the editor's text: not cached, it changes with every keystroke
            found += [(entry, document.uri) for entry in _outline(state, document) if matches(query, entry.name)]
        found.sort(key=lambda item: _rank(query, item[0].name))
        return [_symbol(entry, uri) for entry, uri in found[:MAX_RESULTS]]

    @property
    def pending(self) -> bool:
        """A pass is under way: the index may miss files."""
        return self._walk is not None

    def keep_indexing(self, state: State) -> None:
        """One more slice of the pass under way."""
        if state.root is not None and self._walk is not None:
            self._advance(state, state.root, time.monotonic() + BUDGET_S)

    def _advance(self, state: State, root: Path, deadline: float) -> None:
        if self._walk is None:
            self._walk, self._seen = _workspace_files(root), set()
        for path, language in self._walk:
            self._seen.add(path)
            self._index(state, path, language)
            if time.monotonic() > deadline:
                return
        for gone in set(self._files) - self._seen:
            del self._files[gone]
        self._walk = None

    def _index(self, state: State, path: Path, language: str) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        key = (stat.st_size, stat.st_mtime_ns)
        cached = self._files.get(path)
        if cached is not None and cached[0] == key:
            return
        try:
            text = decode(path.read_bytes())
        except OSError:
            return
        document = Document(uri=path.absolute().as_uri(), text=text, language=language, path=path)
        self._files[path] = (key, _outline(state, document))


def _rank(query: str, name: str) -> tuple[bool, bool, int]:
    """Names that start with the query first, then those that hold it, shorter first."""
    lowered, wanted = name.lower(), query.lower().strip()
    return (not lowered.startswith(wanted), wanted not in lowered, len(name))


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


def _flatten(items: Iterable[Symbol], container: str | None, positions: Positions, out: list[Entry]) -> None:
    for item in items:
        if not item.name:
            continue
        kind = KINDS.get(item.kind, lsp.SymbolKind.Object)
        out.append(Entry(item.name, kind, positions.range_to_lsp(item.selection_range), container))
        _flatten(item.children, item.name, positions, out)


def _symbol(entry: Entry, uri: str) -> lsp.WorkspaceSymbol:
    return lsp.WorkspaceSymbol(
        name=entry.name,
        kind=entry.kind,
        location=lsp.Location(uri=uri, range=entry.range),
        container_name=entry.container,
    )


async def workspace_symbols(state: State, params: lsp.WorkspaceSymbolParams) -> list[lsp.WorkspaceSymbol] | None:
    index = state.__dict__.setdefault("symbol_index", SymbolIndex())
    found = await state.run(index.search, state, params.query)
    if index.pending and not index.finishing:  # so that the next search finds every file
        index.finishing = asyncio.ensure_future(_finish(state, index))
    return found or None


async def _finish(state: State, index: SymbolIndex) -> None:
    """The rest of the pass, one slice at a time on the analysis thread: each slice queues behind the
    work already there, so a keystroke's diagnostics wait for one slice at most."""
    try:
        while index.pending:
            await state.run(index.keep_indexing, state)
    except RuntimeError:  # the server is shutting down
        pass
    finally:
        index.finishing = None
