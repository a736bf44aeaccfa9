"""Untrusted text written to ``$GITHUB_ENV`` / ``$GITHUB_PATH`` in a privileged workflow (zizmor's github-env).

Untrusted text is a ``${{ }}`` expression reading input a fork controls, or a file of an artifact
downloaded earlier in the job (under ``workflow_run`` that is the pull request's run), read by
``cat``/``head``/... whose output reaches the file unfiltered; and variables set from either."""

from __future__ import annotations

from ....core.findings import Severity
from ...shell import Script
from ...shell.rules.env_files import Data, FileWrite, expanded_variables, file_writes
from ...yaml import Mapping, Scalar
from ._base import ActionsRule
from .artifacts import download_folder, under
from .scripts_shell import run_scripts
from .security import first_untrusted, privileged_trigger

_FILES = frozenset({"GITHUB_ENV", "GITHUB_PATH"})
_TEMPLATES = {
    "${{env.GITHUB_ENV}}": "GITHUB_ENV",
    "${{env.GITHUB_PATH}}": "GITHUB_PATH",
    "${{github.env}}": "GITHUB_ENV",
    "${{github.path}}": "GITHUB_PATH",
}


def untrusted_expressions(wf) -> dict[int, list[tuple[int, int, str]]]:
    """id of a scalar -> (start, end, text) of each ``${{ }}`` in its value reading untrusted input."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    for site in wf.expressions:
        node = first_untrusted(site)
        if node is not None:
            text = site.embedded.inner[node.start : node.end]
            out.setdefault(id(site.scalar), []).append((site.embedded.start, site.embedded.end, text))
    return out


def _env(node, found: dict[int, list], outer: dict[str, str | None]) -> dict[str, str | None]:
    """``outer`` overlaid with the ``env:`` mapping ``node``: name -> the untrusted expression its
    value holds, or None when its value is trusted."""
    if not isinstance(node, Mapping):
        return outer
    env = dict(outer)
    for key, value in node.items():
        if isinstance(key, Scalar) and isinstance(key.value, str):
            hits = found.get(id(value), []) if isinstance(value, Scalar) else []
            env[key.value] = hits[0][2] if hits else None
    return env


class UntrustedEnvFileWrite(ActionsRule):
    """Untrusted text written to ``$GITHUB_ENV`` or ``$GITHUB_PATH`` in a ``pull_request_target``
    or ``workflow_run`` workflow.

    Those triggers run with the base repository's secrets and a write token, on data a fork
    controls. A pull request title or branch name written to ``$GITHUB_ENV`` can hold a newline
    and then set any variable for the following steps (``LD_PRELOAD``, ``BASH_ENV``,
    ``NODE_OPTIONS``): code execution with those secrets. ``$GITHUB_PATH`` lets it choose which
    programs run. Reported when the text written (``echo``/``printf`` arguments, a heredoc or
    here-string fed to ``cat``/``tee``, or the stage piped into ``tee``) holds an untrusted
    ``${{ }}`` expression, or a variable the step's, job's or workflow's ``env:`` sets from one, or
    the unfiltered text of a file from an artifact downloaded earlier in the job (a ``workflow_run``
    workflow reading the pull request's ``PR_NUMBER`` file). Keep such values in step outputs or
    quoted variables, or validate them first (``tr -cd 0-9``).

    Bad:

        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-latest
            steps:
              - run: echo "BRANCH=${{ github.head_ref }}" >> "$GITHUB_ENV"

    Good:

        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-latest
            steps:
              - id: branch
                run: echo "name=$BRANCH" >> "$GITHUB_OUTPUT"
                env:
                  BRANCH: ${{ github.head_ref }}
    """

    code = "GA047"
    name = "untrusted-env-file-write"
    message = "Untrusted input written to $GITHUB_ENV or $GITHUB_PATH in a privileged workflow"
    severity = Severity.ERROR
    tags = ("security",)
    aliases = ("zizmor:github-env",)

    def check_workflow(self, wf, ctx):
        trigger = privileged_trigger(wf)
        if trigger is None:
            return
        scripts = {id(run.scalar): run for run in run_scripts(wf)}
        if not scripts:
            return
        found = untrusted_expressions(wf)
        workflow_env = _env(wf.root.get("env"), found, {})
        for job in wf.jobs:
            job_env = _env(job.get("env"), found, workflow_env)
            artifacts: list[str] = []  # folders artifacts were downloaded to by the steps so far
            checks_out = any(_uses(step, "actions/checkout") for step in job.steps)
            for step in job.steps:
                folder = download_folder(step)
                # in the workspace root, a file may as well come from the checkout: cannot tell
                if folder is not None and (folder or not checks_out):
                    artifacts.append(folder)
                run = scripts.get(id(step.get("run")))
                if run is None:
                    continue
                env = _env(step.get("env"), found, job_env)
                seen: set[tuple[int, int]] = set()
                taint = _Taint(run.script, found.get(id(run.scalar), []), env, artifacts)
                for write in file_writes(run.script, _FILES, _TEMPLATES):
                    why = _untrusted_text(write, taint)
                    if why is None or (write.start, write.end) in seen:
                        continue
                    seen.add((write.start, write.end))
                    what = "the PATH" if write.variable == "GITHUB_PATH" else "environment variables"
                    yield self.finding(
                        wf.value_range(run.scalar, write.start, write.end),
                        f"{why} is written to ${write.variable} in a workflow run by {trigger}: "
                        f"it can set {what} of the following steps",
                    )


def _uses(step, action: str) -> bool:
    uses = step.get("uses")
    return isinstance(uses, Scalar) and uses.value.partition("@")[0].lower() == action


def _untrusted_text(write: FileWrite, taint: _Taint) -> str | None:
    """Why the text of ``write`` is untrusted, or None."""
    path = taint.copied_file(write)
    if path is not None:
        return f'the downloaded artifact file "{path}"'
    for data in write.data:
        found = taint.of(data, data.word.start, 0)
        if found is not None:
            names, source = found
            if not names:
                return source
            chain = [f"${n}" for n in names[1:]] + [source]
            return f"${names[0]} (set from {', '.join(chain)})"
    return None


# print (part of) the files named in their arguments
_READERS = frozenset({"cat", "head", "tail", "jq", "yq"})
_FILTER_FIRST = frozenset({"jq", "yq"})  # their first operand is the filter, the files follow
# stages after a reader that pass its text on unfiltered (tr -cd 0-9 or grep does filter it)
_PASS_THROUGH = frozenset({"cat", "head", "tail", "tee", "sort", "uniq"})


class _Taint:
    """Where a script's text comes from untrusted input: a ``${{ }}`` in it, a file of an artifact
    downloaded earlier in the job (``artifacts``: their folders), or a variable set from either (by
    ``env:``, or by an assignment earlier in the script, followed a few steps)."""

    def __init__(
        self, script: Script, expressions: list[tuple[int, int, str]], env: dict[str, str | None], artifacts: list[str]
    ):
        self.script = script
        self.expressions = expressions
        self.env = {name: f'untrusted "{text}"' if text else None for name, text in env.items()}
        self.artifacts = artifacts

    def of(self, data: Data, at: int, depth: int) -> tuple[list[str], str] | None:
        """(the variables it went through, what untrusted text it holds) for text ``data`` read at ``at``."""
        word = data.word
        for start, end, text in self.expressions:
            if start < word.end and end > word.start:
                return [], f'untrusted "{text}"'
        if data.expands:
            path = self._artifact_file_in(word.start, word.end)
            if path is not None:
                return [], f'the downloaded artifact file "{path}"'
        if depth > 4:
            return None
        for name in expanded_variables(data):
            found = self.variable(name, at, depth)
            if found is not None:
                return [name, *found[0]], found[1]
        return None

    def variable(self, name: str, at: int, depth: int) -> tuple[list[str], str] | None:
        """Whether ``$name`` read at offset ``at`` holds untrusted text: decided by its last
        assignment before ``at``, else by its ``env:`` entry."""
        last = None
        for key, value, offset in self.script.assignments:
            if key == name and offset < at:
                last = (value, offset)
        if last is None:
            source = self.env.get(name)
            return ([], source) if source is not None else None
        value, offset = last
        return self.of(Data(value, True), offset, depth + 1) if value is not None else None

    def copied_file(self, write: FileWrite) -> str | None:
        """The artifact file a ``cat FILE >> $GITHUB_ENV`` (or ``cat FILE | tee``) copies, if any."""
        for cmd in self.script.commands:
            redirect = cmd.stdout_redirect()
            if redirect is not None and redirect.start == write.start:
                return self._artifact_read(cmd)
            pipe = cmd.pipeline if cmd.program == "tee" and cmd.pipe_index > 0 else None
            if pipe is not None and any(w.start == write.start for w in cmd.args):
                return self._artifact_read(pipe.commands[cmd.pipe_index - 1])
        return None

    def _artifact_file_in(self, start: int, end: int) -> str | None:
        """An artifact file whose text a command substitution between ``start`` and ``end`` prints."""
        for cmd in self.script.commands:
            if start <= cmd.start and cmd.end <= end:
                path = self._artifact_read(cmd)
                if path is not None:
                    return path
        return None

    def _artifact_read(self, cmd) -> str | None:
        """The artifact file ``cmd`` prints, when no later stage of its pipeline filters it."""
        if not self.artifacts or cmd.program not in _READERS:
            return None
        pipe = cmd.pipeline
        if pipe is not None and any(c.program not in _PASS_THROUGH for c in pipe.commands[cmd.pipe_index + 1 :]):
            return None
        operands = [w for w in cmd.args if w.is_static and not w.value.startswith("-")]
        if cmd.program in _FILTER_FIRST:
            operands = operands[1:]
        for word in operands:
            if any(under(word.value, f) for f in self.artifacts):
                return word.value
        return None
