"""Completion in Bake files: target names in a group's ``targets``, in ``inherits`` and after ``target:`` in
``contexts``; the attributes of a target or group where one is typed (with their documentation).

The block the cursor is in is read from the text above it (the line being typed often does not parse).
"""

from __future__ import annotations

import re

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from . import docs
from .model import BakeFile

_HEADER = re.compile(r'^\s*(?P<kind>target|group)\s+"(?P<name>[^"]*)"\s*\{')
_LIST = re.compile(r'^\s*(?P<key>targets|inherits)\s*=\s*\[(?P<listed>(?:[^\]]*,)?)\s*"(?P<typed>[\w.-]*)$')
_CONTEXT = re.compile(r'"target:(?P<typed>[\w.-]*)$')
_ATTRIBUTE = re.compile(r"^\s*(?P<typed>[A-Za-z][\w-]*)?$")
_WORD = re.compile(r"[\w.-]*")


def completion(document: Document, model: BakeFile | None, position: Position) -> list[CompletionItem] | None:
    if not isinstance(model, BakeFile):
        return None
    line = document.line_text(position.line)
    column = min(max(position.column, 0), len(line))
    before, after = line[:column], line[column:]
    block = _enclosing_block(document, position.line)
    if block is None:
        return None
    kind, name = block
    found = _LIST.match(before) or _CONTEXT.search(before)
    if found is not None:
        listed = {part.strip(' "') for part in (found.groupdict().get("listed") or "").split(",")}
        names = {b.name for b in model.blocks if b.kind in ("target", "group")} | model.project_targets
        candidates = sorted(names - listed - {name})
        return _items(candidates, "class", "target", found.group("typed"), position, after) or None
    found = _ATTRIBUTE.match(before)
    if found is None:
        return None
    table = docs.TARGET_ATTRIBUTES if kind == "target" else docs.GROUP_ATTRIBUTES
    present = next((set(b.attributes) for b in model.blocks if b.kind == kind and b.name == name), set())
    present |= _keys_around(document, position.line)  # a half-typed line may leave the block unparsed
    typed = found.group("typed") or ""
    items = _items([a for a in table if a not in present], "property", f"{kind} attribute", typed, position, after)
    suffix = "" if after[_end(after) :].lstrip().startswith("=") else " = "
    return [CompletionItem(i.label, i.kind, i.detail, table[i.label], i.label + suffix, i.range) for i in items] or None


def _items(
    names: list[str], kind: str, detail: str, typed: str, position: Position, after: str
) -> list[CompletionItem]:
    replace = Range.of(position.line, position.column - len(typed), position.line, position.column + _end(after))
    return [CompletionItem(label=n, kind=kind, detail=detail, insert_text=n, range=replace) for n in names]


def _end(text: str) -> int:
    found = _WORD.match(text)
    return found.end() if found is not None else 0


_KEY = re.compile(r"^\s*([A-Za-z][\w-]*)\s*=")


def _keys_around(document: Document, line: int) -> set[str]:
    """The attribute names written directly in the block that holds ``line`` (above and below it)."""
    found: set[str] = set()
    for step in (-1, 1):
        depth, number = 0, line + step
        while 0 <= number < document.line_count:
            text = document.line_text(number).split("#", 1)[0]
            opened, closed = text.count("{") + text.count("["), text.count("}") + text.count("]")
            if step == -1:  # upwards a line's own opening belongs to the key it starts
                depth += closed - opened
            if depth < 0:
                break
            if depth == 0 and (key := _KEY.match(text)):
                found.add(key.group(1))
            if step == 1:
                depth += opened - closed
                if depth < 0:
                    break
            number += step
    return found


def _enclosing_block(document: Document, line: int) -> tuple[str, str] | None:
    """(kind, name) of the target or group block whose body holds ``line`` directly."""
    depth = 0
    for number in range(line - 1, -1, -1):
        text = document.line_text(number).split("#", 1)[0]
        depth += text.count("}") - text.count("{")
        if depth < 0:
            header = _HEADER.match(text)
            return (header.group("kind"), header.group("name")) if header and depth == -1 else None
    return None
