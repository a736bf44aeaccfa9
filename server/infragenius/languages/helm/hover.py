"""Hover in Helm templates: ``.Values.a.b`` shows its default and where values.yaml defines it, and
so do scoped references (``.tag`` inside ``with .Values.image``, ``$svc.port`` for each value of
``range $name, $svc := .Values.services``; for list items and map values, the first one that has the
key); ``include "x"`` shows where the template is defined."""

from __future__ import annotations

from ...core.document import Document, Position
from ..yaml import Mapping, Scalar, Sequence
from .callers import define_contexts
from .gotemplate import value_paths
from .parse import HelmDocument
from .scopes import ELEMENT, values_operand
from .values_lookup import Found, display, display_chosen, find


def hover(document: Document, model: HelmDocument | None, position: Position) -> str | None:
    if model is None or model.template is None or model.chart is None:
        return None
    offset = document.offset_at(position)
    for token, path, _ in value_paths(model.template):
        if token.start <= offset <= token.end:
            return _value_hover(model, path)
    scoped = _scoped_hover(model, offset)
    if scoped is not None:
        return scoped
    for action in model.template.actions:
        if not action.start <= offset <= action.end:
            continue
        for i, token in enumerate(action.tokens[:-1]):
            name = action.tokens[i + 1]
            if token.text in ("include", "template") and name.start <= offset <= name.end:
                return _define_hover(model, name.value)
    return None


def _value_hover(model: HelmDocument, path: list[str]) -> str:
    chart = model.chart
    status, node = chart.lookup(path)
    title = f"**.Values.{'.'.join(path)}**"
    if status != "found" or node is None:
        return f"{title}\n\nNot defined in values.yaml."
    where = f"{chart.values_path.name}:{node.start_pos.line + 1}"
    return f"{title} — {where}\n\n```yaml\n{value_preview(node)}\n```"


def _scoped_hover(model: HelmDocument, offset: int) -> str | None:
    """A ``.``/``.a``/``$x.a`` whose scope resolves to a values path that values.yaml defines."""
    found_path = values_operand(model.template, offset, define_contexts(model.chart))
    if found_path is None or len(found_path[0]) < 2:
        return None
    rest = found_path[0][1:]
    found = find(model.chart.values, rest)
    if found is None:
        return None  # e.g. an item key no item has: nothing to show, nothing certain to warn about
    line = (found.anchor or found.node).start_pos.line + 1
    text = f"**{display(rest)}** — {model.chart.values_path.name}:{line}"
    if ELEMENT in rest:
        text += f"\n\n{_element_note(rest, found)}"
    return f"{text}\n\n```yaml\n{value_preview(found.node)}\n```"


def _element_note(rest: tuple[str, ...], found: Found) -> str:
    """Which list item / map value is shown, and how many of them have the key."""
    last = len(rest) - 1 - rest[::-1].index(ELEMENT)
    kind = "item" if found.chosen[last].startswith("[") else "map value"
    note = f"Shown: `{display_chosen(found.chosen)}`, the first {kind}"
    if last < len(rest) - 1:
        note += " that has it"
        if found.having is not None and found.having[0] < found.having[1]:
            note += f" ({found.having[0]} of {found.having[1]} have it)"
    return note + "."


def value_preview(node, depth: int = 0) -> str:
    if isinstance(node, Scalar):
        return (
            "null"
            if node.is_null
            else repr(node.python)
            if isinstance(node.python, str) and node.value == ""
            else str(node.value)
        )
    if isinstance(node, Mapping):
        keys = [str(k.value) for k, _ in node.items() if isinstance(k, Scalar)]
        shown = ", ".join(keys[:8]) + (", ..." if len(keys) > 8 else "")
        return f"{{{shown}}}" if keys else "{}"
    if isinstance(node, Sequence):
        return f"[{len(node.items)} items]"
    return "?"


def _define_hover(model: HelmDocument, name: str) -> str:
    found = model.chart.defines.get(name)
    if found is None:
        return f"**{name}**\n\nNot defined in this chart."
    path, action = found
    line = path.read_text("utf-8", "replace")[: action.start].count("\n") + 1 if path.exists() else "?"
    return f"**{name}** — defined in `{path.relative_to(model.chart.root)}:{line}`"
