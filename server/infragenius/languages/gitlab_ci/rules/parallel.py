"""``parallel`` and ``parallel:matrix`` shapes."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Mapping, Scalar, Sequence
from ._base import GitlabRule


class InvalidParallel(GitlabRule):
    """``parallel`` is out of range or ``parallel:matrix`` is malformed.

    ``parallel`` takes a number from 1 to 200, or ``matrix:`` — a list of mappings whose values are
    strings or lists of strings. GitLab rejects other shapes.

    Bad:

        test:
          script: tox
          parallel:
            matrix:
              PYTHON: ["3.11", "3.12"]

    Good:

        test:
          script: tox
          parallel:
            matrix:
              - PYTHON: ["3.11", "3.12"]
    """

    code = "GL016"
    name = "invalid-parallel"
    message = "Invalid parallel configuration"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        for job in pipeline.local_jobs:
            node = job.mapping.get("parallel") if job.mapping is not None else None
            if isinstance(node, Scalar) and node.type == "int":
                if not 1 <= node.python <= 200:
                    yield self.finding(node.range, f"parallel must be between 1 and 200, not {node.value}")
            elif isinstance(node, Mapping):
                yield from self._matrix(node)

    def _matrix(self, node: Mapping):
        matrix = node.get("matrix")
        if matrix is None:
            yield self.finding(node.range, "parallel needs a number or a matrix")
            return
        if not isinstance(matrix, Sequence):
            yield self.finding(matrix.range, "parallel:matrix must be a list of mappings")
            return
        for item in matrix.items:
            if not isinstance(item, Mapping):
                yield self.finding(item.range, "Each parallel:matrix entry must be a mapping of variables")
                continue
            for key, value in item.items():
                if isinstance(value, Mapping):
                    yield self.finding(
                        value.range,
                        f"Matrix variable '{getattr(key, 'value', '?')}' must be a string or a list of strings",
                    )
