"""Local includes that point to missing files."""

from __future__ import annotations

from ....core.findings import Severity
from ._base import GitlabRule


class IncludeNotFound(GitlabRule):
    """A local ``include`` names a file that does not exist in the repository.

    GitLab fails the pipeline with "Local file ... does not exist!". Paths are relative to the
    repository root (a leading ``/`` is optional). Remote, project, template and component includes
    are not fetched and not reported.

    Bad:

        include:
          - local: ci/buld.yml

    Good:

        include:
          - local: ci/build.yml
    """

    code = "GL014"
    name = "include-not-found"
    message = "Included local file does not exist"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        if ctx.document.path is None:
            return
        for include in pipeline.includes:
            if include.kind == "local" and include.checked and not include.found and "$" not in include.target:
                yield self.finding(include.node.range, f"Included file '{include.target}' does not exist")
