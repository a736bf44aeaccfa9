"""The outline (``textDocument/documentSymbol``): the language's ``LanguageSpec.symbols`` answers with
plain dicts in code points; this turns them into LSP ``DocumentSymbol``s (hierarchical: editors show
them as the outline view and the breadcrumbs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from ..core.document import Range
from .convert import Positions
from .language import ask_language

if TYPE_CHECKING:
    from ..core.engine import Analysis
    from .state import State


# the kinds a language may name, as LSP knows them
KINDS: dict[str, lsp.SymbolKind] = {
    "file": lsp.SymbolKind.File,
    "module": lsp.SymbolKind.Module,
    "namespace": lsp.SymbolKind.Namespace,
    "package": lsp.SymbolKind.Package,
    "class": lsp.SymbolKind.Class,
    "method": lsp.SymbolKind.Method,
    "property": lsp.SymbolKind.Property,
    "field": lsp.SymbolKind.Field,
    "function": lsp.SymbolKind.Function,
    "variable": lsp.SymbolKind.Variable,
    "constant": lsp.SymbolKind.Constant,
    "string": lsp.SymbolKind.String,
    "key": lsp.SymbolKind.Key,
    "object": lsp.SymbolKind.Object,
    "array": lsp.SymbolKind.Array,
    "event": lsp.SymbolKind.Event,
    "interface": lsp.SymbolKind.Interface,
    "struct": lsp.SymbolKind.Struct,
    "enum": lsp.SymbolKind.Enum,
}


async def document_symbols(state: State, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
    found = await state.analysed(params.text_document.uri)
    if found is None:
        return None
    return await state.run(_symbols_now, *found)


def _symbols_now(analysis: Analysis, positions: Positions) -> list[lsp.DocumentSymbol] | None:
    items = language_symbols(analysis)
    return [s for s in (_convert(item, positions) for item in items) if s is not None] or None


def language_symbols(analysis: Analysis) -> list[dict]:
    """The language's outline (empty when it has none or fails)."""
    return list(ask_language(analysis, "symbols") or [])


def _convert(item: Any, positions: Positions) -> lsp.DocumentSymbol | None:
    if not isinstance(item, dict) or not item.get("name") or not isinstance(item.get("range"), Range):
        return None
    rng = item["range"]
    selection = item.get("selection_range")
    if not isinstance(selection, Range) or not (rng.start <= selection.start and selection.end <= rng.end):
        selection = rng  # LSP requires the selection inside the range
    children = [c for c in (_convert(child, positions) for child in item.get("children") or ()) if c is not None]
    return lsp.DocumentSymbol(
        name=str(item["name"]),
        detail=item.get("detail") or None,
        kind=KINDS.get(item.get("kind", ""), lsp.SymbolKind.Object),
        range=positions.range_to_lsp(rng),
        selection_range=positions.range_to_lsp(selection),
        children=children or None,
    )
