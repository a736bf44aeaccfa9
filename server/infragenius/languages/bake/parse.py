"""Read a Bake file with tree-sitter-hcl into blocks and the plain values of their attributes.

Only what is written as plain strings, lists of them or objects of them is kept: Bake evaluates
variables, functions and ``${}`` interpolations before it builds, so any other value is unknown here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import tree_sitter
import tree_sitter_hcl

from ...core.context import Context, Workspace
from ...core.document import Document, Range
from ..yaml import Mapping, parse_yaml
from . import claims_path
from .json_file import parse_json
from .model import Attribute, BakeFile, Block, Text

_PARSER: tree_sitter.Parser | None = None
# the Compose files Bake reads as targets, one per service
_COMPOSE_NAME = re.compile(r"^(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml$", re.IGNORECASE)
BLOCK_KINDS = ("target", "group", "variable", "function")


def _parser() -> tree_sitter.Parser:
    global _PARSER
    if _PARSER is None:
        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    return _PARSER


def parse(document: Document, ctx: Context | None = None) -> BakeFile:
    if document.path is not None and document.path.suffix.lower() == ".json":
        model = parse_json(document, ctx)  # the same model, read through the YAML layer
    else:
        model = _parse_hcl(document, ctx)
    if document.path is not None:
        model.project_targets = _project_targets(document.path, ctx.workspace if ctx is not None else Workspace())
    return model


def _parse_hcl(document: Document, ctx: Context | None) -> BakeFile:
    source = document.text.encode("utf-8")
    tree = _parser().parse(source)
    where = _ranges(document, source)
    if ctx is not None:
        for node in _errors(tree.root_node):
            ctx.syntax_error(where(node), "syntax error" if node.is_error else f"missing {node.type}")
    blocks = [block for node in _top_blocks(tree.root_node) if (block := _block(node, source, where)) is not None]
    return BakeFile(document.path, blocks)


def _ranges(document: Document, source: bytes) -> Callable[[tree_sitter.Node], Range]:
    """A node's range in code points (tree-sitter counts bytes)."""
    ascii_only = len(source) == len(document.text)

    def offset(byte: int) -> int:
        return byte if ascii_only else len(source[:byte].decode("utf-8", errors="replace"))

    return lambda node: document.range_of(offset(node.start_byte), offset(node.end_byte))


def _errors(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    if not node.has_error:
        return []
    if node.is_error or node.is_missing:
        return [node]
    return [found for child in node.children for found in _errors(child)]


def _top_blocks(root: tree_sitter.Node) -> list[tree_sitter.Node]:
    body = next((c for c in root.named_children if c.type == "body"), None)
    return [c for c in body.named_children if c.type == "block"] if body is not None else []


def _block(node: tree_sitter.Node, source: bytes, where: Callable[[tree_sitter.Node], Range]) -> Block | None:
    kind_node = node.named_children[0] if node.named_children else None
    label = next((c for c in node.named_children if c.type == "string_lit"), None)
    if kind_node is None or kind_node.type != "identifier" or label is None:
        return None
    kind = _text(kind_node, source)
    name = _string(label, source, where)
    if kind not in BLOCK_KINDS or name is None:
        return None
    block = Block(kind, name.value, name.range, where(node))
    body = next((c for c in node.named_children if c.type == "body"), None)
    for attribute in body.named_children if body is not None else []:
        if attribute.type == "attribute":
            found = _attribute(attribute, source, where)
            if found is not None:
                block.attributes.setdefault(found.name, found)
    return block


def _attribute(node: tree_sitter.Node, source: bytes, where: Callable[[tree_sitter.Node], Range]) -> Attribute | None:
    key = next((c for c in node.named_children if c.type == "identifier"), None)
    value = next((c for c in node.named_children if c.type == "expression"), None)
    if key is None:
        return None
    found = Attribute(_text(key, source), where(key), where(node))
    if value is None:
        return found
    found.text = _plain(value, source, where)
    collection = _only_child(value, "collection_value")
    inner = collection.named_children[0] if collection is not None and collection.named_children else None
    if inner is not None and inner.type == "tuple":
        items = [_plain(item, source, where) for item in inner.named_children if item.type == "expression"]
        found.items = [item for item in items if item is not None] if all(items) else None
    elif inner is not None and inner.type == "object":
        found.pairs = _pairs(inner, source, where)
    return found


def _pairs(node: tree_sitter.Node, source: bytes, where: Callable[[tree_sitter.Node], Range]) -> dict[str, Text]:
    pairs: dict[str, Text] = {}
    for element in node.named_children:
        if element.type != "object_elem" or len(element.named_children) < 2:
            continue
        key_node, value_node = element.named_children[0], element.named_children[-1]
        key = _plain(key_node, source, where)
        name = key.value if key is not None else _text(key_node, source).strip()
        value = _plain(value_node, source, where)
        if value is not None:
            pairs[name] = value
    return pairs


def _only_child(node: tree_sitter.Node, kind: str) -> tree_sitter.Node | None:
    children = node.named_children
    return children[0] if len(children) == 1 and children[0].type == kind else None


def _plain(expression: tree_sitter.Node, source: bytes, where: Callable[[tree_sitter.Node], Range]) -> Text | None:
    """A plain string literal (no interpolation), else None."""
    literal = _only_child(expression, "literal_value")
    string = _only_child(literal, "string_lit") if literal is not None else None
    return _string(string, source, where) if string is not None else None


def _string(node: tree_sitter.Node, source: bytes, where: Callable[[tree_sitter.Node], Range]) -> Text | None:
    inner = [c for c in node.named_children if c.type not in ("quoted_template_start", "quoted_template_end")]
    if not inner:  # "": empty, between the quotes
        start = where(node).start
        return Text("", Range(start, start))
    if len(inner) != 1 or inner[0].type != "template_literal":
        return None
    return Text(_text(inner[0], source), where(inner[0]))


def _text(node: tree_sitter.Node, source: bytes) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


def _project_targets(path: Path, workspace: Workspace) -> set[str]:
    """Target names the folder's other files give: other bake files' targets and groups, and the
    services of the Compose files Bake reads by default."""
    names: set[str] = set()
    for other in workspace.glob(path.parent, "*"):
        if other == path:
            continue
        if claims_path(other):
            content = workspace.read_text(other)
            if content is not None:
                document = Document(other.as_uri(), content, "bake", path=other)
                model = parse_json(document, None) if other.suffix.lower() == ".json" else _parse_hcl(document, None)
                names |= {b.name for b in model.blocks if b.kind in ("target", "group")}
        elif _COMPOSE_NAME.match(other.name):
            content = workspace.read_text(other)
            for doc in parse_yaml(content).documents if content is not None else []:
                services = doc.root.get("services") if isinstance(doc.root, Mapping) else None
                names |= set(services.keys()) if isinstance(services, Mapping) else set()
    return names
