"""Document links: the language's ``LanguageSpec.links`` answers ``(Range, path)`` pairs in code
points (a workflow's build ``file:`` naming a Dockerfile...); this turns them into LSP links."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from ..core.document import Range
from .convert import Positions
from .language import ask_language

if TYPE_CHECKING:
    from ..core.engine import Analysis
    from .state import State


async def document_links(state: State, params: lsp.DocumentLinkParams) -> list[lsp.DocumentLink] | None:
    found = await state.analysed(params.text_document.uri)
    if found is None:
        return None
    analysis, positions = found
    return await state.run(_links_now, analysis, positions)


def _links_now(analysis: Analysis, positions: Positions) -> list[lsp.DocumentLink] | None:
    answer = ask_language(analysis, "links") or []
    out = [
        lsp.DocumentLink(range=positions.range_to_lsp(rng), target=path.absolute().as_uri(), tooltip=_tooltip(path))
        for rng, path in answer
        if isinstance(rng, Range)
    ]
    return out or None


def _tooltip(path: Path) -> str:
    return f"Open {path.name}" if path.is_file() else f"Build context: the folder {path.name or path}"
