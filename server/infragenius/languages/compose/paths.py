"""The paths a Compose file names: a service's build context and Dockerfile, and the folders its relative
paths start from."""

from __future__ import annotations

from pathlib import Path

from ...core.build_paths import BuildPaths, build_paths
from ..yaml import Mapping, Node, Scalar
from .model import MAIN_NAMES, ComposeFile, Service, scalar

MAX_LEVELS_UP = 4


def build_nodes(service: Service) -> tuple[Node | None, Scalar | None, Scalar | None] | None:
    """(the ``build`` key, its context value, its dockerfile value) of a service that builds; None
    for one that does not, or whose Dockerfile is written inline."""
    key, build = service.key_node("build"), service.get("build")
    if isinstance(build, Scalar):
        return key, scalar(build), None
    if not isinstance(build, Mapping) or build.get("dockerfile_inline") is not None:
        return None
    return key, scalar(build.get("context")), scalar(build.get("dockerfile"))


def project_folders(model: ComposeFile, folder: Path) -> list[Path]:
    """Where the file's relative paths may start: its own folder; for a file that Compose layers onto
    a main file (``-f docker-compose.yml -f extensions/x/x-compose.yml``), also the folders above it
    that hold a main file, since every path of a project is relative to the first file's folder."""
    folders = [folder]
    if model.project.complete:
        return folders
    for parent in list(folder.parents)[:MAX_LEVELS_UP]:
        if any((parent / name).is_file() for name in MAIN_NAMES):
            folders.append(parent)
    return folders


def service_build(service: Service, folder: Path) -> tuple[Scalar | None, Scalar | None, BuildPaths] | None:
    """(context value, dockerfile value, their paths from ``folder``) of a service that builds from
    plain relative paths; None otherwise."""
    found = build_nodes(service)
    if found is None:
        return None
    _, context, dockerfile = found
    context_value = str(context.value) if context is not None else None
    dockerfile_value = str(dockerfile.value) if dockerfile is not None else None
    paths = build_paths(folder, context_value, dockerfile_value, dockerfile_base="context")
    return (context, dockerfile, paths) if paths is not None else None
