"""Docker builds a pipeline runs: ``docker build [-f FILE] CONTEXT`` in a job's ``before_script`` or
``script`` lines, resolved to the repository's folder and Dockerfile (``core/build_paths.py``).

Links, go-to-definition and GL017 read them from here. A job's shell starts in the project folder
(``$CI_PROJECT_DIR``, the repository root), so both paths are relative to it. A build is *plain*
when nothing before it in the job could have changed the folder or added files: only harmless
commands ran before it, no ``cache:`` restores files, and no job of the pipeline passes files on
as artifacts; only then may a missing path be reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...core.build_paths import BuildPaths, build_paths
from ...core.document import Document, Range
from ..shell import Word, parse_script
from ..shell.docker_build import DockerBuild, docker_build, leaves_files_alone
from ..yaml import Mapping, Node, Scalar, Sequence, scalar_offsets
from .model import Job, Pipeline


@dataclass(frozen=True)
class Build:
    """One ``docker build`` line of a job written in the analysed document."""

    job: Job
    line: Scalar  # the script line holding it
    build: DockerBuild
    paths: BuildPaths | None  # None: a path is a variable or a remote source
    plain: bool  # nothing before it in the job may have changed the folder or its files

    def range_of(self, document: Document, word: Word) -> Range:
        offsets = scalar_offsets(self.line, document.text)
        start = offsets[min(word.start, len(offsets) - 1)]
        end = offsets[min(word.end - 1, len(offsets) - 1)] + 1
        return document.range_of(start, end)


def repository_root(document: Document) -> Path | None:
    """The nearest folder above the document holding ``.gitlab-ci.yml`` or ``.git``."""
    if document.path is None:
        return None
    folder = document.path.absolute().parent
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists() or (candidate / ".gitlab-ci.yml").is_file():
            return candidate
    return None


def builds(pipeline: Pipeline, document: Document) -> list[Build]:
    """Every readable ``docker build`` of the document's jobs, in document order."""
    cache = pipeline.__dict__.setdefault("_ig_docker_builds", {})
    if "builds" not in cache:
        cache["builds"] = list(_builds(pipeline, document))
    return cache["builds"]


def _builds(pipeline: Pipeline, document: Document) -> Iterator[Build]:
    root = repository_root(document)
    if root is None or pipeline.root is None:
        return
    shared = not pipeline.incomplete and not _passes_files(pipeline)
    for job in pipeline.local_jobs:
        if job.hidden or job.mapping is None:
            continue
        plain = shared and job.extends_ok and not _restores_files(pipeline, job)
        for line in _job_lines(pipeline, job):
            script = parse_script(line.value)
            for command in script.commands:
                found = docker_build(command)
                if found is not None:
                    paths = build_paths(root, found.context.value, found.file.value if found.file else None)
                    yield Build(job, line, found, paths, plain and not script.has_error)
                plain = plain and leaves_files_alone(command)


def _job_lines(pipeline: Pipeline, job: Job) -> list[Scalar]:
    """The lines the job's shell runs, in order: its ``before_script`` (or the default one), then ``script``."""
    before = job.get("before_script")
    if before is None:
        default = pipeline.root.get("default") if pipeline.root is not None else None
        before = default.get("before_script") if isinstance(default, Mapping) else None
    if before is None and pipeline.root is not None:
        before = pipeline.root.get("before_script")
    return _lines(before) + _lines(job.get("script"))


def _lines(node: Node | None, depth: int = 0) -> list[Scalar]:
    if node is None or node.tag == "!reference" or depth > 10:
        return []
    if isinstance(node, Scalar):
        return [node] if isinstance(node.value, str) and node.value.strip() else []
    if isinstance(node, Sequence):
        return [line for item in node.items for line in _lines(item, depth + 1)]
    return []


def _passes_files(pipeline: Pipeline) -> bool:
    """Some job hands files to later ones (``artifacts: paths``/``untracked``), which GitLab
    downloads into their project folder."""
    for job in pipeline.jobs.values():
        artifacts = job.get("artifacts")
        if isinstance(artifacts, Mapping) and ("paths" in artifacts or "untracked" in artifacts):
            return True
        if artifacts is not None and not isinstance(artifacts, Mapping):
            return True  # written in a way we do not read: assume it does
    return False


def _restores_files(pipeline: Pipeline, job: Job) -> bool:
    """A cache is restored into the folder, or the job fetches no repository."""
    default = pipeline.root.get("default") if pipeline.root is not None else None
    if job.get("cache") is not None or (isinstance(default, Mapping) and default.get("cache") is not None):
        return True
    if pipeline.root is not None and pipeline.root.get("cache") is not None:
        return True
    for variables in (pipeline.root.get("variables") if pipeline.root is not None else None, job.get("variables")):
        strategy = variables.get("GIT_STRATEGY") if isinstance(variables, Mapping) else None
        if isinstance(strategy, Scalar) and strategy.value != "fetch" and strategy.value != "clone":
            return True
    return False
