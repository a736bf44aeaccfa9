"""What the editor asks of Bake files besides diagnostics: imported with its first request."""

from __future__ import annotations

from pathlib import Path

from ...core.document import Document, Position, Range
from ...core.outline import Symbol, symbol
from ...core.rules import EditorFeatures
from . import docs
from .completion import completion
from .model import BakeFile, Block
from .rules.references import target_uses

_KINDS = {"target": "class", "group": "namespace", "variable": "variable", "function": "function"}


def symbols(document: Document, model: BakeFile | None) -> list[Symbol] | None:
    """Targets, groups, variables and functions, in file order."""
    if not isinstance(model, BakeFile):
        return None
    out = []
    for block in model.blocks:
        context = block.attributes.get("context")
        detail = context.text.value if context is not None and context.text is not None else None
        out.append(symbol(block.name, _KINDS[block.kind], block.range, block.name_range, detail))
    return out


def definition(document: Document, model: BakeFile | None, position: Position) -> list | None:
    """From a target named in a group, ``inherits`` or a ``target:`` context to its block."""
    if not isinstance(model, BakeFile):
        return None
    targets = {b.name: b for b in model.blocks if b.kind in ("target", "group")}
    for _, text, name in target_uses(model):
        if text.range.start <= position <= text.range.end and name in targets:
            return [(None, targets[name].name_range, text.range)]
    return None


def references(
    document: Document, model: BakeFile | None, position: Position, include_declaration: bool
) -> list[tuple[Path | None, Range]] | None:
    if not isinstance(model, BakeFile):
        return None
    uses = list(target_uses(model))
    declared = {b.name: b for b in model.blocks if b.kind in ("target", "group")}
    name = next((b.name for b in declared.values() if b.name_range.start <= position <= b.name_range.end), None)
    name = name or next((n for _, t, n in uses if t.range.start <= position <= t.range.end), None)
    if name is None:
        return None
    found: list[tuple[Path | None, Range]] = [(None, t.range) for _, t, n in uses if n == name]
    if include_declaration and name in declared:
        found.insert(0, (None, declared[name].name_range))
    return found or None


def hover(document: Document, model: BakeFile | None, position: Position) -> tuple[str, Range] | None:
    """An attribute's documentation; on a block's label, what the block is."""
    if not isinstance(model, BakeFile):
        return None
    for block in model.blocks:
        if not block.range.start <= position <= block.range.end:
            continue
        if block.name_range.start <= position <= block.name_range.end:
            return _block_text(block), block.name_range
        table = {"target": docs.TARGET_ATTRIBUTES, "group": docs.GROUP_ATTRIBUTES}.get(block.kind, {})
        for name, attribute in block.attributes.items():
            if attribute.key.start <= position <= attribute.key.end and name in table:
                return f"**{name}**\n\n{table[name]}\n\n[Bake file reference]({docs.REFERENCE})", attribute.key
    return None


def _block_text(block: Block) -> str:
    lines = [f"**{block.kind} `{block.name}`**"]
    for name in ("description", "context", "dockerfile", "target"):
        attribute = block.attributes.get(name)
        if attribute is not None and attribute.text is not None:
            lines.append(f"{name}: `{attribute.text.value}`")
    return "\n\n".join(lines)


FEATURES = EditorFeatures(
    hover=hover, completion=completion, symbols=symbols, definition=definition, references=references
)
