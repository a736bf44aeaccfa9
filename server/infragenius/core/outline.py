"""One entry of a document's outline (``textDocument/documentSymbol``), as a language answers it.

A language's ``LanguageSpec.symbols`` returns these in code points; ``lsp/symbols.py`` converts them to the
protocol's positions. ``symbol()`` keeps what the protocol requires: the selection (the name) inside the
range (the whole construct), and each child inside its parent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .document import Range


@dataclass(frozen=True)
class Symbol:
    name: str
    kind: str  # one of lsp/symbols.py's KINDS ("class", "variable", "namespace", ...)
    range: Range  # the whole construct
    selection_range: Range  # its name, inside ``range``
    detail: str | None = None  # shown beside the name (an image, a type, a script's first line)
    children: tuple[Symbol, ...] = ()  # inside ``range``


def symbol(
    name: str,
    kind: str,
    rng: Range,
    selection: Range | None = None,
    detail: str | None = None,
    children: Iterable[Symbol] = (),
) -> Symbol:
    """An outline entry; a selection or a child outside ``rng`` is dropped (the selection is then ``rng``)."""
    selection = selection if selection is not None and _inside(selection, rng) else rng
    inner = tuple(child for child in children if _inside(child.range, rng))
    return Symbol(name, kind, rng, selection, detail or None, inner)


def _inside(inner: Range, outer: Range) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end
