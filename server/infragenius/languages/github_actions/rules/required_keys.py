"""Keys a workflow, a job, a step or a section cannot do without."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.document import Range
from ....core.findings import Finding, Severity
from ...yaml import Mapping, Node, Sequence
from ..model import Job, Workflow
from ..values import is_null
from ._base import WalkRule

_REQUIRED_IN_SECTION = {"concurrency": "group", "environment": "name", "snapshot": "image-name"}


class MissingRequiredKey(WalkRule):
    """A required key is missing: ``on``/``jobs`` in a workflow, ``runs-on`` and ``steps`` in a job
    (unless it calls a reusable workflow with ``uses``), ``uses`` or ``run`` in a step, ``group`` in
    ``concurrency``, ``type`` of a ``workflow_call`` input.

    Bad:

        on: push
        jobs:
          build:
            steps:
              - run: make

    Good:

        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make
    """

    code = "GA003"
    name = "missing-required-key"
    message = "Required key is missing"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)

    def check(self, ctx: Context) -> Iterable[Finding]:
        wf = ctx.model
        if wf is not None and wf.kind == "workflow" and wf.stream.root is None and not wf.stream.problems:
            # nothing but comments and blank lines: GitHub rejects the file ("No event triggers")
            if not any(line.strip() and not line.lstrip().startswith("#") for line in wf.document.lines):
                return [self.finding(Range.of(0, 0, 0, 0), 'workflow is empty: it needs "on" and "jobs"')]
            return ()
        return super().check(ctx)

    def check_workflow(self, wf: Workflow, ctx: Context) -> Iterable[Finding]:
        if wf.stream.syntax_errors:
            return ()  # the missing part may be in the lines that did not parse: one error is enough
        return super().check_workflow(wf, ctx)

    def workflow(self, root: Mapping) -> None:
        for required in ("on", "jobs"):
            if required not in root:
                self.report(_first_key_range(root), f'"{required}" section is missing in the workflow')
        jobs = root.get("jobs")
        if isinstance(jobs, Mapping) and not jobs.pairs:
            self.report(root.key_node("jobs"), '"jobs" section must define at least one job')

    def schedule_entry(self, entry: Mapping) -> None:
        if "cron" not in entry:
            self.report(entry, '"cron" is missing in the schedule entry')

    def event_entry(self, event: str, section: str, key: Node, spec: Node) -> None:
        if event != "workflow_call" or section not in ("inputs", "outputs"):
            return
        what, need = ("input", "type") if section == "inputs" else ("output", "value")
        if is_null(spec) or isinstance(spec, Mapping) and need not in spec:
            self.report(key, f'"{need}" is missing in {what} "{getattr(key, "value", "")}" of "workflow_call"')

    def section(self, name: str, node: Node, key: Node | None) -> None:
        required = _REQUIRED_IN_SECTION.get(name)
        if isinstance(node, Mapping) and required and required not in node:
            self.report(key or node, f'"{required}" is missing in the "{name}" section')

    def job(self, job: Job) -> None:
        node = job.node
        if node is None:
            return
        if "uses" in node:
            return  # a caller job: the called workflow has the runners and steps
        if "runs-on" not in node:
            self.report(job.key, f'"runs-on" is missing in job "{job.id}"')
        steps = node.get("steps")
        if steps is None or is_null(steps):
            self.report(job.key, f'"steps" is missing in job "{job.id}"')
        elif isinstance(steps, Sequence) and not steps.items:
            self.report(node.key_node("steps"), f'"steps" of job "{job.id}" must hold at least one step')

    def container(self, node: Node, what: str, key: Node | None) -> None:
        if not isinstance(node, Mapping):
            return
        if "image" not in node:
            self.report(key or node, f'"image" is missing in the "{what}" section')
        creds = node.get("credentials")
        if isinstance(creds, Mapping) and (("username" in creds) != ("password" in creds) or not creds.pairs):
            self.report(node.key_node("credentials"), 'both "username" and "password" are needed in "credentials"')

    def step(self, node: Mapping, job: Job) -> None:
        has_run, has_uses = "run" in node, "uses" in node
        if has_run and has_uses:
            keys = [key for key in (node.key_node("run"), node.key_node("uses")) if key is not None]
            self.report(min(keys, key=lambda key: key.start), 'a step cannot have both "uses" and "run"')
        elif not has_run and not has_uses:
            self.report(_first_key_range(node), 'a step needs "uses" or "run"')


def _first_key_range(node: Mapping) -> Range:
    if node.pairs:
        return node.pairs[0][0].range
    return node.range
