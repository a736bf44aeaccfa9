"""Docker builds that name a context or Dockerfile the repository does not have."""

from __future__ import annotations

from ....core.build_paths import checkout_present
from ....core.findings import Severity
from ..builds import builds, repository_root
from ._base import ActionsRule


class BuildPathMissing(ActionsRule):
    """A ``docker/build-push-action`` step, or a ``docker build`` in a ``run:`` script, names a
    context folder or a Dockerfile that is not in the repository: the build fails with "unable to
    prepare context" or "failed to read dockerfile".

    Paths are read from the repository root (where ``actions/checkout`` puts it; a script from its
    ``working-directory``). Nothing is reported when a value holds an expression or a variable or
    names a remote source, when a step before the build runs a script or an action that may write
    files, or a command before it in the same script may (the context may be built there), when the
    checkout goes to another ``path`` or ``repository``, or when the folder holds only CI
    configuration (the repository's files are not here to compare with).

    Bad:

        - uses: actions/checkout@v4
        - uses: docker/build-push-action@v6
          with:
            context: sevice
            file: sevice/Dockerfile

    Good:

        - uses: actions/checkout@v4
        - uses: docker/build-push-action@v6
          with:
            context: service
            file: service/Dockerfile
    """

    code = "GA053"
    name = "build-path-missing"
    message = "Docker build names a path the repository does not have"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_workflow(self, wf, ctx):
        root = repository_root(wf)
        found = builds(wf)
        if root is None or not found or not checkout_present(root, ctx.workspace):
            return
        for build in found:
            paths = build.paths
            if paths is None:
                continue
            if build.context is not None:
                if not build.reads_checkout:
                    continue  # the workspace may hold more than the repository by then
                if not paths.context.is_dir():
                    yield self.finding(
                        build.context.range, f'Build context "{build.context.value}" is not a folder of the repository'
                    )
                    continue
            # without ``context`` the action builds the repository as committed (its Git context)
            if build.file is not None and ctx.workspace.read_text(paths.dockerfile) is None:
                yield self.finding(build.file.range, f'Dockerfile "{build.file.value}" is not in the repository')
            elif build.file is None and build.context is not None and not _has_dockerfile(paths.context):
                how = '"file:"' if build.step.get("uses") is not None else "-f"
                yield self.finding(
                    build.context.range, f'Build context "{build.context.value}" has no Dockerfile; name one with {how}'
                )


def _has_dockerfile(folder) -> bool:
    # BuildKit reads ``Dockerfile``; the classic builder also accepted ``dockerfile``
    return (folder / "Dockerfile").is_file() or (folder / "dockerfile").is_file()
