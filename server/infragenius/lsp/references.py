"""Find references: the language's ``LanguageSpec.references`` answers ``(path | None, Range)``
targets in code points, like ``definition``; this turns them into LSP locations (a target in another
file with that file's own text, as ``definition`` does)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from ..core.document import Position, Range
from .convert import Positions
from .definition import target_document
from .language import ask_language

if TYPE_CHECKING:
    from ..core.engine import Analysis
    from .state import State


async def references(state: State, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    found = await state.analysed(params.text_document.uri)
    if found is None:
        return None
    analysis, positions = found
    position = positions.from_lsp(params.position)
    include = bool(params.context and params.context.include_declaration)
    return await state.run(_references_now, state, analysis, position, positions, include)


def _references_now(
    state: State, analysis: Analysis, position: Position, positions: Positions, include_declaration: bool
) -> list[lsp.Location] | None:
    out: list[lsp.Location] = []
    seen: set[tuple] = set()
    for path, rng in language_references(analysis, position, include_declaration):
        where = target_document(state, positions.document, path)
        if where is None or (where.uri, rng) in seen:
            continue
        seen.add((where.uri, rng))
        out.append(lsp.Location(uri=where.uri, range=Positions(where, positions.encoding).range_to_lsp(rng)))
    return out or None


def language_references(analysis: Analysis, position: Position, include_declaration: bool) -> list[tuple]:
    """The language's answer as ``(path | None, Range)`` pairs (empty when it has none or fails)."""
    answer = ask_language(analysis, "references", position, include_declaration) or []
    return [(t[0], t[1]) for t in answer if isinstance(t, tuple) and len(t) >= 2 and isinstance(t[1], Range)]
