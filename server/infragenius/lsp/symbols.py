"""The outline (``textDocument/documentSymbol``): the language's ``LanguageSpec.symbols`` answers with
``core.outline.Symbol``s in code points; this turns them into LSP ``DocumentSymbol``s (hierarchical: editors
show them as the outline view and the breadcrumbs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from ..core.outline import Symbol
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
    return [_convert(item, positions) for item in language_symbols(analysis) if item.name] or None


def language_symbols(analysis: Analysis) -> list[Symbol]:
    """The language's outline (empty when it has none or fails)."""
    return list(ask_language(analysis, "symbols") or [])


def _convert(item: Symbol, positions: Positions) -> lsp.DocumentSymbol:
    children = [_convert(child, positions) for child in item.children if child.name]
    return lsp.DocumentSymbol(
        name=item.name,
        detail=item.detail or None,
        kind=KINDS.get(item.kind, lsp.SymbolKind.Object),
        range=positions.range_to_lsp(item.range),
        selection_range=positions.range_to_lsp(item.selection_range),
        children=children or None,
    )
