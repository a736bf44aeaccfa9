"""The value each define of a chart is called with, when that can be proven.

A define's dot (and ``$``) is whatever its caller passes. When every ``include``/``template`` of it in
the chart's templates passes the same known value (usually the root context: ``include "x" .`` at the
top of a file), its body runs with that value. Not proven: no caller, callers that disagree or pass an
unknown value, a ``block`` of the same name (it can be overridden), a computed include name whose
argument differs (it could call any define), and every define of a library chart (its callers live in
other charts). Calls inside defines count once their own define is proven, so this is a fixpoint.
"""

from __future__ import annotations

from cachetools import LRUCache

from .chart import Chart
from .gotemplate import Template
from .scopes import ValuePath, call_arguments

_PROVEN: LRUCache = LRUCache(maxsize=64)
_ROUNDS = 8  # define nesting depth followed; deeper chains stay unknown


def define_contexts(chart: Chart | None) -> dict[str, ValuePath]:
    """Define name -> the value its dot is proven to be, for the chart's own templates."""
    if chart is None or chart.is_library or not chart.templates:
        return {}
    key = tuple((path, hash(template.text)) for path, template in chart.templates.items())
    proven = _PROVEN.get(key)
    if proven is None:
        proven = _PROVEN[key] = _prove(list(chart.templates.values()))
    return proven


def _prove(templates: list[Template]) -> dict[str, ValuePath]:
    blocks = {name for t in templates for name, action in t.defines.items() if action.keyword == "block"}
    proven: dict[str, ValuePath] = {}
    for _ in range(_ROUNDS):
        passed: dict[str | None, set[ValuePath | None]] = {}
        for template in templates:
            for name, value in call_arguments(template, proven):
                passed.setdefault(name, set()).add(value)
        computed = passed.pop(None, set())
        found = {
            name: next(iter(values))
            for name, values in passed.items()
            if len(values) == 1 and None not in values and name not in blocks and computed <= values
        }
        if found == proven:
            break
        proven = found
    return proven
