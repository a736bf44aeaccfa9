"""YAML nodes that remember where they are.

Every node keeps its start and end as document offsets and as (line, column) positions, both in
Unicode code points like :class:`~infragenius.core.document.Document`. Mappings keep their key nodes
(so a rule can point at a key), scalars keep their style and resolved tag. Aliases resolve to the
anchored node itself; merge keys (``<<``) are kept as written and expanded by :meth:`Mapping.items`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...core.document import Position, Range

# Tags resolved for plain scalars with the YAML 1.2 core schema (GitHub Actions, GitLab and
# Kubernetes all read YAML 1.2: ``on`` and ``yes`` are strings, not booleans).
NULL, BOOL, INT, FLOAT, STR = "null", "bool", "int", "float", "str"
UNKNOWN_TAG = "!undefined-alias"  # tag and type of the stand-in for an alias that cannot be resolved
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MAYBE_TYPED = frozenset("~nNtTfF0123456789-+.")
_NUMBER_START = frozenset("0123456789-+.")  # every int or float of the patterns above starts so
_NULL_WORDS = frozenset(("~", "null", "Null", "NULL", ""))
_BOOL_WORDS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))
_EXPLICIT = {
    "tag:yaml.org,2002:null": NULL,
    "tag:yaml.org,2002:bool": BOOL,
    "tag:yaml.org,2002:int": INT,
    "tag:yaml.org,2002:float": FLOAT,
    "tag:yaml.org,2002:str": STR,
}


def resolve_tag(value: str, style: str | None, tag: str | None) -> str:
    """The kind of a scalar: null, bool, int, float or str (or a custom tag such as ``!reference``)."""
    if tag and tag != "!":
        return _EXPLICIT.get(tag, tag)
    if style or tag == "!":
        return STR  # quoted and block scalars are always strings
    if value and value[0] not in _MAYBE_TYPED:
        return STR  # fast path: most scalars are words
    # Words such as "name" or "needs" start like null or true: sets answer before the patterns
    # (which also accept a final "\n", hence the check on the last character).
    if value in _NULL_WORDS:
        return NULL
    if value in _BOOL_WORDS:
        return BOOL
    if value[0] not in _NUMBER_START and value[-1] != "\n":
        return STR
    if _NULL.match(value):
        return NULL
    if _BOOL.match(value):
        return BOOL
    if _INT.match(value):
        return INT
    if _FLOAT.match(value):
        return FLOAT
    return STR


class Node:
    __slots__ = ("anchor", "end", "end_pos", "start", "start_pos", "tag")
    kind = "node"

    def __init__(
        self, start: int, end: int, start_pos: Position, end_pos: Position, tag: str | None, anchor: str | None
    ):
        self.start = start
        self.end = end
        self.start_pos = start_pos
        self.end_pos = end_pos
        self.tag = tag
        self.anchor = anchor

    @property
    def range(self) -> Range:
        return Range(self.start_pos, self.end_pos)

    def contains(self, offset: int) -> bool:
        return self.start <= offset <= self.end


class Scalar(Node):
    """A scalar. ``style`` is "" (plain), "'", '"', "|" or ">"; ``type`` the resolved tag kind."""

    __slots__ = ("style", "type", "value")
    kind = "scalar"

    def __init__(
        self,
        value: str,
        style: str,
        type_: str,
        start: int,
        end: int,
        start_pos: Position,
        end_pos: Position,
        tag: str | None,
        anchor: str | None,
    ):
        # Node's fields set here rather than through super(): one call less for every scalar.
        self.start = start
        self.end = end
        self.start_pos = start_pos
        self.end_pos = end_pos
        self.tag = tag
        self.anchor = anchor
        self.value = value
        self.style = style
        self.type = type_

    @property
    def is_null(self) -> bool:
        return self.type == NULL

    @property
    def python(self) -> Any:
        """The value as Python sees it (core schema): None, bool, int, float or str."""
        v = self.value
        try:
            if self.type == NULL:
                return None
            if self.type == BOOL:
                return v.lower() == "true"
            if self.type == INT:
                return int(v, 0) if v[:2] in ("0x", "0o") else int(v)
            if self.type == FLOAT:
                low = v.lower()
                return float(low.replace(".inf", "inf").replace(".nan", "nan"))
        except ValueError:
            pass
        return v

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}@{self.start_pos.line}:{self.start_pos.column})"


class Mapping(Node):
    """A mapping. ``pairs`` is exactly what was written (including ``<<`` merge keys)."""

    __slots__ = ("_index", "_items", "flow", "pairs")
    kind = "mapping"

    def __init__(
        self,
        pairs: list[tuple[Node, Node]],
        flow: bool,
        start: int,
        end: int,
        start_pos: Position,
        end_pos: Position,
        tag: str | None,
        anchor: str | None,
    ):
        self.start = start  # Node's fields, set here as in Scalar
        self.end = end
        self.start_pos = start_pos
        self.end_pos = end_pos
        self.tag = tag
        self.anchor = anchor
        self.pairs = pairs
        self.flow = flow
        self._index: dict[str, tuple[Node, Node]] | None = None
        self._items: list[tuple[Node, Node]] | None = None

    def items(self) -> list[tuple[Node, Node]]:
        """Pairs with merge keys expanded: own keys first win, then merged ones in order."""
        if self._items is None:
            self._items = self._merged()
        return self._items

    def _merged(self) -> list[tuple[Node, Node]]:
        if not any(_is_merge_key(k) for k, _ in self.pairs):
            return self.pairs
        own = [(k, v) for k, v in self.pairs if not _is_merge_key(k)]
        seen = {k.value for k, _ in own if isinstance(k, Scalar)}
        out = list(own)
        for k, v in self.pairs:
            if not _is_merge_key(k):
                continue
            sources = v.items if isinstance(v, Sequence) else [v]
            for source in sources:
                if isinstance(source, Mapping) and source is not self:
                    for mk, mv in source.items():
                        name = mk.value if isinstance(mk, Scalar) else None
                        if name not in seen:
                            seen.add(name)
                            out.append((mk, mv))
        return out

    def _lookup(self) -> dict[str, tuple[Node, Node]]:
        if self._index is None:
            index: dict[str, tuple[Node, Node]] = {}
            for k, v in self.items():
                if isinstance(k, Scalar):
                    index.setdefault(k.value, (k, v))
            self._index = index
        return self._index

    # The index is usually built by the composer; rules call these thousands of times per file.
    def get(self, key: str) -> Node | None:
        pair = (self._index if self._index is not None else self._lookup()).get(key)
        return pair[1] if pair is not None else None

    def key_node(self, key: str) -> Node | None:
        pair = (self._index if self._index is not None else self._lookup()).get(key)
        return pair[0] if pair is not None else None

    def pair(self, key: str) -> tuple[Node, Node] | None:
        return (self._index if self._index is not None else self._lookup()).get(key)

    def __contains__(self, key: str) -> bool:
        return key in (self._index if self._index is not None else self._lookup())

    def keys(self) -> list[str]:
        return list(self._lookup())

    def __len__(self) -> int:
        return len(self.pairs)

    def __repr__(self) -> str:
        return f"Mapping({len(self.pairs)} pairs@{self.start_pos.line}:{self.start_pos.column})"


class Sequence(Node):
    __slots__ = ("flow", "items")
    kind = "sequence"

    def __init__(
        self,
        items: list[Node],
        flow: bool,
        start: int,
        end: int,
        start_pos: Position,
        end_pos: Position,
        tag: str | None,
        anchor: str | None,
    ):
        self.start = start  # Node's fields, set here as in Scalar
        self.end = end
        self.start_pos = start_pos
        self.end_pos = end_pos
        self.tag = tag
        self.anchor = anchor
        self.items = items
        self.flow = flow

    def __iter__(self) -> Iterator[Node]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Sequence({len(self.items)} items@{self.start_pos.line}:{self.start_pos.column})"


def _is_merge_key(key: Node) -> bool:
    return isinstance(key, Scalar) and key.value == "<<" and key.style == ""


def is_merge_key(key: Node) -> bool:
    return _is_merge_key(key)


def string_value(node: Node | None) -> str | None:
    """The text of a string scalar (a key or a value); None for anything else."""
    return node.value if isinstance(node, Scalar) and isinstance(node.value, str) else None


def walk(node: Node | None) -> Iterator[Node]:
    """Every node under ``node`` (keys included), depth first, each anchored node once."""
    if node is None:
        return
    # Only an alias makes a node appear twice, and an alias's target is an anchored node: tracking
    # anchored nodes alone yields exactly what tracking every node would, for a fraction of the cost.
    seen: set[int] = set()
    stack = [node]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        current = pop()
        if current.anchor:
            if id(current) in seen:
                continue
            seen.add(id(current))
        yield current
        cls = current.__class__
        if cls is Mapping:
            for k, v in reversed(current.pairs):
                push(v)
                push(k)
        elif cls is Sequence:
            extend(reversed(current.items))


def path_at(node: Node | None, offset: int) -> list[tuple[Node | None, Node]]:
    """The chain of (key, node) from ``node`` down to the innermost node containing ``offset``.

    The key is the mapping key a value sits under (None for sequence items and the root); when the
    offset is on a key, the last element is (key, key).
    """
    chain: list[tuple[Node | None, Node]] = []
    current: Node | None = node
    key: Node | None = None
    while current is not None and current.contains(offset):
        chain.append((key, current))
        nxt: Node | None = None
        if isinstance(current, Mapping):
            for k, v in current.pairs:
                if k.contains(offset) and not (isinstance(v, Node) and v.start <= offset and k.end < offset):
                    chain.append((k, k))
                    return chain
                if v.contains(offset):
                    key, nxt = k, v
                    break
        elif isinstance(current, Sequence):
            for item in current.items:
                if item.contains(offset):
                    key, nxt = None, item
                    break
        if nxt is current:
            break
        current = nxt
    return chain


def construct_span(node: Node | None, line: int) -> tuple[int, int] | None:
    """Lines of the outermost construct (a key with its value, or a sequence item) that starts on
    ``line``: what a suppression comment on the line above should cover."""
    while node is not None:
        nxt: Node | None = None
        if isinstance(node, Mapping):
            for key, value in node.pairs:
                if key.start_pos.line == line:
                    return line, max(key.end_pos.line, value.end_pos.line)
                if key.start_pos.line < line <= value.end_pos.line:
                    nxt = value
                    break
        elif isinstance(node, Sequence):
            for item in node.items:
                if item.start_pos.line == line:
                    return line, item.end_pos.line
                if item.start_pos.line < line <= item.end_pos.line:
                    nxt = item
                    break
        if nxt is node:
            return None
        node = nxt
    return None
