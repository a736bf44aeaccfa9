"""Pipes in RUN without pipefail."""

from __future__ import annotations

from ....core.findings import Severity
from ...shell import Command
from ...shell.model import SUBSHELL, SUBSTITUTION, Pipeline
from ..shell_view import shell_sets_pipefail, stage_shell
from .run_common import RunRule


def _sets_pipefail(cmd: Command) -> bool:
    """``set -o pipefail`` / ``set -euo pipefail`` / ``bash -o pipefail -c ...``."""
    args = cmd.args
    for i, word in enumerate(args[:-1]):
        value = word.value
        if (
            value.startswith("-")
            and not value.startswith("--")
            and value.endswith("o")
            and args[i + 1].value == "pipefail"
        ):
            return True
    return False


# builtins that only write their arguments: pipefail cannot surface a failure of theirs (the
# arguments are expanded before they run, whatever the option), so a pipe fed only by them hides none
_WRITERS = frozenset({"echo", "printf"})


def _can_hide_failure(pipe: Pipeline, text: str) -> bool:
    """A stage before the last one can fail (``wget ... | tar``, not ``echo "$SUM *f" | sha256sum -c``).
    A compound stage (``{ echo; curl ...; } | tar``) shows only its first command: it counts as failing."""
    for cmd, (_op, op_start, _end) in zip(pipe.commands, pipe.operators):
        simple = text[cmd.end : op_start].replace("\\\n", "").strip() == ""
        if cmd.program not in _WRITERS or not simple:
            return True
    return False


class PipeWithoutPipefail(RunRule):
    """Set ``-o pipefail`` before a RUN with a pipe.

    A pipeline's status is its last command's: ``wget -O - URL | tar xz`` succeeds even when the
    download fails, and the build goes on with a broken layer. Use
    ``SHELL ["/bin/bash", "-o", "pipefail", "-c"]`` (or ``set -o pipefail`` in the RUN, in a shell
    that supports it) so that a failure anywhere in the pipe fails the step.

    Bad:

        RUN wget -O - https://example.com/tool.tar.gz | tar xz

    Good:

        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        RUN wget -O - https://example.com/tool.tar.gz | tar xz
    """

    instruction_local = True  # its instruction and the SHELL before it (reuse.py)

    code = "DF131"
    name = "pipe-without-pipefail"
    message = "Set the SHELL option -o pipefail before RUN with a pipe in it"
    severity = Severity.WARNING
    tags = ("build",)
    aliases = ("hadolint:DL4006", "trivy:AVD-DS-0032")

    def check_run(self, view, ins, df, ctx):
        if shell_sets_pipefail(stage_shell(df, ins)) or (ins.exec_form and shell_sets_pipefail(ins.exec_form)):
            return
        # where ``set -o pipefail`` runs, per shell: the RUN's own (None) and each ``sh -c`` child,
        # whose options end with it
        pipefail_at: dict[int | None, int] = {}
        for c in view.commands:
            if c.program == "set" and _sets_pipefail(c) and not c.contexts & {SUBSHELL, SUBSTITUTION}:
                shell = id(c.nested_in) if c.nested_in is not None else None
                pipefail_at[shell] = min(pipefail_at.get(shell, c.start), c.start)
        for pipe in view.script.pipelines:
            first = pipe.commands[0]
            at = pipefail_at.get(id(first.nested_in) if first.nested_in is not None else None)
            if at is not None and at < pipe.start:
                continue
            if first.nested_in is not None and _sets_pipefail(first.nested_in):
                continue
            if not _can_hide_failure(pipe, view.script.text):
                continue
            _, start, end = pipe.operators[0]
            yield self.finding(view.range(start, end))
            return  # one per RUN
