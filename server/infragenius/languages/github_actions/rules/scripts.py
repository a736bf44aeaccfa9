"""``run:`` scripts: workflow commands GitHub deprecated or disabled."""

from __future__ import annotations

import re

from ....core.findings import Edit, Fix, Severity
from ...yaml import Scalar
from ._base import ActionsRule

_COMMAND = re.compile(r"::(set-output|save-state|set-env|add-path)(?=[\s:])")
_REPLACEMENT = {
    "set-output": ('echo "{name}={value}" >> "$GITHUB_OUTPUT"', Severity.WARNING),
    "save-state": ('echo "{name}={value}" >> "$GITHUB_STATE"', Severity.WARNING),
    "set-env": ('echo "{name}={value}" >> "$GITHUB_ENV"', Severity.ERROR),
    "add-path": ('echo "{path}" >> "$GITHUB_PATH"', Severity.ERROR),
}


# `echo "::set-output name=NAME::VALUE"` alone on its line (quotes single or double).
_ECHO = re.compile(
    r"""^(\s*)echo\s+(["'])::(set-output|save-state|set-env) name=([A-Za-z_][A-Za-z0-9_-]*)::([^"'\n]*)\2\s*$"""
)
_FILES = {"set-output": "GITHUB_OUTPUT", "save-state": "GITHUB_STATE", "set-env": "GITHUB_ENV"}


def _rewrite(wf, run: Scalar, offset: int, name: str) -> Fix | None:
    """Rewrite a plain one-line ``echo "::set-output name=x::v"`` into the file form. Unsafe: the old
    commands unescaped ``%0A`` and friends, the files take the value as is."""
    if run.style not in ("", "|"):
        return None
    value = run.value
    start = value.rfind("\n", 0, offset) + 1
    end = value.find("\n", offset)
    end = len(value) if end == -1 else end
    m = _ECHO.match(value[start:end])
    if m is None or m.group(3) != name:
        return None
    indent, quote, _, key, val = m.groups()
    new = f'{indent}echo {quote}{key}={val}{quote} >> "${_FILES[name]}"'
    rng = wf.value_range(run, start, end)
    if wf.document.text_in(rng) != value[start:end]:
        return None  # the source differs from the value (escapes, folding): do not guess
    return Fix(f"Write to ${_FILES[name]}", (Edit(rng, new),), "unsafe")


class DeprecatedCommand(ActionsRule):
    """A deprecated workflow command printed by a script.

    ``::set-env`` and ``::add-path`` are disabled (they let any log line change the environment);
    ``::set-output`` and ``::save-state`` are deprecated and will stop working. Append to the
    files GitHub provides instead.

    Bad:

        - run: echo "::set-output name=version::1.2.3"

    Good:

        - run: echo "version=1.2.3" >> "$GITHUB_OUTPUT"
    """

    code = "GA040"
    name = "deprecated-command"
    message = "Deprecated workflow command"
    severity = Severity.WARNING
    tags = ("deprecated",)
    aliases = ("actionlint:deprecated-commands",)
    fixable = True

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            for step in job.steps:
                run = step.get("run")
                if not isinstance(run, Scalar) or "::" not in run.value:
                    continue
                for match in _COMMAND.finditer(run.value):
                    name = match.group(1)
                    instead, severity = _REPLACEMENT[name]
                    rng = wf.value_range(run, match.start(), match.end())
                    yield self.finding(
                        rng,
                        f'workflow command "{name}" is {"disabled" if severity == Severity.ERROR else "deprecated"}; use `{instead}` instead',
                        severity=severity,
                        fix=_rewrite(wf, run, match.start(), name),
                    )


_SHELLS = ("bash", "sh", "pwsh", "powershell", "cmd", "python")


