"""Find references in Helm templates: on ``.Values.a.b`` (or a scoped ``.b`` / ``$x.b`` known to read
it) every template of the chart that reads that path, literal or scoped, with the values.yaml key as
the declaration; on ``include "x"`` / ``template "x"`` / ``define "x"`` every call of that define, with
the ``define`` as the declaration. The path is the one up to the segment under the cursor (on ``image``
of ``.Values.image.tag``: every read of ``.Values.image``, ``.Values.image.tag`` included)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from ...core.document import Document, Position, Range
from .callers import define_contexts
from .definition import define_target, include_name_at, scoped_target, segment_depth
from .gotemplate import Template, value_paths
from .parse import HelmDocument
from .scopes import ValuePath, scope_at
from .values_lookup import find

_OPERANDS = ("field", "variable")


def references(
    document: Document, model: HelmDocument | None, position: Position, include_declaration: bool
) -> list[tuple] | None:
    if not isinstance(model, HelmDocument) or model.template is None or model.chart is None:
        return None
    offset = document.offset_at(position)
    for token, path, _ in value_paths(model.template):
        if token.start <= offset <= token.end:
            depth = segment_depth(token.text, token.start, path, offset)
            return _value_references(document, model, tuple(path[:depth]), include_declaration) if depth else None
    scoped = scoped_target(model, offset)
    if scoped is not None:
        target = scoped[0][1:]
        return _value_references(document, model, target, include_declaration) if target else None
    name = _define_name_at(model.template, offset)
    return _define_references(document, model, name, include_declaration) if name is not None else None


# -- values --------------------------------------------------------------------------------------
def _value_references(
    document: Document, model: HelmDocument, target: ValuePath, include_declaration: bool
) -> list[tuple] | None:
    found = find(model.chart.values, target) if model.chart.values is not None else None
    if found is None or found.anchor is None:
        return None  # not a key of values.yaml: nothing known to point at
    out: list[tuple] = [(model.chart.values_path, found.anchor.range)] if include_declaration else []
    defines = define_contexts(model.chart)
    for path, template, where in _templates(document, model):
        spans = list(_literal_reads(template, target)) + list(_scoped_reads(template, target, defines))
        out.extend((path, where.range_of(start, end)) for start, end in sorted(spans))
    return out


def _literal_reads(template: Template, target: ValuePath) -> Iterator[tuple[int, int]]:
    for token, path, _ in value_paths(template):
        if tuple(path[: len(target)]) == target:
            head = token.text.index("Values") + len("Values")
            yield token.start, token.start + head + sum(len(p) + 1 for p in target)


def _scoped_reads(template: Template, target: ValuePath, defines: dict) -> Iterator[tuple[int, int]]:
    """``.b`` in ``with .Values.a``, ``$x.b``...: the written segments up to the target's last one.
    A bare ``.``/``$x`` standing for the whole value is left out (nothing of the path is written)."""
    wanted = ("Values", *target)
    for action in template.actions:
        operands = [(i, t) for i, t in enumerate(action.tokens) if t.kind in _OPERANDS and not _literal(t)]
        if action.comment or not operands:
            continue
        scope = scope_at(template, operands[0][1].start, defines)
        for i, token in operands:
            full = scope.resolve(token, action.tokens[i - 1] if i else None)
            if full is None or tuple(full[: len(wanted)]) != wanted:
                continue
            parts = token.text.split(".") if token.kind == "field" else [token.text]
            written = parts[1:]
            needed = len(wanted) - (len(full) - len(written))  # written segments that spell the target
            if 1 <= needed <= len(written):
                yield token.start, token.start + len(parts[0]) + sum(len(p) + 1 for p in written[:needed])


def _literal(token) -> bool:
    parts = token.text.split(".")
    return token.kind == "field" and parts[0] in ("", "$") and len(parts) > 2 and parts[1] == "Values"


# -- defines -------------------------------------------------------------------------------------
def _define_name_at(template: Template, offset: int) -> str | None:
    found = include_name_at(template, offset)
    if found is not None:
        return found[1]
    for action in template.actions:
        token = action.string_arg() if action.keyword in ("define", "block") else None
        if token is not None and token.start <= offset <= token.end:
            return token.value
    return None


def _define_references(
    document: Document, model: HelmDocument, name: str, include_declaration: bool
) -> list[tuple] | None:
    declared = define_target(model.chart, name, Range.of(0, 0, 0, 0))
    if declared is None:
        return None
    path, rng, _ = declared
    out: list[tuple] = [(_relative(model, path), rng)] if include_declaration else []
    for where_path, template, where in _templates(document, model):
        for action in template.actions:
            if action.comment:
                continue
            tokens = action.tokens
            for token, arg in itertools.pairwise(tokens):
                if (
                    token.kind == "ident"
                    and token.text in ("include", "template")
                    and arg.kind in ("string", "raw")
                    and arg.value == name
                ):
                    out.append((where_path, where.range_of(arg.start, arg.end)))
    return out


# -- the chart's templates -----------------------------------------------------------------------
def _templates(document: Document, model: HelmDocument) -> Iterator[tuple[Path | None, Template, Document]]:
    """Every template of the chart (this document's current text for itself) with the path to report
    (None for this document) and a document to turn offsets into positions."""
    yield None, model.template, document
    for path, template in sorted(model.chart.templates.items()):
        if path != model.path:
            yield path, template, Document(uri=str(path), text=template.text, path=path)


def _relative(model: HelmDocument, path: Path) -> Path | None:
    return None if path == model.path else path
