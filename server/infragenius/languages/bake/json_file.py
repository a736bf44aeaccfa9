"""JSON Bake files (``docker-bake.json``): ``{"target": {NAME: {...}}, "group": {...}, "variable": {...}}``,
read through the YAML layer (JSON is YAML) into the same model as the HCL files."""

from __future__ import annotations

from ...core.context import Context
from ...core.document import Document, Range
from ..yaml import Mapping, Node, Scalar, Sequence, parse_yaml
from .model import Attribute, BakeFile, Block, Text

BLOCK_KINDS = ("target", "group", "variable", "function")


def parse_json(document: Document, ctx: Context | None) -> BakeFile:
    stream = parse_yaml(document.text)
    if ctx is not None:
        for problem in stream.syntax_errors:
            ctx.syntax_error(problem.range, problem.message)
    root = next((d.root for d in stream.documents if isinstance(d.root, Mapping)), None)
    blocks: list[Block] = []
    for kind in BLOCK_KINDS:
        section = root.get(kind) if root is not None else None
        for key, body in section.pairs if isinstance(section, Mapping) else []:
            name = _text(key)
            if name is not None:
                blocks.append(_block(kind, name, key, body))
    blocks.sort(key=lambda b: b.range.start)
    return BakeFile(document.path, blocks)


def _block(kind: str, name: Text, key: Node, body: Node) -> Block:
    block = Block(kind, name.value, name.range, Range(key.start_pos, max(key.end_pos, body.end_pos)))
    for attribute_key, value in body.pairs if isinstance(body, Mapping) else []:
        attribute_name = _text(attribute_key)
        if attribute_name is None:
            continue
        attribute = Attribute(
            attribute_name.value, attribute_name.range, Range(attribute_key.start_pos, value.end_pos), _text(value)
        )
        if isinstance(value, Sequence):
            items = [_text(item) for item in value.items]
            attribute.items = [item for item in items if item is not None] if all(items) else None
        elif isinstance(value, Mapping):
            pairs = ((_text(k), _text(v)) for k, v in value.pairs)
            attribute.pairs = {k.value: v for k, v in pairs if k is not None and v is not None}
        block.attributes.setdefault(attribute.name, attribute)
    return block


def _text(node: Node | None) -> Text | None:
    """A plain JSON string and its range inside the quotes; None for anything else."""
    if not isinstance(node, Scalar) or node.type != "str" or node.start_pos.line != node.end_pos.line:
        return None
    quote = 1 if node.style in ("'", '"') else 0
    if node.end - node.start != len(node.value) + 2 * quote or "${" in node.value:
        return None
    start, end = node.start_pos, node.end_pos
    return Text(node.value, Range(start._replace(column=start.column + quote), end._replace(column=end.column - quote)))
