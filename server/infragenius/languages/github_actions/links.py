"""Links from a workflow to the files it names: a ``docker/build-push-action`` step's ``file``
opens the Dockerfile, its ``context`` the folder (and go-to-definition on either opens the
Dockerfile the build reads). Only paths that exist are linked."""

from __future__ import annotations

from pathlib import Path

from ...core.document import Document, Position, Range
from .builds import builds
from .model import Workflow

_FILE_START = Range.of(0, 0, 0, 0)
FileTarget = tuple[Path, Range, Range]  # the file, where in it, the value that names it


def links(document: Document, wf: Workflow | None) -> list[tuple[Range, Path]] | None:
    if not isinstance(wf, Workflow) or wf.root is None:
        return None
    out: list[tuple[Range, Path]] = []
    for build in builds(wf):
        if build.paths is None:
            continue
        if build.context is not None and build.paths.context.is_dir():
            out.append((build.context.range, build.paths.context))
        if build.file is not None and build.paths.dockerfile.is_file():
            out.append((build.file.range, build.paths.dockerfile))
    return out


def dockerfile_target(wf: Workflow, position: Position) -> list[FileTarget] | None:
    """Go-to-definition on a build's ``file`` or ``context`` value: the Dockerfile it reads."""
    for build in builds(wf):
        for value in (build.file, build.context):
            if value is None or build.paths is None or not (value.range.start <= position <= value.range.end):
                continue
            if build.paths.dockerfile.is_file():
                return [(build.paths.dockerfile, _FILE_START, value.range)]
            return None
    return None
