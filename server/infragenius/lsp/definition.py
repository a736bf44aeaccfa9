"""Go-to-definition: the language's ``LanguageSpec.definition`` answers in code points, this turns it
into LSP locations.

A language returns ``(path | None, Range)`` targets (``None``: the same document), optionally with a
third element, the range of the reference itself (sent as the origin of a ``LocationLink`` when the
client supports links, so the editor underlines all of ``var.name`` rather than one word). A target
in another file is converted with that file's own text: the open buffer when the user has it open,
else the file on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from ..core.document import Document, Position, Range
from .convert import Positions
from .language import ask_language

if TYPE_CHECKING:
    from ..core.engine import Analysis
    from .state import State


async def definition(
    state: State, params: lsp.DefinitionParams, link_support: bool = False
) -> list[lsp.Location] | list[lsp.LocationLink] | None:
    found = await state.analysed(params.text_document.uri, model_only=True)  # no render needed
    if found is None:
        return None
    analysis, positions = found
    position = positions.from_lsp(params.position)
    return await state.run(_definition_now, state, analysis, position, positions, link_support)


def _definition_now(
    state: State, analysis: Analysis, position: Position, positions: Positions, link_support: bool
) -> list[lsp.Location] | list[lsp.LocationLink] | None:
    targets = language_targets(analysis, position)
    if not targets:
        return None
    document = positions.document
    locations: list[Any] = []
    for target in targets:
        path, rng = target[0], target[1]
        origin = target[2] if len(target) > 2 else None
        where = target_document(state, document, path)
        if where is None:
            continue
        target_range = Positions(where, positions.encoding).range_to_lsp(rng)
        if link_support and isinstance(origin, Range):
            locations.append(
                lsp.LocationLink(
                    target_uri=where.uri,
                    target_range=target_range,
                    target_selection_range=target_range,
                    origin_selection_range=positions.range_to_lsp(origin),
                )
            )
        else:
            locations.append(lsp.Location(uri=where.uri, range=target_range))
    return locations or None


def language_targets(analysis: Analysis, position: Position) -> list[tuple]:
    """The language's answer as a list of targets (empty when it has none or fails)."""
    answer = ask_language(analysis, "definition", position)
    if not answer:
        return []
    if isinstance(answer, tuple) and len(answer) in (2, 3) and isinstance(answer[1], Range):
        answer = [answer]
    return [t for t in answer if isinstance(t, tuple) and len(t) >= 2 and isinstance(t[1], Range)]


def target_document(state: State, document: Document, path: Path | None) -> Document | None:
    """The document a target lies in, with the text its positions refer to."""
    if path is None or (document.path is not None and _same(document.path, path)):
        return document
    path = Path(path)
    for open_document in state.documents.all():
        if open_document.path is not None and _same(open_document.path, path):
            return open_document
    from ..core.context import Workspace

    text = Workspace(state.documents.overlay).read_text(path)
    if text is None:
        return None
    return Document(uri=path.absolute().as_uri(), text=text, path=path)


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
