"""The Terraform model: one file's blocks and references, and the module they belong to.

A module is every ``.tf`` file of a directory. Findings are only reported for the document being
analysed; the other files only inform them (a variable declared in variables.tf, a reference from
outputs.tf). Per-file models are cached by (path, text hash), so editing one file re-parses only it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.document import Range
from .hcl import Attribute, Block, Node, Positions, index_nodes, node_text

if TYPE_CHECKING:
    from ...core.context import Workspace

# Roots that are always defined (or checked by Terraform elsewhere than here).
BUILTIN_ROOTS = frozenset({"count", "each", "self", "path", "terraform"})
# Top-level blocks that declare nothing referencable and reference nothing we check.
_SKIPPED_TOP = frozenset({"terraform", "moved", "removed"})


class Reference:
    """``var.x``, ``local.y``, ``aws_s3_bucket.b.arn``, ``data.t.n``, ``module.m.out`` as written."""

    def __init__(
        self,
        root: str,
        parts: tuple[str, ...],
        chain: list[Node],
        pos: Positions,
        block: Block | None,
        attribute: Attribute | None,
    ) -> None:
        self.root = root
        self.parts = parts  # attribute names after the root, up to the first index/splat
        self.chain = chain  # variable_expr, then one get_attr node per part
        self.pos = pos
        self.block = block  # top-level block it appears in
        self.attribute = attribute

    @property
    def node(self) -> Node:
        return self.chain[0]

    @cached_property
    def range(self) -> Range:
        """Root .. last attribute name."""
        return self.pos.span(self.chain[0], self.chain[len(self.parts)])

    @property
    def address(self) -> str:
        """What it refers to: ``var.x``, ``local.y``, ``module.m``, ``data.t.n``, ``t.n``."""
        if self.root in ("var", "local", "module"):
            return f"{self.root}.{self.parts[0]}" if self.parts else self.root
        if self.root in ("data", "ephemeral"):
            return ".".join((self.root, *self.parts[:2]))
        return ".".join((self.root, *self.parts[:1]))

    def range_to(self, count: int) -> Range:
        """Range from the root to the end of the ``count``-th part (the address, not ``.arn``)."""
        count = max(0, min(count, len(self.parts)))
        return self.pos.span(self.chain[0], self.chain[count])

    @property
    def address_range(self) -> Range:
        count = {"var": 1, "local": 1, "module": 1, "data": 2, "ephemeral": 2}.get(self.root, 1)
        return self.range_to(count)


def is_override_file(path: Path | None) -> bool:
    """``override.tf`` and ``*_override.tf`` (and their ``.tf.json`` forms): Terraform merges their
    blocks into the ones other files declare, so those blocks are partial by design."""
    if path is None:
        return False
    name = path.name
    for suffix in (".tf.json", ".tf"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            return stem == "override" or stem.endswith("_override")
    return False


@dataclass(eq=False)
class FileModel:
    path: Path | None
    text: str
    tree: object
    pos: Positions
    blocks: list[Block] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)  # top level (.tfvars)
    errors: list[tuple[Range, str]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    _nodes: dict | None = None

    def nodes(self, type_: str) -> list[Node]:
        """All nodes of one of ``hcl.INDEXED_TYPES`` in the file (one query, cached)."""
        if self._nodes is None:
            self._nodes = index_nodes(self.tree.root_node)
        return self._nodes.get(type_, [])

    @property
    def name(self) -> str:
        return self.path.name if self.path else "<untitled>"

    @property
    def override(self) -> bool:
        return is_override_file(self.path)

    def all_blocks(self) -> Iterator[Block]:
        for block in self.blocks:
            yield from block.walk()

    def top(self, *types: str) -> Iterator[Block]:
        for block in self.blocks:
            if block.type in types:
                yield block


@dataclass(eq=False)
class Module:
    directory: Path | None
    files: list[FileModel]
    complete: bool  # every .tf file of the directory is in ``files`` (the document has a path)
    variables: dict[str, Block] = field(default_factory=dict)
    locals: dict[str, Attribute] = field(default_factory=dict)
    outputs: dict[str, Block] = field(default_factory=dict)
    resources: dict[str, Block] = field(default_factory=dict)  # "type.name"
    data: dict[str, Block] = field(default_factory=dict)  # "data.type.name"
    ephemeral: dict[str, Block] = field(default_factory=dict)  # "ephemeral.type.name"
    modules: dict[str, Block] = field(default_factory=dict)
    providers: list[Block] = field(default_factory=list)
    terraform_blocks: list[Block] = field(default_factory=list)
    overridden: set[str] = field(default_factory=set)  # slot keys an override file merges into

    def __post_init__(self) -> None:
        # Terraform reads the primary files first, then merges the override files into their blocks.
        for fm in sorted(self.files, key=lambda f: f.override):
            override = fm.override  # asked once per file, not once per block
            for block in fm.blocks:
                if override and (key := self._key(block)) is not None:
                    self.overridden.add(key)
                self._declare(block)

    def _key(self, block: Block) -> str | None:
        slot = self._slot(block)
        return f"{block.type} {slot[1]}" if slot is not None else None

    def is_overridden(self, block: Block) -> bool:
        """An override file merges attributes into ``block``: what it finally holds is unknown here."""
        key = self._key(block)
        return key is not None and key in self.overridden

    def _slot(self, block: Block) -> tuple[dict[str, Block], str] | None:
        """The table and key a labelled block is declared under (``var`` name, ``type.name``...)."""
        t, labels = block.type, block.labels
        if t in ("variable", "output", "module") and labels:
            return {"variable": self.variables, "output": self.outputs, "module": self.modules}[t], labels[0]
        if t in ("resource", "data", "ephemeral") and len(labels) >= 2:
            prefix = "" if t == "resource" else f"{t}."
            return {"resource": self.resources, "data": self.data, "ephemeral": self.ephemeral}[
                t
            ], f"{prefix}{labels[0]}.{labels[1]}"
        return None

    def declares(self, block: Block) -> bool:
        """``block`` is the one its address resolves to (not a later duplicate)."""
        slot = self._slot(block)
        return slot is not None and slot[0].get(slot[1]) is block

    def _declare(self, block: Block) -> None:
        t = block.type
        slot = self._slot(block)
        if slot is not None:
            slot[0].setdefault(slot[1], block)
        elif t == "locals":
            for attr in block.attribute_list:
                self.locals.setdefault(attr.name, attr)
        elif t == "provider":
            self.providers.append(block)
        elif t == "terraform":
            self.terraform_blocks.append(block)
        elif t == "check":
            for inner in block.children("data"):  # scoped data sources
                self._declare(inner)

    def references(self) -> Iterator[Reference]:
        for fm in self.files:
            yield from fm.references

    def blocks(self, *types: str) -> Iterator[Block]:
        for fm in self.files:
            yield from fm.top(*types)

    def resources_of(self, *types: str) -> Iterator[Block]:
        for fm in self.files:
            for block in fm.blocks:
                if block.type == "resource" and block.labels and block.labels[0] in types:
                    yield block


@dataclass(eq=False)
class TerraformModel:
    """What the parser hands to the rules: the document's file and its module."""

    file: FileModel
    module: Module
    workspace: Workspace | None = None  # reads other files (templates) as the user sees them

    @property
    def blocks(self) -> list[Block]:
        return self.file.blocks

    def resources(self, *types: str) -> Iterator[Block]:
        for block in self.file.blocks:
            if block.type == "resource" and len(block.labels) >= 2 and (not types or block.labels[0] in types):
                yield block

    def data_sources(self, *types: str) -> Iterator[Block]:
        for block in self.file.all_blocks():
            if block.type == "data" and len(block.labels) >= 2 and (not types or block.labels[0] in types):
                yield block


