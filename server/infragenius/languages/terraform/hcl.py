"""HCL syntax tree (tree-sitter-hcl) to a light block/attribute model with exact positions.

tree-sitter is error tolerant: ERROR and MISSING nodes are collected as syntax errors and the rest of
the file is still modelled. Columns from tree-sitter are UTF-8 byte offsets; ``Positions`` turns them
into code points, which is what the rest of InfraGenius speaks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import tree_sitter
import tree_sitter_hcl

from ...core.document import Position, Range
from ...core.weak import WeakLink

if TYPE_CHECKING:
    from .model import FileModel

Node = tree_sitter.Node

_PARSER: tree_sitter.Parser | None = None
_LANGUAGE: tree_sitter.Language | None = None
_QUERY: tree_sitter.Query | None = None

# Node types some rules look for anywhere in a file; found in one C-side query per file.
INDEXED_TYPES = (
    "variable_expr",
    "for_intro",
    "template_for_start",
    "quoted_template",
    "legacy_index",
    "attr_splat",
    "binary_operation",
    "template_literal",
)


def parser() -> tree_sitter.Parser:
    global _PARSER, _LANGUAGE
    if _PARSER is None:
        _LANGUAGE = tree_sitter.Language(tree_sitter_hcl.language())
        _PARSER = tree_sitter.Parser(_LANGUAGE)
    return _PARSER


def index_nodes(root: Node) -> dict[str, list[Node]]:
    """Nodes of INDEXED_TYPES under ``root``, by type, in document order."""
    global _QUERY
    if _QUERY is None:
        parser()
        _QUERY = tree_sitter.Query(_LANGUAGE, " ".join(f"({t}) @{t}" for t in INDEXED_TYPES))
    found = tree_sitter.QueryCursor(_QUERY).captures(root)
    return {t: sorted(found.get(t, []), key=lambda n: n.start_byte) for t in INDEXED_TYPES}


class Positions:
    """Byte-based tree-sitter points to code-point positions (cheap for ASCII lines)."""

    def __init__(self, text: str) -> None:
        self._lines = text.split("\n")
        self._ascii = text.isascii()

    def point(self, point: tuple[int, int]) -> Position:
        row, col = point
        if self._ascii or row >= len(self._lines):
            return Position(row, col)
        line = self._lines[row]
        if line.isascii():
            return Position(row, col)
        return Position(row, len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore")))

    def range(self, node: Node) -> Range:
        return Range(self.point(node.start_point), self.point(node.end_point))

    def first_line(self, node: Node) -> Range:
        """The node's range cut at the end of its first line (multi-line ERROR nodes)."""
        rng = self.range(node)
        if rng.end.line == rng.start.line:
            return rng
        line = self._lines[rng.start.line].rstrip("\r")
        return Range(rng.start, Position(rng.start.line, max(len(line), rng.start.column)))

    def span(self, first: Node, last: Node) -> Range:
        return Range(self.point(first.start_point), self.point(last.end_point))


class Attribute:
    """``name = expression``; ranges are computed on first use (most attributes never need one)."""

    block = WeakLink()  # back-references: the file model owns its blocks and attributes
    file = WeakLink()

    def __init__(self, name: str, node: Node, key: Node, expr: Node, pos: Positions) -> None:
        self.name = name
        self.node = node
        self.key = key
        self.expr = expr  # the tree-sitter ``expression`` node of the value
        self.pos = pos
        self.block: Block | None = None
        self.file: FileModel | None = None
        self.range_start_byte = node.start_byte

    @cached_property
    def key_range(self) -> Range:
        return self.pos.range(self.key)

    @cached_property
    def range(self) -> Range:
        return self.pos.range(self.node)

    @cached_property
    def expr_range(self) -> Range:
        return self.pos.range(self.expr)

    def __repr__(self) -> str:
        return f"Attribute({self.name!r})"


@dataclass(eq=False)
class Block:
    type: str
    labels: list[str]
    type_range: Range
    label_ranges: list[Range]
    range: Range
    node: Node
    attribute_list: list[Attribute] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    parent: Block | None = WeakLink()  # type: ignore[assignment]  # back-references (core/weak.py)
    file: FileModel | None = WeakLink()  # type: ignore[assignment]

    @property
    def attributes(self) -> dict[str, Attribute]:
        out: dict[str, Attribute] = {}
        for attr in self.attribute_list:
            out.setdefault(attr.name, attr)
        return out

    def attr(self, name: str) -> Attribute | None:
        for attr in self.attribute_list:
            if attr.name == name:
                return attr
        return None

    def children(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]

    def child(self, type_: str) -> Block | None:
        for b in self.blocks:
            if b.type == type_:
                return b
        return None

    @property
    def header_range(self) -> Range:
        end = self.label_ranges[-1].end if self.label_ranges else self.type_range.end
        return Range(self.type_range.start, end)

    @property
    def top(self) -> Block:
        block = self
        while block.parent is not None:
            block = block.parent
        return block

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.blocks:
            yield from child.walk()


