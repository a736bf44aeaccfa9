"""A service's build against the Dockerfile it reads: the stage it targets, the arguments it passes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ....core.context import Context
from ....core.findings import Finding, Severity
from ....core.suggest import candidates, did_you_mean
from ...yaml import Mapping, Node, Scalar, Sequence
from ...yaml.fixes import rename_fix
from ..dockerfile_text import PREDEFINED_ARGS, DockerfileFacts, read_facts
from ..model import ComposeFile, Service, interpolated, scalar
from ..paths import service_build
from ._base import ComposeRule


def _facts(service: Service, model: ComposeFile, ctx: Context) -> DockerfileFacts | None:
    """What the service's Dockerfile declares; None when it is not a file we can read."""
    if model.folder is None:
        return None
    build = service_build(service, model.folder)
    if build is None:
        return None
    text = ctx.workspace.read_text(build[2].dockerfile)
    return read_facts(text) if text is not None else None


class MissingBuildTarget(ComposeRule):
    """``build.target`` names a stage that the Dockerfile does not have.

    The build stops ("target stage "dev" could not be found"). The stages are the names after
    ``AS`` in the Dockerfile's ``FROM`` lines (any case).

    Bad:

        build:
          context: .
          target: developement   # the Dockerfile has FROM node:22 AS development

    Good:

        build:
          context: .
          target: development
    """

    code = "DC017"
    name = "missing-build-target"
    message = "The build target stage is not in the Dockerfile"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        for service in model.services.values():
            build = service.get("build")
            target = scalar(build.get("target")) if isinstance(build, Mapping) else None
            if target is None or interpolated(str(target.value)):
                continue
            facts = _facts(service, model, ctx)
            if facts is None or facts.heredoc or str(target.value).lower() in facts.stages:
                continue
            found = candidates(str(target.value), facts.stages)
            hint = f"; {did_you_mean(found)}" if found else ""
            stages = ", ".join(facts.stages) or "none"
            message = f'the Dockerfile has no stage "{target.value}" (its stages: {stages}){hint}'
            yield self.finding(target.range, message, fix=rename_fix(target, found))


class UndeclaredBuildArg(ComposeRule):
    """``build.args`` passes an argument that the Dockerfile never declares with ``ARG``.

    The value never reaches the build: only declared arguments are visible to its instructions
    (Docker's own, such as the proxy variables, excepted). Usually the Dockerfile's ``ARG`` was
    renamed or removed, or the name is misspelt.

    Bad:

        build:
          context: .
          args:
            NODE_VERSON: "22"   # the Dockerfile has ARG NODE_VERSION

    Good:

        build:
          context: .
          args:
            NODE_VERSION: "22"
    """

    code = "DC018"
    name = "undeclared-build-arg"
    message = "Build argument not declared in the Dockerfile"
    severity = Severity.WARNING
    tags = ("correctness", "no-peer")
    fixable = True

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        for service in model.services.values():
            build = service.get("build")
            args = build.get("args") if isinstance(build, Mapping) else None
            if args is None:
                continue
            facts = _facts(service, model, ctx)
            if facts is None:
                continue
            for name, node in _arg_names(args):
                if name in facts.args or name in PREDEFINED_ARGS or interpolated(name):
                    continue
                found = candidates(name, sorted(facts.args))
                hint = f"; {did_you_mean(found)}" if found else ""
                fix = rename_fix(node, found) if isinstance(node, Scalar) and str(node.value) == name else None
                yield self.finding(node.range, f"the Dockerfile declares no ARG {name}{hint}", fix=fix)


def _arg_names(args: Node) -> Iterator[tuple[str, Node]]:
    """(name, node naming it) for ``args`` as a mapping or a list of ``NAME=value``."""
    if isinstance(args, Mapping):
        yield from ((str(k.value), k) for k, _ in args.pairs if isinstance(k, Scalar))
    elif isinstance(args, Sequence):
        for item in args.items:
            if isinstance(item, Scalar) and not item.is_null:
                yield str(item.value).split("=", 1)[0].strip(), item
