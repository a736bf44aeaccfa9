"""Docker builds a workflow runs: each ``docker/build-push-action`` step's ``with.context`` and
``with.file``, and each ``docker build [-f FILE] CONTEXT`` of a ``run:`` script, resolved to the
repository's folder and Dockerfile (``core/build_paths.py``).

Links, go-to-definition and GA053 read them from here. The repository is the folder above
``.github/workflows/``; the action's working folder is the workspace, where ``actions/checkout``
puts the repository, so ``file`` is relative to the repository root, as ``context`` is. A script
starts in its ``working-directory`` (the step's, else the job's or the workflow's ``defaults.run``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...core.build_paths import BuildPaths, build_paths, local_path
from ...core.document import Range
from ..shell import Word
from ..shell.docker_build import docker_build, leaves_files_alone
from ..yaml import Mapping, Scalar
from .model import Job, Step, Workflow

BUILD_ACTION = "docker/build-push-action"
# Actions that write nothing into the workspace that a build could read: a build after only these
# (and the checkout) reads the repository as committed, so a missing path is missing.
_QUIET_ACTIONS = frozenset(
    {
        "actions/checkout",
        "docker/setup-qemu-action",
        "docker/setup-buildx-action",
        "docker/login-action",
        "docker/metadata-action",
        "aws-actions/configure-aws-credentials",
        "aws-actions/amazon-ecr-login",
        "azure/login",
        "azure/docker-login",
        "google-github-actions/auth",
        "google-github-actions/setup-gcloud",
        "sigstore/cosign-installer",
    }
)


@dataclass(frozen=True)
class Named:
    """A path as written and where: a ``with`` value, or a word of a script."""

    value: str
    range: Range


@dataclass(frozen=True)
class Build:
    """One build: the paths as written and what they resolve to."""

    job: Job
    step: Step
    context: Named | None
    file: Named | None
    paths: BuildPaths | None  # None: a value is an expression, a variable or a remote source
    # the job checks the repository out and runs nothing before the build that could add files
    # (in a script: no command before it either)
    reads_checkout: bool


def repository_root(wf: Workflow) -> Path | None:
    """The folder holding ``.github/workflows/`` (None for a file outside such a folder)."""
    path = wf.document.path
    if path is None or len(path.parts) < 3 or path.parts[-3:-1] != (".github", "workflows"):
        return None
    return path.parent.parent.parent


def builds(wf: Workflow) -> list[Build]:
    """Every build of the workflow: the action's steps, then the scripts' commands."""
    return wf.once("docker-builds", lambda: [*_builds(wf), *_script_builds(wf)])


def _builds(wf: Workflow) -> Iterator[Build]:
    root = repository_root(wf)
    if root is None or wf.kind != "workflow":
        return
    for job in wf.jobs:
        for position, step in enumerate(job.steps):
            if _action(step) != BUILD_ACTION:
                continue
            inputs = step.get("with")
            context = _input(inputs, "context")
            file = _input(inputs, "file")
            paths = build_paths(
                root,
                context.value if context is not None else None,
                file.value if file is not None else None,
            )
            yield Build(job, step, _named(context), _named(file), paths, _reads_checkout(job.steps[:position]))


def _script_builds(wf: Workflow) -> Iterator[Build]:
    """``docker build`` commands of ``run:`` scripts that run in a POSIX shell."""
    from .rules.scripts_shell import run_scripts  # the shell rules' view of the scripts: one parse

    root = repository_root(wf)
    if root is None or wf.kind != "workflow":
        return
    steps = {id(step.get("run")): (job, position, step) for job in wf.jobs for position, step in enumerate(job.steps)}
    for run in run_scripts(wf):
        found = steps.get(id(run.scalar))
        if found is None:
            continue
        job, position, step = found
        folder = _working_directory(wf, job, step)
        quiet = _reads_checkout(job.steps[:position]) and not run.script.has_error
        for command in run.script.commands:
            build = docker_build(command)
            if build is not None:
                context, file = (_word(wf, run.scalar, word) for word in (build.context, build.file))
                assert context is not None  # a build always has one
                paths = (
                    None if folder is None else build_paths(root / folder, context.value, file.value if file else None)
                )
                yield Build(job, step, context, file, paths, quiet)
            quiet = quiet and leaves_files_alone(command)


def _working_directory(wf: Workflow, job: Job, step: Step) -> str | None:
    """The folder a step's script starts in, relative to the workspace ("." by default); None when
    it is an expression or outside the workspace."""
    for holder in (step.node, _run_defaults(job.node), _run_defaults(wf.root)):
        value = holder.get("working-directory") if isinstance(holder, Mapping) else None
        if isinstance(value, Scalar) and not value.is_null:
            path = local_path(str(value.value))
            return path.as_posix() if path is not None else None
    return "."


def _run_defaults(node: Mapping | None) -> Mapping | None:
    defaults = node.get("defaults") if node is not None else None
    run = defaults.get("run") if isinstance(defaults, Mapping) else None
    return run if isinstance(run, Mapping) else None


def _word(wf: Workflow, script: Scalar, word: Word | None) -> Named | None:
    return Named(word.value, wf.value_range(script, word.start, word.end)) if word is not None else None


def _named(value: Scalar | None) -> Named | None:
    return Named(value.value, value.range) if value is not None else None


def _action(step: Step) -> str | None:
    uses = step.str("uses")
    if uses is None or "@" not in uses:
        return None
    return uses.split("@", 1)[0].lower()


def _input(inputs: object, name: str) -> Scalar | None:
    if not isinstance(inputs, Mapping):
        return None
    value = inputs.get(name)
    return value if isinstance(value, Scalar) and not value.is_null and isinstance(value.value, str) else None


def _reads_checkout(before: list[Step]) -> bool:
    """The steps before the build check the repository out where it is, and add nothing to it after.
    A checkout empties the workspace first (``clean: true``, its default), so what ran before it
    leaves nothing behind."""
    checked_out = touched = False
    for step in before:
        action = _action(step)
        if action == "actions/checkout":
            inputs = step.get("with")
            if isinstance(inputs, Mapping) and any(k in inputs for k in ("path", "repository", "sparse-checkout")):
                return False  # another layout or another repository
            clean = _input(inputs, "clean")
            checked_out = True
            touched = touched and clean is not None and clean.value.lower() == "false"
        elif action == BUILD_ACTION and _input(step.get("with"), "outputs") is None:
            continue  # another image build: it writes to the builder, not the workspace
        elif action is None or action not in _QUIET_ACTIONS:
            touched = True  # a script or another action may have written the path
    return checked_out and not touched
