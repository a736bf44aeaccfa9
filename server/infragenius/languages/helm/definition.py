"""Go-to-definition in Helm templates: ``.Values.a.b`` jumps to the key in values.yaml (the segment
under the cursor: on ``a`` to ``a:``, on ``b`` to ``b:``), ``include "x"`` / ``template "x"`` to the
``define "x"`` in whichever template of the chart (or a subchart, vendored or beside it) holds it.
Scoped references (``.tag`` inside ``with .Values.image``, ``$svc.port`` in ``range $n, $svc :=
.Values.services``) jump to their key too: for list items and map values, the key in the first one
that has it."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from ..yaml import Mapping
from .callers import define_contexts
from .chart import Chart
from .gotemplate import Template, scan, value_paths
from .parse import HelmDocument
from .scopes import ELEMENT, values_operand
from .values_lookup import find


def definition(document: Document, model: HelmDocument | None, position: Position):
    if model is None or model.template is None or model.chart is None:
        return None
    offset = document.offset_at(position)
    for token, path, _ in value_paths(model.template):
        if token.start <= offset <= token.end:
            return _value_key(document, model.chart, token.text, token.start, path, offset)
    scoped = _scoped_key(document, model, offset)
    if scoped is not None:
        return scoped
    name = include_name_at(model.template, offset)
    if name is not None:
        token, value = name
        return define_target(model.chart, value, document.range_of(token.start, token.end))
    return None


def _value_key(document: Document, chart: Chart, text: str, start: int, path: list[str], offset: int):
    """The values.yaml key of the path segment under ``offset``; on ``.Values`` itself, values.yaml.
    A key missing from values.yaml has no definition (no fallback to its parent)."""
    head = text.index("Values") + len("Values")  # ".Values" or "$.Values"
    if chart.values is None:
        return None
    depth = segment_depth(text, start, path, offset)
    if depth == 0:
        return chart.values_path, Range.of(0, 0, 0, 0), document.range_of(start, start + head)
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


def segment_depth(text: str, start: int, path: list[str], offset: int) -> int:
    """Which segment of a literal ``.Values.a.b`` token is under ``offset`` (1-based; 0 on ``.Values``)."""
    head = text.index("Values") + len("Values")
    rel = offset - start
    return 0 if rel <= head else min(len(text[head:rel].split(".")) - 1, len(path))


def scoped_target(model: HelmDocument, offset: int):
    """(value path up to the segment under ``offset``, origin offsets) of a scoped ``.a.b``/``$x.a``,
    or None when it is not known to read ``.Values``."""
    found = values_operand(model.template, offset, define_contexts(model.chart))
    if found is None:
        return None
    full, token = found
    parts = token.text.split(".") if token.kind == "field" else [token.text]
    head, written = len(parts[0]), parts[1:]
    target, origin = full[: len(full) - len(written)], (token.start, token.start + max(head, 1))
    pos = token.start + head  # the dot before each written segment
    for i, part in enumerate(written):
        if offset > pos or head == 0:
            target, origin = full[: len(full) - len(written) + i + 1], (pos + 1, pos + 1 + len(part))
        pos += 1 + len(part)
        if offset <= pos:
            break
    while target and target[-1] == ELEMENT:
        target = target[:-1]  # an element as a whole: its collection's key
    return target, origin


def _scoped_key(document: Document, model: HelmDocument, offset: int):
    """The values.yaml key of the segment under ``offset`` of a scoped ``.a.b``/``$x.a``; on the head
    (``$x``, a bare ``.``) the key of what it stands for (a range element: its list or map's key)."""
    scoped = scoped_target(model, offset) if model.chart.values is not None else None
    if scoped is None:
        return None
    target, origin = scoped
    if target == ("Values",):
        return model.chart.values_path, Range.of(0, 0, 0, 0), document.range_of(*origin)
    found = find(model.chart.values, target[1:])
    if found is None or found.anchor is None:
        return None
    return model.chart.values_path, found.anchor.range, document.range_of(*origin)


def include_name_at(template: Template, offset: int):
    for action in template.actions:
        if not action.start <= offset <= action.end:
            continue
        tokens = action.tokens
        for i, token in enumerate(tokens[:-1]):
            name = tokens[i + 1]
            if (
                token.kind == "ident"
                and token.text in ("include", "template")
                and name.kind in ("string", "raw")
                and name.start <= offset <= name.end
            ):
                return name, name.value
    return None


def define_target(chart: Chart, name: str, origin: Range):
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
