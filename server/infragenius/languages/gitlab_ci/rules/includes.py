"""Local includes that point to missing files."""

from __future__ import annotations

from pathlib import PurePosixPath

from ....core.findings import Severity
from ...yaml import Mapping
from ..model import Include
from ._base import GitlabRule, rename


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
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        if ctx.document.path is None:
            return
        for include in pipeline.includes:
            if include.kind == "local" and include.checked and not include.found and "$" not in include.target:
                written = include.node.get("local") if isinstance(include.node, Mapping) else include.node
                hint, fix = rename(written, include.target, _neighbours(include))
                yield self.finding(
                    include.node.range, f"Included file '{include.target}' does not exist{hint}", fix=fix
                )


def _neighbours(include: Include) -> list[str]:
    """The YAML files beside the missing one, written as the include would name them."""
    target = PurePosixPath(include.target)
    if include.root is None or any(ch in include.target for ch in "*?["):
        return []
    folder = include.root / target.parent.as_posix().lstrip("/")
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))
    except OSError:  # the folder is missing too
        return []
    return [str(target.with_name(name)) for name in names]