def _shell_nodes(wf, with_jobs: bool = False):
    """Every ``shell:`` scalar (workflow and job defaults, steps); with ``with_jobs`` as (job or
    None, shell) pairs."""
    defaults = [(None, wf.root.get("defaults"))] + [(job, job.get("defaults")) for job in wf.jobs]
    for job, node in defaults:
        run = node.get("run") if hasattr(node, "get") and not isinstance(node, Scalar) else None
        shell = run.get("shell") if hasattr(run, "get") and not isinstance(run, Scalar) else None
        if isinstance(shell, Scalar):
            yield (job, shell) if with_jobs else shell
    for job in wf.jobs:
        for step in job.steps:
            shell = step.get("shell")
            if isinstance(shell, Scalar):
                yield (job, shell) if with_jobs else shell


# Built-in shells that exist on one kind of GitHub-hosted runner only.
_WINDOWS_ONLY = ("powershell", "cmd")
_NOT_ON_WINDOWS = ("sh",)


def _runner_os(job) -> str | None:
    """ "windows", "linux" or "macos" when runs-on is one GitHub-hosted image label; else None."""
    from .. import schema

    node = job.get("runs-on") if job is not None else None
    if not isinstance(node, Scalar) or node.value.lower() not in schema.GITHUB_HOSTED_LABELS:
        return None
    name = node.value.lower()
    return "linux" if name.startswith("ubuntu") else name.split("-", 1)[0]


class UnknownShell(ActionsRule):
    """A ``shell:`` that is neither a built-in shell (bash, sh, pwsh, powershell, cmd, python) nor a
    custom command template with ``{0}`` (the script's path), or a built-in shell that the job's
    GitHub-hosted runner does not have (``powershell``/``cmd`` are Windows-only, ``sh`` is not on
    Windows).

    Bad:

        - run: echo hi
          shell: zsh

    Good:

        - run: echo hi
          shell: zsh {0}
    """

    code = "GA041"
    name = "unknown-shell"
    message = "Unknown shell"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:shell-name",)

    def check_workflow(self, wf, ctx):
        for job, shell in _shell_nodes(wf, with_jobs=True):
            value = shell.value.strip()
            if value.lower() in _SHELLS:
                system = _runner_os(job)
                if (
                    system == "windows"
                    and value.lower() in _NOT_ON_WINDOWS
                    or system in ("linux", "macos")
                    and value.lower() in _WINDOWS_ONLY
                ):
                    where = "is only available on Windows" if system != "windows" else "is not available on Windows"
                    runs_on = job.get("runs-on").value
                    yield self.finding(shell.range, f'shell "{value}" {where}, but job "{job.id}" runs on "{runs_on}"')
                continue
            if not value or "${{" in value or "{0}" in value:
                continue
            hint = f'; use "{value} {{0}}" to run the script with it' if " " not in value else ""
            yield self.finding(shell.range, f'unknown shell "{value}": built-in shells are {", ".join(_SHELLS)}{hint}')


_BAD_ENV_NAME = re.compile(r"[=\s\x00]")


class InvalidEnvName(ActionsRule):
    """An environment variable name that no process can receive: it contains ``=``, a space or a
    control character.

    Bad:

        env:
          MY VAR: 1

    Good:

        env:
          MY_VAR: 1
    """

    code = "GA042"
    name = "invalid-env-name"
    message = "Invalid environment variable name"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:env-var",)

    def check_workflow(self, wf, ctx):
        from ...yaml import Mapping

        nodes = [wf.root.get("env")]
        for job in wf.jobs:
            nodes.append(job.get("env"))
            container = job.get("container")
            if isinstance(container, Mapping):
                nodes.append(container.get("env"))
            services = job.get("services")
            if isinstance(services, Mapping):
                nodes += [svc.get("env") for _, svc in services.items() if isinstance(svc, Mapping)]
            nodes += [step.get("env") for step in job.steps]
        for env in nodes:
            if not isinstance(env, Mapping):
                continue
            for key, _ in env.items():  # noqa: PERF102 (a YAML Mapping, not a dict)
                if isinstance(key, Scalar) and "${{" not in key.value and _BAD_ENV_NAME.search(key.value):
                    yield self.finding(
                        key.range,
                        f'"{key.value}" cannot be an environment variable name: it contains "=", a space or a control character',
                    )