# -- references ----------------------------------------------------------------------------------


def collect_references(fm: FileModel) -> None:
    """Every traversal (``var.x``, ``aws_s3_bucket.b.arn``) in the file, with its context.

    The ``variable_expr`` nodes come from one C-side query. The attribute around each is found by
    bisecting the attributes' byte spans (attributes never nest); only a root that some ``for``
    expression or ``dynamic`` block of the file binds needs the slower walk up its ancestors.
    """
    attrs: list[Attribute] = list(fm.attributes)
    for block in fm.all_blocks():
        attrs.extend(block.attribute_list)
    attrs.sort(key=lambda a: a.range_start_byte)
    starts = [a.range_start_byte for a in attrs]
    ends = [a.node.end_byte for a in attrs]
    bound_somewhere = {
        node_text(c)
        for intro in fm.nodes("for_intro") + fm.nodes("template_for_start")
        for c in intro.children
        if c.type == "identifier"
    }
    for block in fm.all_blocks():
        if block.type == "dynamic":
            iterator = block.attr("iterator")
            bound_somewhere.add(
                node_text(iterator.expr).strip() if iterator else (block.labels[0] if block.labels else "")
            )
    out: list[Reference] = []
    tops: dict[int, Block | None] = {}  # id(block) -> its top-level block: ~1,200 references, ~300 blocks
    for var in fm.nodes("variable_expr"):
        sibling = var.next_sibling
        if sibling is None or sibling.type != "get_attr":
            continue  # a bare identifier: keywords, type names, for-variables used whole
        i = bisect.bisect_right(starts, var.start_byte) - 1
        if i < 0 or ends[i] < var.end_byte:
            continue
        attr = attrs[i]
        root = node_text(var)
        if root in bound_somewhere and _bound(var, root, attr):
            continue
        block = attr.block
        if id(block) not in tops:
            tops[id(block)] = block.top if block is not None else None
        top = tops[id(block)]
        if top is not None and top.type in _SKIPPED_TOP:
            continue
        if block is not None and attr.name in _skipped_attributes(block, top):
            continue
        _traversal(root, var, sibling, fm.pos, out, top, attr)
    fm.references = out


