"""Building blocks of a YAML language's outline (``LanguageSpec.symbols``): ``Symbol``s whose ranges come
from the YAML nodes."""

from __future__ import annotations

from collections.abc import Iterable

from ...core.document import Position, Range
from ...core.outline import Symbol, symbol
from .nodes import Mapping, Node, Scalar

__all__ = ["Symbol", "first_line", "named_pairs", "pair_range", "pair_symbol", "symbol", "text"]


def pair_range(key: Node, value: Node | None) -> Range:
    """From the key to the end of its value (a null value may sit before the key's end)."""
    end: Position = key.end_pos if value is None else max(key.end_pos, value.end_pos)
    return Range(key.start_pos, end)


def pair_symbol(
    key: Scalar, value: Node | None, kind: str, detail: str | None = None, children: Iterable[Symbol] = ()
) -> Symbol:
    """A key with its value: the whole pair is the range, the key the selection."""
    return symbol(key.value, kind, pair_range(key, value), key.range, detail, children or ())


def named_pairs(node: Node | None) -> list[tuple[Scalar, Node]]:
    """The pairs of a mapping whose key is a non-empty string, as written (merge keys left out)."""
    if not isinstance(node, Mapping):
        return []
    return [
        (k, v)
        for k, v in node.pairs
        if isinstance(k, Scalar) and isinstance(k.value, str) and k.value and k.value != "<<"
    ]


def text(node: Node | None) -> str | None:
    """The string of a non-null scalar."""
    if isinstance(node, Scalar) and not node.is_null and isinstance(node.value, str) and node.value.strip():
        return node.value
    return None


def first_line(value: str, width: int = 40) -> str:
    """The first non-blank line of a script, cut to ``width`` characters."""
    line = next((part.strip() for part in value.splitlines() if part.strip()), "")
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
