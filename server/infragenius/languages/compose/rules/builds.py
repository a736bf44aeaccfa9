"""A service's build: the context folder and the Dockerfile it names must exist."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ....core.build_paths import build_paths
from ....core.context import Context
from ....core.findings import Finding, Severity
from ...yaml import Mapping, Node, Scalar
from ..model import ComposeFile, Service, scalar
from ._base import ComposeRule


def build_nodes(service: Service) -> tuple[Node | None, Scalar | None, Scalar | None] | None:
    """(the ``build`` key, its context value, its dockerfile value) of a service that builds; None
    for one that does not, or whose Dockerfile is written inline."""
    key, build = service.key_node("build"), service.get("build")
    if isinstance(build, Scalar):
        return key, scalar(build), None
    if not isinstance(build, Mapping) or build.get("dockerfile_inline") is not None:
        return None
    return key, scalar(build.get("context")), scalar(build.get("dockerfile"))


class MissingBuildPath(ComposeRule):
    """A service's build context or Dockerfile does not exist.

    ``docker compose build`` (and ``up`` for a service without an image) stops with "unable to prepare
    context: path not found" or "failed to read dockerfile". The context is relative to the Compose
    file, the Dockerfile relative to the context (``Dockerfile`` when not named). Contexts that are
    URLs, interpolated or absolute are not checked.

    Bad:

        services:
          api:
            build:
              context: ./api
              dockerfile: Dockerfile.dev   # api/ has only Dockerfile

    Good:

        services:
          api:
            build:
              context: ./api
              dockerfile: Dockerfile
    """

    code = "DC008"
    name = "missing-build-path"
    message = "The build context or Dockerfile does not exist"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        if model.folder is None:
            return
        for service in model.services.values():
            found = build_nodes(service)
            if found is None:
                continue
            key, context, dockerfile = found
            context_value = str(context.value) if context is not None else None
            dockerfile_value = str(dockerfile.value) if dockerfile is not None else None
            paths = build_paths(model.folder, context_value, dockerfile_value, dockerfile_base="context")
            if paths is None:
                continue  # a URL, a variable or an absolute path: not ours to judge
            where = context or key
            if not paths.context.is_dir():
                if where is not None:
                    yield self.finding(where.range, f'build context "{context_value or "."}" does not exist')
            elif dockerfile is not None and not paths.dockerfile.is_file():
                message = f'Dockerfile "{dockerfile_value}" does not exist in build context "{context_value or "."}"'
                yield self.finding(dockerfile.range, message)
            elif where is not None and dockerfile is None and not _has_dockerfile(paths.context):
                yield self.finding(where.range, f'build context "{context_value or "."}" has no Dockerfile')


def _has_dockerfile(folder: Path) -> bool:
    return (folder / "Dockerfile").is_file() or (folder / "Containerfile").is_file()