def _bound(var: Node, root: str, attr: Attribute) -> bool:
    """Is ``root`` bound here by an enclosing ``for`` expression or ``dynamic`` block iterator?"""
    child, node = var, var.parent
    while node is not None and node.type != "attribute":
        t = node.type
        if t in _FOR:
            intro = node.children[0] if t == "template_for" else node.children[1]
            if child.start_byte != intro.start_byte and any(
                c.type == "identifier" and node_text(c) == root for c in intro.children
            ):
                return True
        child, node = node, node.parent
    current = attr.block
    while current is not None:
        if current.type == "dynamic":
            iterator = current.attr("iterator")
            name = node_text(iterator.expr).strip() if iterator else (current.labels[0] if current.labels else "")
            if root == name and not (attr.block is current and attr.name in ("for_each", "iterator")):
                return True
        current = current.parent
    return False


_FOR = frozenset({"for_tuple_expr", "for_object_expr", "template_for"})


def _skipped_attributes(block: Block, top: Block) -> frozenset[str]:
    if block.type == "variable" and block is top:
        return frozenset({"type"})
    if block.type in ("resource", "data", "ephemeral") and block is top:
        return frozenset({"provider"})
    if block.type == "module" and block is top:
        return frozenset({"providers", "source", "version"})
    if block.type == "lifecycle":
        return frozenset({"ignore_changes"})
    if block.type == "import" and block is top:
        return frozenset({"to", "provider"})
    return frozenset()


def _traversal(
    root: str,
    var: Node,
    sibling: Node | None,
    pos: Positions,
    out: list[Reference],
    top: Block | None,
    attr: Attribute | None,
) -> None:
    """The reference ``root.a.b`` that ``var`` starts: its names up to the first index or splat."""
    parts: list[str] = []
    chain = [var]
    while sibling is not None and sibling.type == "get_attr":
        ident = sibling.child(1)
        if ident is None:
            break
        parts.append(node_text(ident))
        chain.append(sibling)
        sibling = sibling.next_sibling
    if parts:
        out.append(Reference(root, tuple(parts), chain, pos, top, attr))
