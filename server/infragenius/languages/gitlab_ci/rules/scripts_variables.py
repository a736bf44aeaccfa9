"""The ``variables:`` a job's script runs with, as written in the pipeline.

Each variable maps to the values it can take as written (several for a ``parallel: matrix``
entry), or None where one of them is not a plain value. GitLab merges ``variables:`` key by key
along ``extends`` (the job's own win: ``Job.effective``) and adds the matrix row's. A hidden job (``.build:``) runs
only inside the jobs that extend it, so its script sees what they set.
"""

from __future__ import annotations

from ...yaml import Mapping, Node, Scalar, Sequence
from ..model import Job, Pipeline
from ..parse import extends_targets

Values = dict[str, list[str] | None]
_MAX_DEPTH = 20


class PipelineVariables:
    """The variables each job of one pipeline runs its script with (computed once per job)."""

    def __init__(self, pipeline: Pipeline, global_values: Values) -> None:
        self.pipeline = pipeline
        self.global_values = global_values
        self.memo: dict[str, Values] = {}

    def of(self, job: Job) -> Values:
        """What the job's own script lines see; for a hidden job, what every job extending it
        gives (a variable one of them leaves unset is not known)."""
        if not job.hidden:
            return self._concrete(job)
        jobs = self.pipeline.jobs.values()
        users = [self._concrete(j) for j in jobs if not j.hidden and _extends(j, job.name, self.pipeline)]
        if not users:
            return self._concrete(job)
        values: Values = {}
        for name in set().union(*users):
            if all(name in user for user in users):
                found = [user[name] for user in users]
                values[name] = None if any(v is None for v in found) else [v for vs in found if vs for v in vs]
        return values

    def _concrete(self, job: Job) -> Values:
        if job.name not in self.memo:
            values = {**self.global_values, **variable_values(job.get("variables"))}  # merged along extends
            self.memo[job.name] = {**values, **_matrix(job.get("parallel"), values)}
        return self.memo[job.name]


def variable_values(node: Node | None) -> Values:
    """``NAME: value`` and ``NAME: {value: ...}`` entries of a ``variables:`` mapping."""
    if not isinstance(node, Mapping):
        return {}
    values: Values = {}
    for key, value in node.items():
        if isinstance(key, Scalar) and isinstance(key.value, str):
            written = value.get("value") if isinstance(value, Mapping) else value
            values[key.value] = (
                [written.value] if isinstance(written, Scalar) and isinstance(written.value, str) else None
            )
    return values


def _extends(job: Job, name: str, pipeline: Pipeline, depth: int = 0) -> bool:
    """``job`` extends ``name``, directly or through other jobs."""
    targets = [t.value for t in extends_targets(job)]
    if name in targets:
        return True
    parents = (pipeline.jobs.get(t) for t in targets)
    return depth < _MAX_DEPTH and any(p is not None and _extends(p, name, pipeline, depth + 1) for p in parents)


def _matrix(parallel: Node | None, outside: Values) -> Values:
    """Every value each ``parallel: matrix`` variable takes over the rows (a row without it keeps
    the job's value)."""
    matrix = parallel.get("matrix") if isinstance(parallel, Mapping) else None
    rows = [row for row in matrix.items if isinstance(row, Mapping)] if isinstance(matrix, Sequence) else []
    names = {key.value for row in rows for key, _ in row.items() if isinstance(key, Scalar)}
    values: Values = {}
    for name in names:
        found: list[str] | None = []
        for row in rows:
            node = row.get(name)
            items = node.items if isinstance(node, Sequence) else [node]
            written = [i.value for i in items if isinstance(i, Scalar) and isinstance(i.value, str)]
            row_values = outside.get(name) if node is None else written if len(written) == len(items) else None
            found = None if found is None or row_values is None else found + row_values
        values[name] = found
    return values
