"""``with:`` of popular actions: misspelt and missing required inputs."""

from __future__ import annotations

import re

from ....core.findings import Severity
from ....core.suggest import candidates
from ...yaml import Mapping, Scalar
from ...yaml.fixes import rename_fix
from ..actions_table import ACTION_INPUTS, DEPRECATED_INPUTS, NON_DOCKER
from ._base import ActionsRule


class ActionInputs(ActionsRule):
    """A misspelt input of a well-known action (``fetch_depth`` for ``fetch-depth``), a required
    input left out (``path``/``key`` of ``actions/cache``, ``path`` of ``actions/upload-artifact``,
    ``script`` of ``actions/github-script``), a deprecated input (``packages_dir`` of
    ``pypa/gh-action-pypi-publish`` since v1.8), or ``args``/``entrypoint`` given to an action that
    is not a Docker action.

    The runner only warns about unexpected inputs and goes on with the default value, so the
    setting silently does nothing. Inputs are known for actions/checkout, setup-node, setup-python,
    setup-go, setup-java, cache, upload-artifact, download-artifact, github-script, docker/login,
    build-push, metadata, setup-buildx, setup-qemu and pypa/gh-action-pypi-publish; an input
    is reported only when it is close to a known one. For a local action (``uses: ./path``) its
    ``action.yml`` is read and every input is checked.

    Bad:

        - uses: actions/checkout@v4
          with:
            fetch_depth: 0

    Good:

        - uses: actions/checkout@v4
          with:
            fetch-depth: 0
    """

    code = "GA019"
    name = "action-inputs"
    message = "Misspelt or missing action input"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("actionlint:action",)
    fixable = True

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            for step in job.steps:
                uses = step.get("uses")
                if not isinstance(uses, Scalar) or ("@" not in uses.value and not uses.value.startswith("./")):
                    continue
                if uses.value.startswith("./"):
                    yield from self._local(wf, ctx, uses, step)
                    continue
                name = uses.value.split("@", 1)[0].lower()
                entry = ACTION_INPUTS.get(name)
                if entry is None:
                    continue
                known, required = entry
                with_ = step.get("with")
                given = {}
                if isinstance(with_, Mapping):
                    given = {k.value.lower(): k for k, _ in with_.items() if isinstance(k, Scalar)}
                elif with_ is not None:
                    continue  # an expression or a type error reported elsewhere
                ref = uses.value.split("@", 1)[1]
                deprecated = _deprecated(name, ref)
                for lowered, key in given.items():
                    if lowered in deprecated:
                        yield self.finding(
                            key.range, f'input "{key.value}" of "{name}" is deprecated: {deprecated[lowered]}'
                        )
                    if lowered in known:
                        continue
                    close = candidates(lowered, known, cutoff=0.75)
                    if close and close[0] not in given:
                        yield self.finding(
                            key.range,
                            f'"{name}" has no input "{key.value}"; did you mean "{close[0]}"?',
                            fix=rename_fix(key, close),
                        )
                    elif lowered in ("args", "entrypoint") and name in NON_DOCKER:
                        yield self.finding(
                            key.range,
                            f'"{key.value}" is only for Docker container actions; "{name}" is not one and has no such input',
                        )
                for needed in required:
                    if needed not in given:
                        yield self.finding(uses.range, f'"{name}" needs the input "{needed}"')

    def _local(self, wf, ctx, uses, step):
        """A local action (``./path``): its action.yml is the truth, every input is checked."""
        declared = local_action_inputs(wf, ctx, uses.value)
        if declared is None:
            return
        inputs, required = declared
        with_ = step.get("with")
        if with_ is not None and not isinstance(with_, Mapping):
            return
        given = {k.value.lower(): k for k, _ in with_.items() if isinstance(k, Scalar)} if with_ is not None else {}
        for lowered, key in given.items():
            if lowered not in inputs and "${{" not in key.value:
                hint = [c for c in candidates(lowered, inputs) if c not in given]
                hint_text = (
                    f'; did you mean "{hint[0]}"?'
                    if hint
                    else f"; its inputs are {', '.join(sorted(inputs)) or 'none'}"
                )
                yield self.finding(
                    key.range,
                    f'local action "{uses.value}" has no input "{key.value}"{hint_text}',
                    fix=rename_fix(key, hint),
                )
        for needed in required:
            if needed not in given:
                yield self.finding(
                    uses.range, f'local action "{uses.value}" needs the input "{needed}" (required, no default)'
                )


def local_action_inputs(wf, ctx, ref: str) -> tuple[set[str], list[str]] | None:
    """(inputs, required inputs without default) of ``./path``'s action.yml, read through the
    workspace (editor buffers first); None when it cannot be found or read."""
    from ...yaml import parse_yaml

    path = wf.document.path
    if path is None:
        return None
    parts = path.parts
    if len(parts) < 3 or parts[-3] != ".github" or parts[-2] != "workflows":
        return None
    root = path.parent.parent.parent
    for name in ("action.yml", "action.yaml"):
        text = ctx.workspace.read_text(root / ref / name)
        if text is not None:
            break
    else:
        return None
    stream = parse_yaml(text)
    meta = stream.root
    if not isinstance(meta, Mapping) or stream.syntax_errors:
        return None
    decl = meta.get("inputs")
    if decl is None:
        return set(), []
    if not isinstance(decl, Mapping):
        return None
    inputs, required = set(), []
    for key, spec in decl.items():
        if not isinstance(key, Scalar):
            return None
        inputs.add(key.value.lower())
        if isinstance(spec, Mapping):
            req, default = spec.get("required"), spec.get("default")
            if isinstance(req, Scalar) and req.python is True and default is None:
                required.append(key.value.lower())
    return inputs, required


_VERSION = re.compile(r"^(?:release/)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


def _deprecated(name: str, ref: str) -> dict[str, str]:
    """Deprecated inputs of ``name`` at ``ref``; none when the ref is not a version (a SHA, a
    branch) or is older than the replacement input."""
    entry = DEPRECATED_INPUTS.get(name)
    m = _VERSION.match(ref)
    if entry is None or m is None:
        return {}
    since, inputs = entry
    given = tuple(int(g) for g in m.groups() if g is not None)
    # "v1" / "release/v1" follow the newest 1.x release
    version = given if len(given) > 1 else (given[0], 10**6)
    return inputs if version >= since else {}
