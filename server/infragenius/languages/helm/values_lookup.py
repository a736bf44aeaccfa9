"""Find a scoped values path (``scopes.ELEMENT`` markers included) in values.yaml.

An element marker stands for every item of a list or every value of a map; the lookup takes the first
element (in file order) through which the rest of the path exists, and records which one, so hover can
say "from item 0" and definition can jump to that item's key.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..yaml import Mapping, Node, Scalar, Sequence
from .scopes import ELEMENT, ValuePath


@dataclass
class Found:
    node: Node  # the value
    anchor: Node | None  # what definition jumps to: the last key (or the list item); None at the values root
    chosen: list[str]  # the concrete path written out: ["ingress", "hosts", "[0]", "host"]
    having: tuple[int, int] | None = None  # (elements that have the rest, elements) for the last marker


def find(values: Mapping | None, path: ValuePath) -> Found | None:
    """``path`` after ``Values`` (e.g. ("image", "tag") or ("hosts", ELEMENT, "host"))."""
    if values is None:
        return None
    found = _search(values, list(path), 0, None, [])
    if found is not None and ELEMENT in path:
        last = len(path) - 1 - list(reversed(path)).index(ELEMENT)
        collection = _concrete(values, found.chosen[:last])  # one chosen part per path part
        if collection is not None:
            elements = _elements(collection)
            rest = list(path[last + 1 :])
            have = sum(1 for _, element, _ in elements if _search(element, rest, 0, None, []) is not None)
            found.having = (have, len(elements))
    return found


def keys_at(values: Mapping | None, path: ValuePath) -> list[tuple[str, Node, Node]]:
    """(key, key node, value) offered after ``path.``: the keys of the mapping there, for element
    markers the keys of every element in order of first appearance (values from the first that has it)."""
    out: dict[str, tuple[str, Node, Node]] = {}
    for node in _all(values, list(path)) if values is not None else []:
        if isinstance(node, Mapping):
            for key, value in node.items():
                if isinstance(key, Scalar) and isinstance(key.value, str):
                    out.setdefault(key.value, (key.value, key, value))
    return list(out.values())


def display(path: ValuePath) -> str:
    """``.Values.hosts[*].host`` for ("hosts", ELEMENT, "host")."""
    return ".Values" + "".join(part if part == ELEMENT else f".{part}" for part in path)


def display_chosen(chosen: list[str]) -> str:
    return ".Values" + "".join(part if part.startswith("[") else f".{part}" for part in chosen)


def _search(node: Node, path: list[str], i: int, anchor: Node | None, chosen: list[str]) -> Found | None:
    if i == len(path):
        return Found(node, anchor, chosen)
    if path[i] == ELEMENT:
        for label, element, element_anchor in _elements(node):
            found = _search(element, path, i + 1, element_anchor, [*chosen, label])
            if found is not None:
                return found
        return None
    pair = node.pair(path[i]) if isinstance(node, Mapping) else None
    if pair is None:
        return None
    return _search(pair[1], path, i + 1, pair[0], [*chosen, path[i]])


def _elements(node: Node) -> list[tuple[str, Node, Node]]:
    """(label, element, anchor) of a list's items or a map's values."""
    if isinstance(node, Sequence):
        return [(f"[{i}]", item, item) for i, item in enumerate(node.items)]
    if isinstance(node, Mapping):
        return [(str(k.value), v, k) for k, v in node.items() if isinstance(k, Scalar)]
    return []


def _all(node: Node, path: list[str]) -> list[Node]:
    """Every node the path reaches (element markers fan out)."""
    if not path:
        return [node]
    head, rest = path[0], path[1:]
    if head == ELEMENT:
        return [found for _, element, _ in _elements(node) for found in _all(element, rest)]
    child = node.get(head) if isinstance(node, Mapping) else None
    return _all(child, rest) if child is not None else []


def _concrete(values: Mapping, chosen: list[str]) -> Node | None:
    """The node at a chosen path (list items written "[i]")."""
    node: Node | None = values
    for part in chosen:
        if isinstance(node, Sequence) and part.startswith("["):
            node = node.items[int(part[1:-1])]
        elif isinstance(node, Mapping):
            node = node.get(part)
        else:
            return None
    return node
