"""Go-to-definition in Helm templates: ``.Values.a.b`` jumps to the key in values.yaml (the segment
under the cursor: on ``a`` to ``a:``, on ``b`` to ``b:``), ``include "x"`` / ``template "x"`` to the
``define "x"`` in whichever template of the chart (or a vendored subchart) holds it."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from ..yaml import Mapping
from .chart import Chart
from .gotemplate import Template, scan, value_paths
from .parse import HelmDocument


def definition(document: Document, model: HelmDocument | None, position: Position):
    if model is None or model.template is None or model.chart is None:
        return None
    offset = document.offset_at(position)
    for token, path, _ in value_paths(model.template):
        if token.start <= offset <= token.end:
            return _value_key(document, model.chart, token.text, token.start, path, offset)
    name = _include_name_at(model.template, offset)
    if name is not None:
        token, value = name
        return _define(model.chart, value, document.range_of(token.start, token.end))
    return None


def _value_key(document: Document, chart: Chart, text: str, start: int, path: list[str], offset: int):
    """The values.yaml key of the path segment under ``offset``; on ``.Values`` itself, values.yaml.
    A key missing from values.yaml has no definition (no fallback to its parent)."""
    head = text.index("Values") + len("Values")  # ".Values" or "$.Values"
    rel = offset - start
    if chart.values is None:
        return None
    if rel <= head:
        return chart.values_path, Range.of(0, 0, 0, 0), document.range_of(start, start + head)
    depth = min(len(text[head:rel].split(".")) - 1, len(path))  # 1-based segment under the cursor
    node = chart.values
    key = None
    for part in path[:depth]:
        if not isinstance(node, Mapping):
            return None
        pair = node.pair(part)
        if pair is None:
            return None
        key, node = pair
    if key is None:
        return None
    segment_start = start + head + sum(len(p) + 1 for p in path[: depth - 1]) + 1
    origin = document.range_of(segment_start, segment_start + len(path[depth - 1]))
    return chart.values_path, key.range, origin


def _include_name_at(template: Template, offset: int):
    for action in template.actions:
        if not action.start <= offset <= action.end:
            continue
        tokens = action.tokens
        for i, token in enumerate(tokens[:-1]):
            name = tokens[i + 1]
            if token.kind == "ident" and token.text in ("include", "template") and name.kind in ("string", "raw") \
                    and name.start <= offset <= name.end:
                return name, name.value
    return None


def _define(chart: Chart, name: str, origin: Range):
    found = chart.defines.get(name)
    if found is None:
        return None
    path, action = found
    template = chart.templates.get(path)
    if template is None:  # a vendored subchart's helpers: not kept on the chart
        try:
            template = scan(path.read_text("utf-8", "replace"))
        except OSError:
            return None
        action = template.defines.get(name, action)
    token = action.string_arg()
    if token is None:
        return None
    where = Document(uri=str(path), text=template.text, path=path)  # only for offsets -> positions
    return path, where.range_of(token.start, token.end), origin
