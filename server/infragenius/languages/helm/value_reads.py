"""Where a chart's templates read ``.Values``: every literal ``.Values.a.b`` and every scoped operand
(``.b`` in ``with .Values.a``, ``$x.b``) whose scope is known, indexed once per chart text so that a
hover on a values.yaml key answers from memory (the same reads ``references`` finds one path at a time).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache

from .callers import define_contexts
from .chart import Chart
from .gotemplate import Template, value_paths
from .scopes import ValuePath, action_scopes

_INDEX: LRUCache = LRUCache(maxsize=16)


@dataclass(frozen=True)
class Read:
    path: Path  # the template
    line: int  # 1-based
    full: ValuePath  # the value read, from the root: ("Values", "a", "b")
    base: int  # how many leading segments of ``full`` are not written in the operand (its scope)

    def covers(self, target: ValuePath) -> bool:
        """Reads ``.Values.<target>`` by writing at least its last segment (a bare ``.``/``$x``
        standing for the whole value spells nothing of the path and does not count)."""
        wanted = ("Values", *target)
        return self.full[: len(wanted)] == wanted and self.base < len(wanted)


def reads(chart: Chart) -> list[Read]:
    key = tuple((path, hash(template.text)) for path, template in sorted(chart.templates.items()))
    found = _INDEX.get(key)
    if found is None:
        defines = define_contexts(chart)
        found = _INDEX[key] = [
            read
            for path, template in sorted(chart.templates.items())
            for read in _template_reads(path, template, defines)
        ]
    return found


def _template_reads(path: Path, template: Template, defines: dict[str, ValuePath]) -> Iterator[Read]:
    literal = set()
    for token, values_path, _ in value_paths(template):
        literal.add(token.start)
        yield Read(path, _line(template, token.start), ("Values", *values_path), 1)
    for action, scope in action_scopes(template, defines):
        if action.comment:
            continue
        for i, token in enumerate(action.tokens):
            if token.kind not in ("field", "variable") or token.start in literal:
                continue
            full = scope.resolve(token, action.tokens[i - 1] if i else None)
            if full is None or full[:1] != ("Values",):
                continue
            written = len(token.text.split(".")) - 1 if token.kind == "field" else 0
            yield Read(path, _line(template, token.start), full, len(full) - written)


def _line(template: Template, offset: int) -> int:
    return template.text.count("\n", 0, offset) + 1
