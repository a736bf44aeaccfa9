"""Shared base for GitHub Actions rules."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.document import Range
from ....core.findings import Finding, Fix
from ....core.rules import Rule
from ...yaml import Node
from ..model import Workflow
from ..walk import WorkflowVisitor, walk


class ActionsRule(Rule):
    language = "github-actions"
    workflow_only = True  # most rules apply to workflows, not to action.yml metadata

    def check(self, ctx: Context) -> Iterable[Finding]:
        wf: Workflow | None = ctx.model
        if wf is None or wf.root is None or (self.workflow_only and wf.kind != "workflow"):
            return ()
        return self.check_workflow(wf, ctx)

    def check_workflow(self, wf: Workflow, ctx: Context) -> Iterable[Finding]:  # pragma: no cover
        return ()


class WalkRule(ActionsRule, WorkflowVisitor):
    """A rule that checks places of the workflow's structure: it overrides the hooks of
    ``WorkflowVisitor`` for them and reports with ``report``; the shared walk calls the hooks."""

    def check_workflow(self, wf: Workflow, ctx: Context) -> Iterable[Finding]:
        self.wf = wf
        self.found: list[Finding] = []
        walk(wf, self)
        return self.found

    def report(self, where: Node | Range | None, message: str, fix: Fix | None = None) -> None:
        assert where is not None, "a finding needs a place"  # a key looked up where it was seen
        self.found.append(self.finding(where.range if isinstance(where, Node) else where, message, fix=fix))
