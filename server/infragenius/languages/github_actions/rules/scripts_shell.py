"""``run:`` scripts through the shared shell checks (``languages/shell/rules``).

A script is checked only when it runs in a POSIX shell: ``shell: bash``/``sh`` or a custom
``bash ... {0}`` template, or no ``shell:`` on a runner that is not Windows (where the default is
``bash -e {0}``). PowerShell, cmd and python steps, and shells or runners given by an expression
that cannot be resolved, are skipped. ``${{ }}`` in a script is an unknown value to the shell.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...shell import GITHUB_EXPRESSION, Script, parse_script
from ...shell.checks import (
    PIPELINE_STATUS_LOST,
    REGISTRY_PASSWORD_ARGUMENT,
    REMOTE_SCRIPT_EXECUTION,
    RM_EMPTY_VARIABLE_PATH,
    TLS_VERIFICATION_DISABLED,
    UNCHECKED_CD,
    ReportsShellCheck,
)
from ...shell.rules import Hit, ShellFlags, empty_variable_rm_paths, masked_pipelines, unchecked_cds
from ...shell.rules.dialect import looks_like_powershell_or_cmd
from ...shell.rules.rm_paths import names_variable
from ...shell.wrappers import SHELLS
from ...yaml import Mapping, Node, Scalar, Sequence
from ._base import ActionsRule

# the flags GitHub starts each built-in shell with
_BUILTIN = {
    None: ShellFlags(errexit=True, pipefail=False),  # no shell: ``bash -e {0}`` (``sh -e {0}`` without bash)
    "bash": ShellFlags(errexit=True, pipefail=True),  # ``bash --noprofile --norc -eo pipefail {0}``
    "sh": ShellFlags(errexit=True, pipefail=False),  # ``sh -e {0}``
}
# variables the runner always sets to a non-empty value
PREDEFINED = frozenset(
    {
        "HOME",
        "PWD",
        "CI",
        "GITHUB_WORKSPACE",
        "GITHUB_ENV",
        "GITHUB_OUTPUT",
        "GITHUB_PATH",
        "GITHUB_STATE",
        "GITHUB_STEP_SUMMARY",
        "GITHUB_REPOSITORY",
        "GITHUB_REPOSITORY_OWNER",
        "GITHUB_SHA",
        "GITHUB_REF",
        "GITHUB_RUN_ID",
        "GITHUB_RUN_NUMBER",
        "GITHUB_RUN_ATTEMPT",
        "GITHUB_JOB",
        "GITHUB_ACTION",
        "GITHUB_ACTOR",
        "GITHUB_EVENT_NAME",
        "GITHUB_EVENT_PATH",
        "GITHUB_SERVER_URL",
        "GITHUB_API_URL",
        "GITHUB_WORKFLOW",
        "RUNNER_TEMP",
        "RUNNER_TOOL_CACHE",
        "RUNNER_WORKSPACE",
        "RUNNER_OS",
        "RUNNER_ARCH",
        "RUNNER_NAME",
        "GITHUB_ACTION_PATH",
    }
)
_MATRIX_ONLY = re.compile(r"^\s*\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}\s*$")
_NOT_POSIX = re.compile(r"(?i)windows|win32|win64")


@dataclass
class RunScript:
    """One ``run:`` value parsed as a shell script."""

    scalar: Scalar
    script: Script
    flags: ShellFlags
    env: frozenset[str]  # names set by ``env:`` of the workflow, job and step
    neighbours: str = ""  # the other ``run:`` scripts of the job (``echo "X=1" >> "$GITHUB_ENV"``)
    continue_on_error: bool = False
    env_values: dict[str, Node] = field(default_factory=dict)  # the ``env:`` in effect for the step
    job: Mapping | None = None

    def is_set(self, name: str) -> bool:
        return name in self.env or name in PREDEFINED or names_variable(self.neighbours, name)


def run_scripts(wf) -> list[RunScript]:
    """Every ``run:`` of the file that runs in a POSIX shell (computed once per analysis)."""
    return wf.once("shell-run-scripts", lambda: list(_run_scripts(wf)))


def _run_scripts(wf) -> Iterator[RunScript]:
    root = wf.root
    if wf.kind == "action":
        runs = root.get("runs")
        steps = runs.get("steps") if isinstance(runs, Mapping) else None
        if isinstance(steps, Sequence):
            for step in steps.items:
                if isinstance(step, Mapping):
                    found = _step_script(step, None, None, [])
                    if found is not None:
                        yield found
        return
    for job in wf.jobs:
        if job.node is None:
            continue
        default_shell = _default_shell(job.node) or _default_shell(root)
        found = [
            _step_script(step.node, default_shell, job.node, [root.get("env"), job.get("env")]) for step in job.steps
        ]
        runs = [r for r in found if r is not None]
        for run in runs:
            run.neighbours = "\n".join(other.scalar.value for other in runs if other is not run)
            yield run


def _step_script(step: Mapping, default_shell: Scalar | None, job: Mapping | None, envs: list) -> RunScript | None:
    run = step.get("run")
    if not isinstance(run, Scalar) or run.is_null or not run.value.strip():
        return None
    shell = step.get("shell")
    shell = shell if isinstance(shell, Scalar) and not shell.is_null else default_shell
    if shell is None and (job is None or not _posix_runner(job)):
        return None  # composite actions require a shell; Windows runners default to pwsh
    flags = _flags(shell.value if shell is not None else None)
    if flags is None or (shell is None and looks_like_powershell_or_cmd(run.value)):
        return None  # not POSIX, or a self-hosted runner that is probably Windows
    values: dict[str, Node] = {}  # the step's ``env:`` overrides the job's, the job's the workflow's
    for env in [*envs, step.get("env")]:
        if isinstance(env, Mapping):
            values.update((k.value, v) for k, v in env.items() if isinstance(k, Scalar))
    ignore = step.get("continue-on-error")
    ignored = isinstance(ignore, Scalar) and ignore.python is True
    script = parse_script(run.value, GITHUB_EXPRESSION)
    return RunScript(run, script, flags, frozenset(values), continue_on_error=ignored, env_values=values, job=job)


def _default_shell(node: Node | None) -> Scalar | None:
    defaults = node.get("defaults") if isinstance(node, Mapping) else None
    run = defaults.get("run") if isinstance(defaults, Mapping) else None
    shell = run.get("shell") if isinstance(run, Mapping) else None
    return shell if isinstance(shell, Scalar) and not shell.is_null else None


def _flags(shell: str | None) -> ShellFlags | None:
    """The flags a script starts with under ``shell``; None when it is not a POSIX shell or unknown."""
    if shell is None or shell.strip() in ("bash", "sh"):
        return _BUILTIN[shell.strip() if shell else None]
    if "${{" in shell or "{0}" not in shell:
        return None  # pwsh, powershell, cmd, python, or an expression
    words = shell.split()
    if posixpath.basename(words[0]) not in SHELLS:
        return None
    errexit = pipefail = False
    for i, word in enumerate(words[1:], 1):
        if word.startswith("-") and not word.startswith("--"):
            errexit = errexit or "e" in word[1:]
            if "o" in word[1:] and i + 1 < len(words):
                errexit = errexit or words[i + 1] == "errexit"
                pipefail = pipefail or words[i + 1] == "pipefail"
    return ShellFlags(errexit, pipefail)


def _posix_runner(job: Mapping) -> bool:
    """``runs-on`` names only runners whose default shell is bash (none is Windows)."""
    labels = _scalars(job.get("runs-on"))
    if not labels:
        return False
    matrix = None
    for label in labels:
        match = _MATRIX_ONLY.match(label.value)
        if match is not None:
            matrix = matrix if matrix is not None else _matrix_values(job)
            values = matrix.get(match.group(1)) if matrix is not None else None
            if not values or any("${{" in v or _NOT_POSIX.search(v) for v in values):
                return False
        elif "${{" in label.value or _NOT_POSIX.search(label.value):
            return False
    return True


def _scalars(node: Node | None) -> list[Scalar]:
    if isinstance(node, Scalar) and not node.is_null:
        return [node]
    if isinstance(node, Sequence):
        return (
            [i for i in node.items if isinstance(i, Scalar)] if all(isinstance(i, Scalar) for i in node.items) else []
        )
    if isinstance(node, Mapping):  # ``group:`` / ``labels:``
        group = node.get("group")
        return _scalars(node.get("labels")) + ([group] if isinstance(group, Scalar) else [])
    return []


def _matrix_values(job: Mapping) -> dict[str, list[str]] | None:
    """Every value each matrix key can take (rows and ``include``); None when not written out."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    if not isinstance(matrix, Mapping):
        return None
    values: dict[str, list[str]] = {}
    for key, value in matrix.items():
        if not isinstance(key, Scalar):
            return None
        if key.value == "include":
            if not isinstance(value, Sequence):
                return None
            for row in value.items:
                if not isinstance(row, Mapping):
                    return None
                for k, v in row.items():
                    if isinstance(k, Scalar) and isinstance(v, Scalar):
                        values.setdefault(k.value, []).append(v.value)
        elif key.value != "exclude":
            if isinstance(value, Sequence) and all(isinstance(i, Scalar) for i in value.items):
                values.setdefault(key.value, []).extend(i.value for i in value.items)
            else:
                values.setdefault(key.value, []).append("${{ unknown }}")
    return values


