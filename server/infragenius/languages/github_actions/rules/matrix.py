"""``strategy.matrix``: ``exclude`` entries that can never match a combination."""

from __future__ import annotations

import json

from ....core.findings import Severity
from ....core.suggest import candidates
from ...yaml import Mapping, Node, Scalar, Sequence, walk
from ...yaml.fixes import rename_fix
from ..values import did_you_mean
from ._base import ActionsRule


def _has_expression(node: Node) -> bool:
    return any(isinstance(n, Scalar) and "${{" in n.value for n in walk(node))


def _data(node: Node):
    if isinstance(node, Mapping):
        return {k.value if isinstance(k, Scalar) else "?": _data(v) for k, v in node.items()}
    if isinstance(node, Sequence):
        return [_data(i) for i in node.items]
    return node.value if isinstance(node, Scalar) else None


def _matches(pattern, value) -> bool:
    """An exclude value matches a vector value: equal scalars or lists, or a mapping that is a
    subset of the value (GitHub's partial object match)."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and _matches(v, value[k]) for k, v in pattern.items())
    if isinstance(pattern, list):
        return isinstance(value, list) and len(pattern) == len(value) and all(map(_matches, pattern, value))
    return not isinstance(value, (dict, list)) and str(pattern) == str(value)


class MatrixExcludeMismatch(ActionsRule):
    """An ``exclude`` entry of a matrix that names a key the matrix does not have, or a value that
    none of the matrix's combinations has: it excludes nothing, which is rarely what was meant.

    ``exclude`` is applied before ``include``, so it can only refer to the matrix's own vectors.

    Bad:

        strategy:
          matrix:
            os: [ubuntu-latest, windows-latest]
            node: [18, 20]
            exclude:
              - os: macos-latest
                node: 18

    Good:

        strategy:
          matrix:
            os: [ubuntu-latest, windows-latest]
            node: [18, 20]
            exclude:
              - os: windows-latest
                node: 18
    """

    code = "GA018"
    name = "matrix-exclude-mismatch"
    message = "Matrix exclude matches nothing"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:matrix",)
    fixable = True

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            strategy = job.get("strategy")
            matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
            if not isinstance(matrix, Mapping):
                continue
            vectors: dict[str, list | None] = {}
            for key, value in matrix.items():
                if not isinstance(key, Scalar) or "${{" in key.value:
                    break
                if key.value in ("include", "exclude"):
                    continue
                known = isinstance(value, Sequence) and not _has_expression(value)
                vectors[key.value] = [_data(i) for i in value.items] if known else None
            else:
                exclude = matrix.get("exclude")
                if isinstance(exclude, Sequence):
                    yield from self._exclude(exclude, vectors)

    def _exclude(self, exclude: Sequence, vectors: dict[str, list | None]):
        for row in exclude.items:
            if not isinstance(row, Mapping):
                continue
            for key, value in row.items():
                if not isinstance(key, Scalar) or "${{" in key.value:
                    continue
                if key.value not in vectors:
                    listed = ", ".join(f'"{k}"' for k in vectors) or "none"
                    found = [c for c in candidates(key.value, vectors) if c not in row]
                    yield self.finding(
                        key.range,
                        f'"{key.value}" in "exclude" is not a key of the matrix (keys: {listed}){did_you_mean(key.value, vectors)}',
                        fix=rename_fix(key, found),
                    )
                    continue
                values = vectors[key.value]
                if values is None or _has_expression(value):
                    continue
                wanted = _data(value)
                if not any(_matches(wanted, v) for v in values):
                    shown = ", ".join(json.dumps(v) for v in values[:5]) + (", ..." if len(values) > 5 else "")
                    yield self.finding(
                        value.range,
                        f'{json.dumps(wanted)} in "exclude" matches no value of matrix "{key.value}" ({shown})',
                    )


class MatrixDuplicateValue(ActionsRule):
    """A value listed twice in a matrix vector: the same combination runs twice (or GitHub merges
    them), costing a job for nothing; usually a copy-paste slip for another version.

    Bad:

        strategy:
          matrix:
            node: [18, 20, 20]

    Good:

        strategy:
          matrix:
            node: [18, 20, 22]
    """

    code = "GA046"
    name = "matrix-duplicate-value"
    message = "Value listed twice in a matrix vector"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("actionlint:matrix",)
    fixable = True

    def check_workflow(self, wf, ctx):
        from ....core.findings import Edit, Fix

        for job in wf.jobs:
            strategy = job.get("strategy")
            matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
            if not isinstance(matrix, Mapping):
                continue
            for key, vector in matrix.items():
                if (
                    not isinstance(key, Scalar)
                    or key.value in ("include", "exclude")
                    or not isinstance(vector, Sequence)
                ):
                    continue
                seen: dict[str, Node] = {}
                for i, item in enumerate(vector.items):
                    if _has_expression(item):
                        continue
                    value = json.dumps(_data(item), sort_keys=True)
                    first = seen.setdefault(value, item)
                    if first is item:
                        continue
                    line, col = first.start_pos
                    fix = None
                    if vector.flow and i > 0:  # [a, b, b]: remove ", b"
                        previous = vector.items[i - 1]
                        fix = Fix(
                            "Remove the duplicate", (Edit(wf.document.range_of(previous.end, item.end), ""),), "safe"
                        )
                    yield self.finding(
                        item.range,
                        f'{json.dumps(_data(item))} is listed twice in matrix "{key.value}" (first at line {line + 1}, column {col + 1})',
                        fix=fix,
                    )
