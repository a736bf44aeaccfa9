"""Completion in Helm templates: ``.Values.`` paths from values.yaml (one level at a time:
``.Values.`` offers the top keys, ``.Values.image.`` the keys under ``image``), and template names
inside ``include "`` / ``template "``."""

from __future__ import annotations

import re

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Scalar
from .hover import _preview
from .parse import HelmDocument

_VALUES_PATH = re.compile(r"(?:(?<![\w$])|(?<=\$))\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.([A-Za-z0-9_]*)$")
_INCLUDE_NAME = re.compile(r"\b(?:include|template)\s+\"([^\"]*)$")
_WORD_TAIL = re.compile(r"[A-Za-z0-9_]*")
_NAME_TAIL = re.compile(r"[^\"\s}]*")


def completion(document: Document, model: HelmDocument | None, position: Position) -> list[dict] | None:
    if model is None or model.template is None or model.chart is None:
        return None
    offset = document.offset_at(position)
    if not any(a.start < offset <= a.end and not a.comment for a in model.template.actions):
        return None  # outside {{ }}: plain YAML text
    line = document.line_text(position.line)
    before, after = line[: position.column], line[position.column :]
    found = _VALUES_PATH.search(before)
    if found is not None:
        path = [p for p in found.group(1).split(".") if p]
        replace = _replaced(position, len(found.group(2)), _WORD_TAIL.match(after).end())
        return _value_keys(model, path, replace)
    found = _INCLUDE_NAME.search(before)
    if found is not None:
        replace = _replaced(position, len(found.group(1)), _NAME_TAIL.match(after).end())
        return [
            {"label": name, "kind": "function", "detail": f"define in {path.name}", "range": replace}
            for name, (path, _) in sorted(model.chart.defines.items())
        ]
    return None


def _replaced(position: Position, typed: int, tail: int) -> Range:
    """The partial word before the cursor and the rest of it after: what a chosen item replaces."""
    return Range.of(position.line, position.column - typed, position.line, position.column + tail)


def _value_keys(model: HelmDocument, path: list[str], replace: Range) -> list[dict] | None:
    node = model.chart.values
    for part in path:
        node = node.get(part) if isinstance(node, Mapping) else None
    if not isinstance(node, Mapping):
        return None
    items = []
    for key, value in node.items():
        if not isinstance(key, Scalar) or not isinstance(key.value, str):
            continue
        preview = _preview(value)
        items.append({
            "label": key.value,
            "kind": "module" if isinstance(value, Mapping) else "field",
            "detail": preview if len(preview) <= 80 else preview[:79] + "…",
            "documentation": f"`.Values.{'.'.join([*path, key.value])}` — {model.chart.values_path.name}:{key.start_pos.line + 1}",
            "range": replace,
        })
    return items
