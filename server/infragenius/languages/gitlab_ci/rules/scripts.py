"""``script``/``before_script``/``after_script`` through the shared shell checks
(``languages/shell/rules``).

GitLab's runner feeds a job's ``before_script`` and ``script`` lines to one bash/sh process that
starts with ``set -eo pipefail``; ``after_script`` runs in a fresh one, with the same flags. Lines
are scalars or (nested) lists of scalars; ``!reference`` entries are resolved by GitLab from other
jobs and skipped here. Jobs that run on Windows (tags or image naming Windows/PowerShell, or
scripts written in PowerShell) are skipped: their shell is not POSIX.

Only the scripts written in the analysed file are checked (positions must point into it); jobs
from included files are checked when those files are analysed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ....core.document import Document, Range
from ...shell import Script, parse_script
from ...shell.checks import (
    REGISTRY_PASSWORD_ARGUMENT,
    REMOTE_SCRIPT_EXECUTION,
    RM_EMPTY_VARIABLE_PATH,
    TLS_VERIFICATION_DISABLED,
    UNCHECKED_CD,
    ReportsShellCheck,
)
from ...shell.rules import Hit, ShellFlags, empty_variable_rm_paths, unchecked_cds
from ...shell.rules.dialect import looks_like_powershell_or_cmd
from ...shell.rules.errexit import flags_at
from ...shell.rules.rm_paths import names_variable
from ...yaml import Mapping, Node, Scalar, Sequence, scalar_offsets
from ..model import Pipeline
from ._base import GitlabRule
from .scripts_variables import PipelineVariables, variable_values

RUNNER_FLAGS = ShellFlags(errexit=True, pipefail=True)  # ``set -eo pipefail``
# variables the runner always sets to a non-empty value
PREDEFINED = frozenset(
    {
        "HOME",
        "PWD",
        "CI",
        "GITLAB_CI",
        "CI_PROJECT_DIR",
        "CI_BUILDS_DIR",
        "CI_PROJECT_NAME",
        "CI_PROJECT_PATH",
        "CI_PROJECT_PATH_SLUG",
        "CI_PROJECT_NAMESPACE",
        "CI_PROJECT_ID",
        "CI_PROJECT_URL",
        "CI_COMMIT_SHA",
        "CI_COMMIT_SHORT_SHA",
        "CI_COMMIT_REF_NAME",
        "CI_COMMIT_REF_SLUG",
        "CI_JOB_ID",
        "CI_JOB_NAME",
        "CI_JOB_STAGE",
        "CI_JOB_TOKEN",
        "CI_PIPELINE_ID",
        "CI_PIPELINE_IID",
        "CI_SERVER_URL",
        "CI_SERVER_HOST",
        "CI_API_V4_URL",
        "CI_CONFIG_PATH",
        "CI_RUNNER_ID",
    }
)
_WINDOWS = re.compile(r"(?i)windows|win32|win64|powershell|pwsh|nanoserver|servercore|\bwin\b")


@dataclass
class ScriptLine:
    """One script line (a YAML scalar) parsed as shell, with the flags it starts with."""

    scalar: Scalar
    script: Script
    flags: ShellFlags
    more_follows: bool  # another line runs after it in the same shell
    variables: frozenset[str]
    neighbours: str = ""  # every script line of the file (jobs pass variables on through dotenv)
    stream: int = 0  # lines with the same number run one after another in one shell
    # the values each variable of ``variables:`` (job over global) and ``parallel: matrix`` can take
    # as written; None where one is not written out
    variable_values: dict[str, list[str] | None] = field(default_factory=dict)

    def is_set(self, name: str) -> bool:
        return name in self.variables or name in PREDEFINED or names_variable(self.neighbours, name)


def script_lines(pipeline: Pipeline) -> list[ScriptLine]:
    """Every POSIX script line written in the analysed file, in the order the shell runs them."""
    cache = pipeline.__dict__.setdefault("_ig_script_lines", {})
    if "lines" not in cache:
        cache["lines"] = list(_script_lines(pipeline))
    return cache["lines"]


def _script_lines(pipeline: Pipeline) -> Iterator[ScriptLine]:
    lines = list(_posix_lines(pipeline))
    # a variable may come from another line of the job, or from another job's dotenv report
    everything = "\n".join(line.scalar.value for line in lines)
    for line in lines:
        line.neighbours = everything
        yield line


def _posix_lines(pipeline: Pipeline) -> Iterator[ScriptLine]:
    root = pipeline.root
    if root is None:
        return
    global_vars = variable_values(root.get("variables"))
    variables_of = PipelineVariables(pipeline, global_vars)
    default = root.get("default")
    holders: list[tuple[Mapping, dict[str, list[str] | None], bool]] = []
    if isinstance(default, Mapping):
        holders.append((default, global_vars, _windows_node(default)))
    holders.append((root, global_vars, False))  # deprecated global before_script/after_script
    for job in pipeline.local_jobs:
        mapping = job.mapping
        if mapping is None:
            continue
        windows = _windows_job(job) or _windows_node(mapping)
        holders.append((mapping, variables_of.of(job), windows))
    stream = 0
    for mapping, values, windows in holders:
        if windows:
            continue
        variables = frozenset(values)
        streams = [["before_script", "script"], ["after_script"]]
        if mapping is root:
            streams = [["before_script"], ["after_script"]]
        for keys in streams:
            stream += 1
            scalars = [s for key in keys for s in _lines(mapping.get(key))]
            if any(looks_like_powershell_or_cmd(s.value) for s in scalars):
                continue  # PowerShell or cmd: not a POSIX shell
            flags = RUNNER_FLAGS
            for i, scalar in enumerate(scalars):
                script = parse_script(scalar.value)
                # a next line testing ``$?`` checks this line's last status by hand
                follows = i + 1 < len(scalars) and "$?" not in scalars[i + 1].value
                yield ScriptLine(scalar, script, flags, follows, variables, stream=stream, variable_values=values)
                flags = flags_at(script, len(scalar.value) + 1, flags)


def _lines(node: Node | None, depth: int = 0) -> list[Scalar]:
    """Script lines: a scalar, or a list of scalars and nested lists; ``!reference`` skipped."""
    if node is None or node.tag == "!reference" or depth > 10:
        return []
    if isinstance(node, Scalar):
        return [node] if not node.is_null and isinstance(node.value, str) and node.value.strip() else []
    if isinstance(node, Sequence):
        return [line for item in node.items for line in _lines(item, depth + 1)]
    return []


def _windows_job(job) -> bool:
    return (
        bool(_WINDOWS.search(job.name))
        or _windows_node(job.effective.get("tags"))
        or _windows_node(job.effective.get("image"))
    )


def _windows_node(node: Node | None) -> bool:
    """Tags or image (of a job or ``default:``) naming a Windows/PowerShell runner."""
    if isinstance(node, Mapping):
        return any(_windows_node(node.get(key)) for key in ("tags", "image", "name"))
    if isinstance(node, Sequence):
        return any(_windows_node(item) for item in node.items)
    return isinstance(node, Scalar) and isinstance(node.value, str) and bool(_WINDOWS.search(node.value))


def _range(document: Document, scalar: Scalar, start: int, end: int, memo: dict) -> Range:
    offsets = memo.get(id(scalar))
    if offsets is None:
        offsets = memo[id(scalar)] = scalar_offsets(scalar, document.text)
    s = offsets[min(start, len(offsets) - 1)]
    e = offsets[min(end - 1, len(offsets) - 1)] + 1 if end > start else s
    return document.range_of(s, e)


class _ShellCheck(ReportsShellCheck, GitlabRule):
    """Base: one shared shell check (``shell/checks.py``) applied to every POSIX script line."""

    name_prefix = "gitlab-"

    def hits(self, line: ScriptLine) -> list[Hit]:
        return self.script_hits(line.script)

    def check_pipeline(self, pipeline, ctx):
        memo: dict = {}
        for line in script_lines(pipeline):
            for hit in self.hits(line):
                yield self.finding(_range(ctx.document, line.scalar, hit.start, hit.end, memo), hit.message)


class RemoteScriptExecution(_ShellCheck):
    """A downloaded script run straight from the network (``curl ... | sh``, ``bash <(curl ...)``).

    The job runs whatever the server returns at that moment, unverified, with its token and CI/CD
    variables in reach: a compromised or changed script, or a truncated download, runs in your
    pipeline. Download the file, check its checksum (or signature), then run it. Same check as
    SH001 for GitHub Actions and DF132 for Dockerfiles.

    Bad:

        install:
          script:
            - curl -fsSL https://example.com/install.sh | sh

    Good:

        install:
          script:
            - curl -fsSLo install.sh https://example.com/install.sh
            - echo "<sha256>  install.sh" | sha256sum -c -
            - sh install.sh
    """

    code = "SH101"
    shell_check = REMOTE_SCRIPT_EXECUTION


class RegistryPasswordArgument(_ShellCheck):
    """A registry password passed as a command-line argument (``docker login -p``).

    Arguments are visible to every process on the runner host (``ps``) and appear in the job log
    under ``set -x``; ``docker`` itself warns about it. Pipe the variable to ``--password-stdin``
    (docker, podman, buildah, nerdctl, skopeo, oras, ``helm registry login``). Same check as SH002
    for GitHub Actions.

    Bad:

        build:
          script:
            - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"

    Good:

        build:
          script:
            - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"
    """

    code = "SH102"
    shell_check = REGISTRY_PASSWORD_ARGUMENT


class TlsVerificationDisabled(_ShellCheck):
    """TLS certificate verification turned off for a download or git.

    ``curl -k``, ``wget --no-check-certificate``, ``git -c http.sslVerify=false``,
    ``GIT_SSL_NO_VERIFY`` and ``NODE_TLS_REJECT_UNAUTHORIZED=0`` accept any certificate, so anyone
    on the network path can replace what the job downloads or read what it sends. Requests to
    ``localhost``, private addresses and single-label service names (a ``services:`` container)
    are not reported. Same check as SH003 for GitHub Actions.

    Bad:

        fetch:
          script:
            - wget --no-check-certificate https://example.com/tool.tgz

    Good:

        fetch:
          script:
            - wget https://example.com/tool.tgz
    """

    code = "SH103"
    shell_check = TLS_VERIFICATION_DISABLED


class RmEmptyVariablePath(_ShellCheck):
    """``rm -r`` of a path that is ``/`` (or a system directory) when a variable is empty.

    With ``DIR`` unset, ``rm -rf "$DIR/"*`` deletes ``/*``, and jobs in containers usually run as
    root. Protected CI/CD variables are empty on unprotected branches, and a typo is never set.
    Variables GitLab always sets (``$CI_PROJECT_DIR``, ``$CI_BUILDS_DIR``, ``$HOME``...), ones in
    ``variables:`` and ones the file's scripts assign are taken as set; a word with ``$(...)`` or
    ``$1`` is left alone. Write ``"${DIR:?}"`` so the job stops when it is empty. Same check as
    SH004 for GitHub Actions.

    Bad:

        clean:
          script:
            - rm -rf "$CACHE_DIR/"*

    Good:

        clean:
          script:
            - rm -rf "${CACHE_DIR:?}/"*
    """

    code = "SH104"
    shell_check = RM_EMPTY_VARIABLE_PATH

    def hits(self, line):
        return empty_variable_rm_paths(line.script, line.is_set)


class UncheckedCd(_ShellCheck):
    """A ``cd`` whose failure is not handled after ``set +e``.

    GitLab's runner starts the job's shell with ``set -eo pipefail``, so a failing ``cd`` stops the
    job; after ``set +e`` (which lasts for the following script lines too) it does not, and the
    next commands run in the wrong directory. Add ``|| exit 1``.

    Bad:

        test:
          script:
            - set +e
            - cd build
            - rm -rf ./*

    Good:

        test:
          script:
            - set +e
            - cd build || exit 1
            - rm -rf ./*
    """

    code = "SH105"
    shell_check = UNCHECKED_CD

    def hits(self, line):
        return unchecked_cds(line.script, line.flags, line.more_follows)
