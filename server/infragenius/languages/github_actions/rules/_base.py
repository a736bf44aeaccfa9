"""Shared base for GitHub Actions rules."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding
from ....core.rules import Rule
from ..model import Workflow


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


class IssueRule(ActionsRule):
    """A rule whose findings come from a shared pass (structure, jobs) computed once per file."""

    def check_workflow(self, wf, ctx):
        from ..checks import issues

        for issue in issues(wf, ctx):
            if issue.code == self.code:
                yield self.finding(issue.range, issue.message, severity=issue.severity, fix=issue.fix)
