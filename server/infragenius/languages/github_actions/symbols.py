"""Where a workflow declares the names its expressions read: jobs and their outputs, step ids,
matrix keys, inputs, secrets and ``env`` variables. Shared by go-to-definition and completion.

Every lookup answers with the declaring key nodes (a step's ``id:`` value for steps), in document
order, and compares names case-insensitively, as GitHub does for context properties. A value that
is an expression or not a mapping declares nothing we can know.
"""

from __future__ import annotations

from ..yaml import Mapping, Node, Scalar, Sequence
from .model import Job, Step, Workflow


def pairs(node: Node | None) -> list[tuple[Scalar, Node]]:
    """The (key, value) pairs of a mapping whose key is a plain name (not an expression)."""
    if not isinstance(node, Mapping):
        return []
    return [
        (k, v) for k, v in node.items() if isinstance(k, Scalar) and isinstance(k.value, str) and "${{" not in k.value
    ]


def named(items: list[tuple[Scalar, Node]], name: str) -> list[tuple[Scalar, Node]]:
    low = name.lower()
    return [(k, v) for k, v in items if k.value.lower() == low]


def find_job(wf: Workflow, job_id: str | None) -> Job | None:
    if job_id is None:
        return None
    low = job_id.lower()
    return next((job for job in wf.jobs if job.id.lower() == low), None)


def needs_items(job: Job) -> list[Scalar]:
    """The job names written in ``needs:`` (a string or a list)."""
    needs = job.get("needs")
    items = needs.items if isinstance(needs, Sequence) else [needs] if needs is not None else []
    return [i for i in items if isinstance(i, Scalar) and not i.is_null and "${{" not in i.value]


def dependents(wf: Workflow, job_id: str) -> set[str]:
    """Lower-case ids of the jobs that need ``job_id`` directly or through others: naming one of
    them in its ``needs:`` would make a cycle."""
    needed_by: dict[str, set[str]] = {}
    for job in wf.jobs:
        for item in needs_items(job):
            needed_by.setdefault(item.value.lower(), set()).add(job.id.lower())
    found: set[str] = set()
    stack = [job_id.lower()]
    while stack:
        for other in needed_by.get(stack.pop(), ()):
            if other not in found:
                found.add(other)
                stack.append(other)
    return found


def job_outputs(job: Job) -> list[tuple[Scalar, Node]]:
    return pairs(job.get("outputs"))


def step_id(step: Step) -> Scalar | None:
    sid = step.get("id")
    if isinstance(sid, Scalar) and not sid.is_null and sid.value and "${{" not in sid.value:
        return sid
    return None


def step_at(job: Job, offset: int) -> Step | None:
    return next((s for s in job.steps if s.node.start <= offset <= s.node.end), None)


def steps_before(job: Job, offset: int, in_steps: bool) -> list[Step]:
    """The steps that have run at ``offset``: inside ``steps:``, those before the current step (as
    at run time; for a new step not parsed yet, those ending before it); elsewhere in the job
    (``outputs``, ``environment.url``), all of them."""
    if not in_steps:
        return list(job.steps)
    here = step_at(job, offset)
    if here is None:
        return [s for s in job.steps if s.node.end < offset]
    return [s for s in job.steps if s.index < here.index]


def matrix_keys(job: Job, rows: bool = True) -> list[tuple[Scalar, Node]]:
    """Matrix variables: the keys of ``strategy.matrix``, then (``rows``) those of its ``include:``
    rows, since a row may add a variable of its own."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    direct, included = [], []
    for key, value in pairs(matrix):
        if key.value == "include":
            if rows and isinstance(value, Sequence):
                for row in value.items:
                    included.extend(pairs(row))
        elif key.value != "exclude":
            direct.append((key, value))
    return direct + included


def _event_section(wf: Workflow, event: str, section: str) -> list[tuple[Scalar, Node]]:
    config = wf.events().get(event, (None, None))[1]
    return pairs(config.get(section)) if isinstance(config, Mapping) else []


def inputs(wf: Workflow) -> list[tuple[Scalar, Node]]:
    """Declared inputs: workflow_call's and workflow_dispatch's (an action's own ``inputs:``)."""
    if wf.kind == "action":
        return pairs(wf.root.get("inputs")) if wf.root is not None else []
    found = _event_section(wf, "workflow_call", "inputs") + _event_section(wf, "workflow_dispatch", "inputs")
    return sorted(found, key=lambda pair: pair[0].start)


def secrets(wf: Workflow) -> list[tuple[Scalar, Node]]:
    """Secrets declared by ``on.workflow_call.secrets``."""
    return _event_section(wf, "workflow_call", "secrets")


def env_scopes(wf: Workflow, job: Job | None, step: Step | None, offset: int) -> list[tuple[str, Mapping]]:
    """The ``env:`` mappings visible at ``offset``, nearest first: the step's, the job's, the
    workflow's. A mapping holding ``offset`` is skipped: an ``env`` value does not see its siblings."""
    scopes: list[tuple[str, Node | None]] = []
    if step is not None:
        scopes.append(("step", step.get("env")))
    if job is not None:
        scopes.append(("job", job.get("env")))
    scopes.append(("workflow", wf.root.get("env") if wf.root is not None else None))
    return [(where, env) for where, env in scopes if isinstance(env, Mapping) and not env.contains(offset)]


def text_of(node: Node | None, limit: int = 60) -> str | None:
    """A scalar's value shortened for a completion detail."""
    if not isinstance(node, Scalar) or node.is_null:
        return None
    value = " ".join(node.value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def description(spec: Node | None) -> str | None:
    return text_of(spec.get("description"), 500) if isinstance(spec, Mapping) else None