class _ShellCheck(ReportsShellCheck, ActionsRule):
    """Base: one shared shell check (``shell/checks.py``) applied to every POSIX ``run:`` script."""

    workflow_only = False  # composite actions' ``runs.steps`` too

    def hits(self, run: RunScript) -> list[Hit]:
        return self.script_hits(run.script)

    def check_workflow(self, wf, ctx):
        for run in run_scripts(wf):
            for hit in self.hits(run):
                yield self.finding(wf.value_range(run.scalar, hit.start, hit.end), hit.message)


class RemoteScriptExecution(_ShellCheck):
    """A downloaded script run straight from the network (``curl ... | sh``, ``bash <(curl ...)``).

    The job runs whatever the server returns at that moment, unverified, with the job's token and
    secrets in reach: a compromised or changed script, or a truncated download, runs in your CI.
    Download the file, check its checksum (or signature), then run it. Same check as SH101 for
    GitLab CI and DF132 for Dockerfiles.

    Bad:

        - run: curl -fsSL https://example.com/install.sh | bash

    Good:

        - run: |
            curl -fsSLo install.sh https://example.com/install.sh
            echo "<sha256>  install.sh" | sha256sum -c -
            bash install.sh
    """

    code = "SH001"
    shell_check = REMOTE_SCRIPT_EXECUTION


