"""Local edits to a manifest: set a field of a mapping, creating the mappings on the way.

The hardening rules' fixes (``runAsNonRoot: true``, ``drop: [ALL]``, a probe skeleton) are built
here from the text as written: a new key goes on its own line under the keys of its block mapping,
at their indentation, or inside the braces of a flow mapping. Where the structure is unusual (a
null or templated value on the way, keys not in one column, a merge key, a block scalar last) there
is no edit: a fix must never break the file.
"""

from __future__ import annotations

from functools import lru_cache

from ...core.document import Position, Range
from ...core.findings import Edit
from ..yaml import Mapping, Node, Scalar, Sequence, is_merge_key

Value = str | list[str] | dict[str, "Value"]
DEFAULT_STEP = 2  # indentation of a nested block when the file shows none


def set_field(text: str, mapping: Mapping, path: tuple[str, ...], value: Value) -> Edit | None:
    """The edit that gives ``mapping`` the field ``path`` (``securityContext``, ``capabilities``,
    ``drop``) holding ``value``, creating the missing mappings. None when the field is already there
    (the caller edits its value) or when the way to it is not a plain mapping."""
    node: Node = mapping
    for depth, key in enumerate(path):
        if not isinstance(node, Mapping) or any(is_merge_key(k) for k, _ in node.pairs):
            return None
        child = node.get(key)
        if child is None:
            return _insert(text, node, key, _nest(path[depth + 1 :], value))
        node = child
    return None


def replace_value(node: Node | None, new: str) -> Edit | None:
    """Replace a plain scalar (``false`` -> ``true``); None for anything quoted, tagged or not a scalar."""
    if not isinstance(node, Scalar) or node.style != "" or node.tag or node.start_pos.line != node.end_pos.line:
        return None
    return Edit(node.range, new)


def prepend_item(text: str, sequence: Sequence, item: str) -> Edit | None:
    """Put ``item`` first in a list: ``[ALL, NET_RAW]`` or a ``- ALL`` line above the first item."""
    if sequence.flow:
        first = sequence.items[0] if sequence.items else None
        at = first.start_pos if first is not None else _before_close(sequence)
        return Edit(Range(at, at), f"{item}, " if first is not None else item)
    if not sequence.items:
        return None
    first = sequence.items[0].start_pos
    lines = _lines(text)
    prefix = lines[first.line][: first.column]
    if prefix.strip() != "-":
        return None  # "- - x" or an item that does not start its line
    start = Position(first.line, 0)
    return Edit(Range(start, start), f"{prefix}{item}{_eol(text)}")


def _nest(path: tuple[str, ...], value: Value) -> Value:
    for key in reversed(path):
        value = {key: value}
    return value


@lru_cache(maxsize=4)
def _eol(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


@lru_cache(maxsize=4)
def _lines(text: str) -> list[str]:
    """The text's lines, split once per text: every container's fix asks (treat as read-only)."""
    return text.split("\n")


def _insert(text: str, mapping: Mapping, key: str, value: Value) -> Edit | None:
    if mapping.flow:
        return _insert_flow(mapping, key, value)
    if not mapping.pairs:
        return None
    column = mapping.pairs[0][0].start_pos.column
    if any(k.start_pos.column != column or not isinstance(k, Scalar) for k, _ in mapping.pairs):
        return None
    lines = _lines(text)
    last = _last_line(lines, mapping)
    if last is None:
        return None
    end = len(lines[last].rstrip("\r"))
    eol = _eol(text)
    block = _block(key, value, " " * column, " " * _step(mapping, column))
    at = Position(last, end)
    return Edit(Range(at, at), eol + eol.join(block))


def _insert_flow(mapping: Mapping, key: str, value: Value) -> Edit | None:
    if mapping.start_pos.line != mapping.end_pos.line:
        return None  # a flow mapping over several lines: where a new entry reads well is a matter of taste
    entry = f"{key}: {_flow(value)}"
    if mapping.pairs:
        at = mapping.pairs[-1][1].end_pos
        return Edit(Range(at, at), f", {entry}")
    at = _before_close(mapping)
    return Edit(Range(at, at), entry)


def _before_close(node: Node) -> Position:
    """Just before the ``}`` or ``]`` that closes a flow collection on one line."""
    return Position(node.end_pos.line, node.end_pos.column - 1)


def _last_line(lines: list[str], mapping: Mapping) -> int | None:
    """The last line that holds the mapping's text (a nested block ends at the next line's start)."""
    value = mapping.pairs[-1][1]
    if _ends_in_block_scalar(value):
        return None  # its chomping decides which trailing lines are its own
    end = max(mapping.pairs[-1][0].end_pos, value.end_pos, key=lambda p: (p.line, p.column))
    line = end.line if end.column > 0 else end.line - 1
    while line > 0 and (not lines[line].strip() or lines[line].lstrip().startswith("#")):
        line -= 1
    return line if 0 <= line < len(lines) else None


def _ends_in_block_scalar(node: Node | None) -> bool:
    while isinstance(node, (Mapping, Sequence)) and not node.flow:
        children = [v for _, v in node.pairs] if isinstance(node, Mapping) else node.items
        node = children[-1] if children else None
    return isinstance(node, Scalar) and node.style in ("|", ">")


def _step(mapping: Mapping, column: int) -> int:
    """How far the file indents a nested block mapping under this one."""
    for _, value in mapping.pairs:
        if isinstance(value, Mapping) and not value.flow and value.pairs:
            step = value.pairs[0][0].start_pos.column - column
            if step > 0:
                return step
    return DEFAULT_STEP


def _block(key: str, value: Value, indent: str, step: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{indent}{key}: {_flow(value)}"]
    lines = [f"{indent}{key}:"]
    for child, child_value in value.items():
        lines += _block(child, child_value, indent + step, step)
    return lines


def _flow(value: Value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return value
