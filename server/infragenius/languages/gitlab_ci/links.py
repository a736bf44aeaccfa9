"""Links from a pipeline to the files its jobs' ``docker build`` commands name: ``-f`` opens the
Dockerfile, the context the folder (and go-to-definition on either opens the Dockerfile the build
reads). Only paths that exist are linked."""

from __future__ import annotations

from pathlib import Path

from ...core.document import Document, Position, Range
from .builds import builds
from .model import Pipeline

_FILE_START = Range.of(0, 0, 0, 0)


def links(document: Document, pipeline: Pipeline | None) -> list[tuple[Range, Path]] | None:
    if not isinstance(pipeline, Pipeline) or pipeline.root is None:
        return None
    out: list[tuple[Range, Path]] = []
    for build in builds(pipeline, document):
        paths = build.paths
        if paths is None:
            continue
        if paths.context.is_dir():
            out.append((build.range_of(document, build.build.context), paths.context))
        if build.build.file is not None and paths.dockerfile.is_file():
            out.append((build.range_of(document, build.build.file), paths.dockerfile))
    return out


def dockerfile_target(document: Document, pipeline: Pipeline, position: Position):
    """Go-to-definition on a build's ``-f`` value or context: the Dockerfile it reads."""
    for build in builds(pipeline, document):
        for word in (build.build.file, build.build.context):
            if word is None or build.paths is None:
                continue
            rng = build.range_of(document, word)
            if rng.start <= position <= rng.end:
                return [(build.paths.dockerfile, _FILE_START, rng)] if build.paths.dockerfile.is_file() else None
    return None