class RegistryPasswordArgument(_ShellCheck):
    """A registry password passed as a command-line argument (``docker login -p``).

    Arguments are visible to every process on the runner (``ps``) and end up in the log when the
    script runs with ``set -x``; ``docker`` itself warns about it. Pipe the secret to
    ``--password-stdin`` instead (docker, podman, buildah, nerdctl, skopeo, oras, ``helm registry
    login``). Same check as SH102 for GitLab CI.

    Bad:

        - run: docker login -u "$USER" -p "$TOKEN" ghcr.io

    Good:

        - run: echo "$TOKEN" | docker login -u "$USER" --password-stdin ghcr.io
    """

    code = "SH002"
    shell_check = REGISTRY_PASSWORD_ARGUMENT


class TlsVerificationDisabled(_ShellCheck):
    """TLS certificate verification turned off for a download or git.

    ``curl -k``, ``wget --no-check-certificate``, ``git -c http.sslVerify=false``,
    ``GIT_SSL_NO_VERIFY`` and ``NODE_TLS_REJECT_UNAUTHORIZED=0`` accept any certificate, so anyone
    on the network path can replace what the job downloads or read what it sends. Requests to
    ``localhost``, private addresses and single-label service names (a service container) are not
    reported. Same check as SH103 for GitLab CI.

    Bad:

        - run: curl -k -o tool.tgz https://example.com/tool.tgz

    Good:

        - run: curl -fsSL -o tool.tgz https://example.com/tool.tgz
    """

    code = "SH003"
    shell_check = TLS_VERIFICATION_DISABLED


class RmEmptyVariablePath(_ShellCheck):
    """``rm -r`` of a path that is ``/`` (or a system directory) when a variable is empty.

    With ``DIR`` unset, ``rm -rf "$DIR/"*`` deletes ``/*``; runners give passwordless sudo and
    containers run as root. Secrets are empty in pull requests from forks, and a typo is never set.
    Variables the runner sets (``$GITHUB_WORKSPACE``, ``$RUNNER_TEMP``, ``$HOME``...), ones set in
    ``env:`` and ones the job's scripts assign (or write to ``$GITHUB_ENV``) are taken as set; a
    word with ``${{ }}``, ``$(...)`` or ``$1`` is left alone. Write ``"${DIR:?}"`` so the script
    stops when it is empty. Same check as SH104 for GitLab CI.

    Bad:

        - run: rm -rf "$BUILD_DIR/"*

    Good:

        - run: rm -rf "${BUILD_DIR:?}/"*
    """

    code = "SH004"
    shell_check = RM_EMPTY_VARIABLE_PATH

    def hits(self, run):
        return empty_variable_rm_paths(run.script, run.is_set)


class UncheckedCd(_ShellCheck):
    """A ``cd`` whose failure is not handled while ``set -e`` is off.

    GitHub's default shells stop at the first failing command (``bash -e``, ``sh -e``), so this
    only applies after ``set +e`` or under a custom ``shell:`` without ``-e``: there a failed
    ``cd`` lets the next commands run in the wrong directory. Add ``|| exit 1``.

    Bad:

        - shell: bash {0}
          run: |
            cd build
            rm -rf ./*

    Good:

        - shell: bash {0}
          run: |
            cd build || exit 1
            rm -rf ./*
    """

    code = "SH005"
    shell_check = UNCHECKED_CD

    def hits(self, run):
        return unchecked_cds(run.script, run.flags)


class PipelineStatusLost(_ShellCheck):
    """A command piped into ``tee`` without ``pipefail``: its failure does not fail the step.

    A step without ``shell:`` runs ``bash -e {0}``, which has no ``pipefail``: the status of
    ``make test | tee log`` is ``tee``'s, so failing tests leave the step green. ``shell: bash``
    adds ``-o pipefail`` (so does ``set -o pipefail`` at the top of the script).

    Bad:

        - run: make test 2>&1 | tee test.log

    Good:

        - shell: bash
          run: make test 2>&1 | tee test.log
    """

    code = "SH006"
    shell_check = PIPELINE_STATUS_LOST

    def hits(self, run):
        return [] if run.continue_on_error else masked_pipelines(run.script, run.flags)
