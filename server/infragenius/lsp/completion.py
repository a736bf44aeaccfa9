"""Completion: the language's ``LanguageSpec.completion`` proposes ``core.completion.CompletionItem``s in
code points, this turns them into LSP ``CompletionItem``s.

An item's ``kind`` is a name below. With a ``range`` (the code-point Range the item replaces, usually the
partial word before the cursor) the item carries a ``TextEdit`` in the negotiated encoding, so the editor
replaces exactly what was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from ..core.completion import CompletionItem
from ..core.document import Position
from .convert import Positions
from .language import ask_language

if TYPE_CHECKING:
    from ..core.engine import Analysis
    from .state import State


# "." for Helm's .Values paths, "=" for Dockerfile --from=, " " and '"' after YAML keys and include
TRIGGER_CHARACTERS = [".", "=", " ", '"']

_KINDS = {
    "keyword": lsp.CompletionItemKind.Keyword,
    "field": lsp.CompletionItemKind.Field,
    "property": lsp.CompletionItemKind.Property,
    "module": lsp.CompletionItemKind.Module,
    "class": lsp.CompletionItemKind.Class,
    "variable": lsp.CompletionItemKind.Variable,
    "value": lsp.CompletionItemKind.Value,
    "function": lsp.CompletionItemKind.Function,
    "reference": lsp.CompletionItemKind.Reference,
    "file": lsp.CompletionItemKind.File,
}


async def completion(state: State, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    found = await state.analysed(params.text_document.uri, model_only=True)  # no render needed
    if found is None:
        return None
    analysis, positions = found
    position = positions.from_lsp(params.position)
    return await state.run(_completion_now, analysis, position, positions)


def _completion_now(analysis: Analysis, position: Position, positions: Positions) -> lsp.CompletionList | None:
    items = language_items(analysis, position)
    if not items:
        return None
    return lsp.CompletionList(is_incomplete=False, items=[_item(item, positions) for item in items])


def language_items(analysis: Analysis, position: Position) -> list[CompletionItem]:
    items = ask_language(analysis, "completion", position)
    return [i for i in items or () if i.label]


def _item(item: CompletionItem, positions: Positions) -> lsp.CompletionItem:
    new_text = item.insert_text or item.label
    rng = item.range
    return lsp.CompletionItem(
        label=item.label,
        kind=_KINDS.get(item.kind or ""),
        detail=item.detail or None,
        documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=item.documentation)
        if item.documentation
        else None,
        sort_text=item.sort_text or None,
        filter_text=item.filter_text or None,
        text_edit=lsp.TextEdit(range=positions.range_to_lsp(rng), new_text=new_text) if rng is not None else None,
        insert_text=None if rng is not None else new_text,
    )