def string_lit_value(node: Node) -> str:
    """Text of a plain ``string_lit`` (block labels): the template literal between the quotes."""
    return "".join(c.text.decode("utf-8", "replace") for c in node.children if c.type == "template_literal")


def parse_body(body: Node, pos: Positions, parent: Block | None) -> tuple[list[Attribute], list[Block]]:
    attributes: list[Attribute] = []
    blocks: list[Block] = []
    for child in body.children:
        if child.type == "attribute":
            attr = _attribute(child, pos)
            if attr is not None:
                attr.block = parent
                attributes.append(attr)
        elif child.type == "block":
            block = _block(child, pos, parent)
            if block is not None:
                blocks.append(block)
    return attributes, blocks


def _attribute(node: Node, pos: Positions) -> Attribute | None:
    key = node.child(0)
    expr = node.child(2)
    if expr is None or expr.type != "expression":
        expr = next((c for c in node.children if c.type == "expression"), None)
    if key is None or key.type != "identifier" or expr is None:
        return None
    return Attribute(key.text.decode("utf-8", "replace"), node, key, expr, pos)


def _block(node: Node, pos: Positions, parent: Block | None) -> Block | None:
    head = node.child(0)
    if head is None or head.type != "identifier":
        return None
    labels: list[str] = []
    label_ranges: list[Range] = []
    body = None
    for child in node.children[1:]:
        if child.type == "string_lit":
            labels.append(string_lit_value(child))
            label_ranges.append(pos.range(child))
        elif child.type == "identifier":
            labels.append(child.text.decode("utf-8", "replace"))
            label_ranges.append(pos.range(child))
        elif child.type == "body":
            body = child
    block = Block(
        type=head.text.decode("utf-8", "replace"),
        labels=labels,
        type_range=pos.range(head),
        label_ranges=label_ranges,
        range=pos.range(node),
        node=node,
        parent=parent,
    )
    if body is not None:
        block.attribute_list, block.blocks = parse_body(body, pos, block)
    return block


def syntax_errors(root: Node, pos: Positions) -> list[tuple[Range, str]]:
    """ERROR and MISSING nodes, outermost only, each at its exact place."""
    out: list[tuple[Range, str]] = []
    if not root.has_error:
        return out
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing:
            out.append((pos.range(node), f"Syntax error: missing {node.type!r}"))
            continue
        if node.type == "ERROR":
            rng = pos.first_line(node)
            first = node.text.decode("utf-8", "replace").strip().split("\n", 1)[0][:40]
            out.append((rng, f"Syntax error: unexpected {first!r}" if first else "Syntax error"))
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    out.sort(key=lambda e: e[0])
    return out


def node_text(node: Node) -> str:
    return node.text.decode("utf-8", "replace")


POSTFIX = frozenset({"get_attr", "index", "splat"})


def is_traversal(expr: Node) -> bool:
    """The expression is one reference and nothing else (``aws_lb.web[0].arn``)."""
    children = expr.children
    return bool(children) and children[0].type == "variable_expr" and all(c.type in POSTFIX for c in children[1:])


def split_binary(node: Node) -> tuple[list[Node], Node, list[Node]] | None:
    """Operands of a ``binary_operation``: tree-sitter-hcl inlines them (``var.x`` is a
    ``variable_expr`` followed by ``get_attr`` siblings), so split at the operator token."""
    children = node.children
    for i, child in enumerate(children):
        if i > 0 and not child.is_named:
            return children[:i], child, children[i + 1 :]
    return None


def group_text(nodes: list[Node]) -> str:
    if not nodes:
        return ""
    data = nodes[0].text if len(nodes) == 1 else None
    if data is not None:
        return data.decode("utf-8", "replace")
    # contiguous siblings: slice the source between the first start and the last end
    start, end = nodes[0].start_byte, nodes[-1].end_byte
    root = nodes[0]
    while root.parent is not None:
        root = root.parent
    return root.text[start - root.start_byte : end - root.start_byte].decode("utf-8", "replace")
