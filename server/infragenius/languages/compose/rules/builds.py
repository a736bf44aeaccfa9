"""A service's build: the context folder and the Dockerfile it names must exist."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ....core.build_paths import build_paths
from ....core.context import Context
from ....core.findings import Finding, Severity
from ...yaml import Node, Scalar
from ..model import ComposeFile, Service
from ..paths import build_nodes, project_folders
from ._base import ComposeRule


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
        bases = project_folders(model, model.folder)
        for service in model.services.values():
            found = build_nodes(service)
            if found is not None:
                yield from self._check_build(service, found, bases)

    def _check_build(
        self, service: Service, found: tuple[Node | None, Scalar | None, Scalar | None], bases: list[Path]
    ) -> Iterable[Finding]:
        key, context, dockerfile = found
        where = context or key
        context_value = str(context.value) if context is not None else None
        dockerfile_value = str(dockerfile.value) if dockerfile is not None else None
        resolved = [build_paths(base, context_value, dockerfile_value, dockerfile_base="context") for base in bases]
        candidates = [paths for paths in resolved if paths is not None]
        if where is None or not candidates:
            return  # a URL, a variable or an absolute path: not ours to judge
        existing = [paths for paths in candidates if paths.context.is_dir()]
        if not existing:
            yield self.finding(where.range, f'build context "{context_value or "."}" does not exist')
            return
        paths = existing[0]
        if not _inside(paths.context, bases[0]):
            return  # a folder above the file's: the tree we see may not be the whole repository
        if dockerfile is not None and not paths.dockerfile.is_file():
            message = f'Dockerfile "{dockerfile_value}" does not exist in build context "{context_value or "."}"'
            yield self.finding(dockerfile.range, message)
        elif dockerfile is None and not _has_dockerfile(paths.context):
            yield self.finding(where.range, f'build context "{context_value or "."}" has no Dockerfile')


def _inside(path: Path, folder: Path) -> bool:
    return Path(os.path.normpath(path)).is_relative_to(os.path.normpath(folder))


def _has_dockerfile(folder: Path) -> bool:
    return (folder / "Dockerfile").is_file() or (folder / "Containerfile").is_file()
