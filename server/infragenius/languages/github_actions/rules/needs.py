"""``needs``: the jobs a job waits for must exist and must not wait for it."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding, Severity
from ....core.suggest import candidates
from ...yaml import Scalar, Sequence
from ...yaml.fixes import rename_fix
from ..model import Job, Workflow
from ..values import did_you_mean
from ._base import ActionsRule


def needs(job: Job) -> list[Scalar]:
    """The entries of a job's ``needs`` written as job ids (other values are InvalidType's)."""
    node = job.get("needs")
    items = node.items if isinstance(node, Sequence) else [] if node is None else [node]
    return [item for item in items if isinstance(item, Scalar) and not item.is_null]


class UndefinedNeeds(ActionsRule):
    """``needs`` names a job that the workflow does not define.

    Bad:

        jobs:
          build: {runs-on: ubuntu-latest, steps: [{run: make}]}
          test:
            needs: biuld
            runs-on: ubuntu-latest
            steps: [{run: make test}]

    Good:

        jobs:
          build: {runs-on: ubuntu-latest, steps: [{run: make}]}
          test:
            needs: build
            runs-on: ubuntu-latest
            steps: [{run: make test}]
    """

    code = "GA010"
    name = "undefined-needs"
    message = "needs refers to an undefined job"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:job-needs",)
    fixable = True

    def check_workflow(self, wf: Workflow, ctx: Context) -> Iterable[Finding]:
        ids = {job.id.lower() for job in wf.jobs}
        for job in wf.jobs:
            others = [j.id for j in wf.jobs if j.id.lower() != job.id.lower()]
            for item in needs(job):
                if item.value.lower() not in ids:
                    yield self.finding(
                        item.range,
                        f'job "{job.id}" needs "{item.value}", which is not defined{did_you_mean(item.value, others)}',
                        fix=rename_fix(item, candidates(item.value, others)),
                    )


class CyclicNeeds(ActionsRule):
    """Jobs that need each other (directly or through others): GitHub cannot order them.

    Bad:

        jobs:
          a: {needs: b, runs-on: ubuntu-latest, steps: [{run: a}]}
          b: {needs: a, runs-on: ubuntu-latest, steps: [{run: b}]}

    Good:

        jobs:
          a: {runs-on: ubuntu-latest, steps: [{run: a}]}
          b: {needs: a, runs-on: ubuntu-latest, steps: [{run: b}]}
    """

    code = "GA011"
    name = "cyclic-needs"
    message = "Cyclic dependency between jobs"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:job-needs",)

    def check_workflow(self, wf: Workflow, ctx: Context) -> Iterable[Finding]:
        ids = {job.id.lower(): job for job in wf.jobs}
        graph: dict[str, list[str]] = {}  # job id -> the job ids it needs, all lowercased
        found = []
        for job in wf.jobs:
            if job.get("needs") is None:
                continue
            edges = []
            for item in needs(job):
                if item.value.lower() == job.id.lower():
                    found.append(self.finding(item.range, f'job "{job.id}" needs itself'))
                elif item.value.lower() in ids:
                    edges.append(item.value.lower())
            graph[job.id.lower()] = edges
        return found + [self.finding(ids[job].key.range, message) for job, message in _cycles(graph, ids)]


def _cycles(graph: dict[str, list[str]], ids: dict[str, Job]) -> list[tuple[str, str]]:
    """Each cycle of ``needs`` once, as (the job it is reported on, the message)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found: dict[frozenset[str], tuple[str, list[str]]] = {}  # each cycle once, in the order found
    for job in ids:
        if job not in state:
            _visit(job, [], graph, state, found)
    return [
        (target, "cyclic dependency in needs: " + " -> ".join(f'"{ids[n].id}"' for n in cycle))
        for target, cycle in found.values()
    ]


def _visit(
    node: str,
    trail: list[str],
    graph: dict[str, list[str]],
    state: dict[str, int],
    found: dict[frozenset[str], tuple[str, list[str]]],
) -> None:
    # a function, not a recursive closure: that closure would be a reference cycle holding the
    # whole workflow until the next full garbage collection
    state[node] = 1
    trail.append(node)
    for target in graph.get(node, ()):
        if state.get(target) == 1:
            cycle = trail[trail.index(target) :]
            found.setdefault(frozenset(cycle), (target, [*cycle, target]))
        elif target not in state:
            _visit(target, trail, graph, state, found)
    trail.pop()
    state[node] = 2
