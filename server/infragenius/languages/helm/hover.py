"""Hover in Helm templates: ``.Values.a.b`` shows its default and where values.yaml defines it;
``include "x"`` shows where the template is defined."""

from __future__ import annotations

from ...core.document import Document, Position
from ..yaml import Mapping, Scalar, Sequence
from .gotemplate import value_paths
from .parse import HelmDocument


def hover(document: Document, model: HelmDocument | None, position: Position) -> str | None:
    if model is None or model.template is None or model.chart is None:
        return None
    offset = document.offset_at(position)
    for token, path, _ in value_paths(model.template):
        if token.start <= offset <= token.end:
            return _value_hover(model, path)
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
    return f"{title} — {where}\n\n```yaml\n{_preview(node)}\n```"


def _preview(node, depth: int = 0) -> str:
    if isinstance(node, Scalar):
        return "null" if node.is_null else repr(node.python) if isinstance(node.python, str) and node.value == "" else str(node.value)
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
