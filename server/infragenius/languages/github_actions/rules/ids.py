"""Job and step ids: their syntax, and step ids unique in their job."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Mapping, Node, Scalar
from ..model import Job
from ..values import ID, has_expression
from ._base import WalkRule

_ID_SYNTAX = 'it must start with a letter or "_" and hold only letters, digits, "-" and "_"'


def step_id(step: Mapping) -> Scalar | None:
    """The step's ``id`` when written as a plain word (an expression is only known at run time)."""
    node: Node | None = step.get("id")
    if isinstance(node, Scalar) and not node.is_null and not has_expression(node):
        return node
    return None


class InvalidId(WalkRule):
    """A job or step id that GitHub rejects: ids start with a letter or ``_`` and hold only letters,
    digits, ``-`` and ``_``.

    Bad:

        jobs:
          1-build:
            runs-on: ubuntu-latest
            steps:
              - id: v1.2
                run: make

    Good:

        jobs:
          build-1:
            runs-on: ubuntu-latest
            steps:
              - id: v1_2
                run: make
    """

    code = "GA012"
    name = "invalid-id"
    message = "Invalid job or step id"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:id",)

    def job(self, job: Job) -> None:
        if not ID.match(job.id):
            self.report(job.key, f'invalid job id "{job.id}": {_ID_SYNTAX}')

    def step(self, node: Mapping, job: Job) -> None:
        found = step_id(node)
        if found is not None and not ID.match(found.value):
            self.report(found, f'invalid step id "{found.value}": {_ID_SYNTAX}')


class DuplicateStepId(WalkRule):
    """Two steps of one job with the same ``id`` (ids are compared case-insensitively).

    Bad:

        steps:
          - id: build
            run: make
          - id: build
            run: make test

    Good:

        steps:
          - id: build
            run: make
          - id: test
            run: make test
    """

    code = "GA013"
    name = "duplicate-step-id"
    message = "Duplicate step id"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:id",)

    def job(self, job: Job) -> None:
        self.seen: dict[str, Scalar] = {}  # the job's step ids so far, lowercased

    def step(self, node: Mapping, job: Job) -> None:
        found = step_id(node)
        if found is None:
            return
        previous = self.seen.setdefault(found.value.lower(), found)
        if previous is not found:
            line = previous.start_pos.line + 1
            self.report(found, f'step id "{found.value}" is already used at line {line} in this job')
