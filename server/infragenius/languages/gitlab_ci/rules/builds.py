"""Docker builds that name a context or Dockerfile the repository does not have."""

from __future__ import annotations

from ....core.build_paths import checkout_present
from ....core.findings import Severity
from ..builds import builds, repository_root
from ._base import GitlabRule


class BuildPathMissing(GitlabRule):
    """A job's ``docker build`` names a context folder or a ``-f`` Dockerfile that is not in the
    repository: the job fails with "unable to prepare context" or "failed to read dockerfile".

    Paths are read from the project folder, where the job's shell starts. Nothing is reported when
    a path holds a variable, when a command before the build may have changed folder or written
    files (``cd``, ``make``, a script of the repository...), when a cache is restored or a job of the
    pipeline passes files on as artifacts, when an include cannot be read, or when the folder holds
    only CI configuration (the repository's files are not here to compare with).

    Bad:

        build:
          script:
            - docker build -f docker/Dockerfile.prod .

    Good:

        build:
          script:
            - docker build -f docker/Dockerfile .
    """

    code = "GL017"
    name = "build-path-missing"
    message = "Docker build names a path the repository does not have"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        found = builds(pipeline, ctx.document)
        root = repository_root(ctx.document)
        if not found or root is None or not checkout_present(root, ctx.workspace):
            return
        for build in found:
            paths = build.paths
            if paths is None or not build.plain:
                continue
            context, file = build.build.context, build.build.file
            if not paths.context.is_dir():
                message = f'Build context "{context.value}" is not a folder of the repository'
                yield self.finding(build.range_of(ctx.document, context), message)
            elif file is not None and ctx.workspace.read_text(paths.dockerfile) is None:
                message = f'Dockerfile "{file.value}" is not in the repository'
                yield self.finding(build.range_of(ctx.document, file), message)
            elif file is None and not (paths.dockerfile.is_file() or (paths.context / "dockerfile").is_file()):
                message = f'Build context "{context.value}" has no Dockerfile; name one with -f'
                yield self.finding(build.range_of(ctx.document, context), message)
