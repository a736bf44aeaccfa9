"""One walk over a workflow's structure that the structure rules subscribe to, as actionlint's visitor.

The walk knows where things are (the ``on`` events with their schedules and inputs, the sections of
the workflow and of each job, the steps) and goes down only into values of the shape GitHub expects
there; it reports nothing. A rule overrides the hooks of the places it checks, and says there what is
wrong: a value of the wrong shape is InvalidType's to report, the walk just does not enter it.
"""

from __future__ import annotations

from ..yaml import Mapping, Node, Scalar, Sequence
from . import schema
from .model import Job, Workflow
from .values import is_null

EVENT_SECTIONS = ("inputs", "outputs", "secrets")  # of workflow_dispatch and workflow_call
JOB_SECTIONS = ("concurrency", "environment", "snapshot")


class WorkflowVisitor:
    """The places of a workflow, in the order of the walk. Hooks get the value as written; the
    ones named after a mapping are called only when the value is one."""

    def document(self, wf: Workflow) -> None:
        """The whole file, of any kind (a workflow or action metadata): its YAML-level problems."""

    def workflow(self, root: Mapping) -> None:
        """The top-level mapping of a workflow."""

    def on(self, node: Node) -> None:
        """The ``on`` value: an event, a list of events or a mapping of events to their configuration."""

    def event(self, event: str, key: Scalar, value: Node) -> None:
        """The configuration of a known event, in the mapping form of ``on``."""

    def schedule_entry(self, entry: Mapping) -> None:
        """One entry of ``on: schedule:``."""

    def event_section(self, event: str, section: str, node: Node, config: Mapping) -> None:
        """``inputs``, ``outputs`` or ``secrets`` of workflow_dispatch/workflow_call, when not null."""

    def event_entry(self, event: str, section: str, key: Node, spec: Node) -> None:
        """One input, output or secret of those sections, its specification as written."""

    def permissions(self, node: Node) -> None:
        """``permissions`` of the workflow or of a job."""

    def section(self, name: str, node: Node, key: Node | None) -> None:
        """``concurrency`` (workflow or job), ``environment`` or ``snapshot`` (job)."""

    def defaults(self, node: Node) -> None:
        """``defaults`` of the workflow or of a job."""

    def env(self, node: Node) -> None:
        """``env`` of the workflow, a job, a container or a step."""

    def job(self, job: Job) -> None:
        """A job, also one whose value is not a mapping (``job.node`` is None then)."""

    def runs_on(self, node: Node) -> None:
        """``runs-on`` of a job."""

    def strategy(self, node: Node) -> None:
        """``strategy`` of a job."""

    def container(self, node: Node, what: str, key: Node | None) -> None:
        """``container`` of a job (``what`` "container") or one of its ``services`` ("service")."""

    def step(self, node: Mapping, job: Job) -> None:
        """A step of a job's ``steps`` list."""


def walk(wf: Workflow, visitor: WorkflowVisitor) -> None:
    visitor.document(wf)
    if wf.kind != "workflow" or wf.root is None:
        return
    root = wf.root
    visitor.workflow(root)
    on = root.get("on")
    if on is not None:
        visitor.on(on)
        _events(on, visitor)
    _sections(root, ("concurrency",), visitor)
    for job in wf.jobs:
        _job(job, visitor)


def _events(on: Node, visitor: WorkflowVisitor) -> None:
    if not isinstance(on, Mapping):
        return
    for key, value in on.items():
        if not isinstance(key, Scalar) or key.value not in schema.EVENT_TYPES:
            continue
        visitor.event(key.value, key, value)
        if key.value == "schedule" and isinstance(value, Sequence):
            for entry in value.items:
                if isinstance(entry, Mapping):
                    visitor.schedule_entry(entry)
        elif key.value in ("workflow_dispatch", "workflow_call") and isinstance(value, Mapping):
            _event_sections(key.value, value, visitor)


def _event_sections(event: str, config: Mapping, visitor: WorkflowVisitor) -> None:
    for section in EVENT_SECTIONS:
        node = config.get(section)
        if node is None or is_null(node):
            continue
        visitor.event_section(event, section, node, config)
        if isinstance(node, Mapping):
            for key, spec in node.items():
                visitor.event_entry(event, section, key, spec)


def _sections(owner: Mapping, names: tuple[str, ...], visitor: WorkflowVisitor) -> None:
    """The sections a workflow and a job share: permissions, concurrency (and the job's own), defaults, env."""
    permissions = owner.get("permissions")
    if permissions is not None:
        visitor.permissions(permissions)
    for name in names:
        node = owner.get(name)
        if node is not None:
            visitor.section(name, node, owner.key_node(name))
    for hook, name in ((visitor.defaults, "defaults"), (visitor.env, "env")):
        node = owner.get(name)
        if node is not None:
            hook(node)


def _job(job: Job, visitor: WorkflowVisitor) -> None:
    visitor.job(job)
    node = job.node
    if node is None:
        return
    _sections(node, JOB_SECTIONS, visitor)
    for name, hook in (("runs-on", visitor.runs_on), ("strategy", visitor.strategy)):
        value = node.get(name)
        if value is not None:
            hook(value)
    container = node.get("container")
    if container is not None:
        _container(container, "container", node.key_node("container"), visitor)
    services = node.get("services")
    if isinstance(services, Mapping):
        for key, service in services.items():
            _container(service, "service", key, visitor)
    steps = node.get("steps")
    if isinstance(steps, Sequence):
        for step in steps.items:
            if isinstance(step, Mapping):
                visitor.step(step, job)
                _env(step, visitor)


def _container(node: Node, what: str, key: Node | None, visitor: WorkflowVisitor) -> None:
    visitor.container(node, what, key)
    if isinstance(node, Mapping):
        _env(node, visitor)


def _env(owner: Mapping, visitor: WorkflowVisitor) -> None:
    env = owner.get("env")
    if env is not None:
        visitor.env(env)
