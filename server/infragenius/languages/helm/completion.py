"""Completion in Helm templates: ``.Values.`` paths from values.yaml (one level at a time:
``.Values.`` offers the top keys, ``.Values.image.`` the keys under ``image``), the same for scoped
references (``.`` inside ``with .Values.image``, ``$svc.`` for each value of ``range $n, $svc :=
.Values.services``: the keys of every item or map value), and template names inside ``include "`` /
``template "``."""

from __future__ import annotations

import re

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from ..yaml import Mapping, Scalar
from .callers import define_contexts
from .hover import value_preview
from .parse import HelmDocument
from .scopes import ELEMENT, scope_at
from .values_lookup import display, keys_at

_VALUES_PATH = re.compile(r"(?:(?<![\w$])|(?<=\$))\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.([A-Za-z0-9_]*)$")
_SCOPED_PATH = re.compile(r"(?<![\w$).\]\"'`])(\$[A-Za-z0-9_]*)?((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.([A-Za-z0-9_]*)$")
_INCLUDE_NAME = re.compile(r"\b(?:include|template)\s+\"([^\"]*)$")
_WORD_TAIL = re.compile(r"[A-Za-z0-9_]*")
_NAME_TAIL = re.compile(r"[^\"\s}]*")


def completion(document: Document, model: HelmDocument | None, position: Position) -> list[CompletionItem] | None:
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
    found = _SCOPED_PATH.search(before)
    if found is not None and not _in_string(model, offset):
        replace = _replaced(position, len(found.group(3)), _WORD_TAIL.match(after).end())
        scoped = _scoped_keys(model, offset, found.group(1), found.group(2), replace)
        if scoped is not None:
            return scoped
    found = _INCLUDE_NAME.search(before)
    if found is not None:
        replace = _replaced(position, len(found.group(1)), _NAME_TAIL.match(after).end())
        return [
            CompletionItem(label=name, kind="function", detail=f"define in {path.name}", range=replace)
            for name, (path, _) in sorted(model.chart.defines.items())
        ]
    return None


def _replaced(position: Position, typed: int, tail: int) -> Range:
    """The partial word before the cursor and the rest of it after: what a chosen item replaces."""
    return Range.of(position.line, position.column - typed, position.line, position.column + tail)


def _value_keys(model: HelmDocument, path: list[str], replace: Range) -> list[CompletionItem] | None:
    node = model.chart.values
    for part in path:
        node = node.get(part) if isinstance(node, Mapping) else None
    if not isinstance(node, Mapping):
        return None
    items = []
    for key, value in node.items():
        if not isinstance(key, Scalar) or not isinstance(key.value, str):
            continue
        preview = value_preview(value)
        items.append(
            CompletionItem(
                label=key.value,
                kind="module" if isinstance(value, Mapping) else "field",
                detail=preview if len(preview) <= 80 else preview[:79] + "…",
                documentation=f"`.Values.{'.'.join([*path, key.value])}` — {model.chart.values_path.name}:{key.start_pos.line + 1}",
                range=replace,
            )
        )
    return items


def _in_string(model: HelmDocument, offset: int) -> bool:
    """The cursor is inside a string literal (closed, or still being typed)."""
    for action in model.template.actions:
        if action.start < offset <= action.end:
            for t in action.tokens:
                closed = len(t.text) > 1 and t.text[-1] == t.text[0]
                if (
                    t.kind in ("string", "raw", "char")
                    and t.start < offset
                    and (offset < t.end or offset == t.end and not closed)
                ):
                    return True
    return False


def _scoped_keys(
    model: HelmDocument, offset: int, variable: str | None, fields: str, replace: Range
) -> list[CompletionItem] | None:
    """Keys after ``.``, ``.a.``, ``$x.``, ``$x.a.`` where the scope resolves to a values path."""
    action = next((a for a in model.template.actions if a.start < offset <= a.end), None)
    if action is None:
        return None
    scope = scope_at(
        model.template, action.start + 1, define_contexts(model.chart)
    )  # the scope the action's operands see
    base = scope.dot if variable is None else scope.variables.get(variable)
    if base is None:
        return None
    path = base + tuple(p for p in fields.split(".") if p)
    if path[:1] != ("Values",):
        return None
    keys = keys_at(model.chart.values, path[1:])
    if not keys:
        return None
    items = []
    for name, key, value in keys:
        preview = value_preview(value)
        items.append(
            CompletionItem(
                label=name,
                kind="module" if isinstance(value, Mapping) else "field",
                detail=preview if len(preview) <= 80 else preview[:79] + "…",
                documentation=f"`{display((*path[1:], name))}` — {model.chart.values_path.name}:{key.start_pos.line + 1}"
                + (" (first element that has it)" if ELEMENT in path else ""),
                range=replace,
            )
        )
    return items
