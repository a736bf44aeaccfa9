"""Failures that go unnoticed because of the shell's flags.

GitHub Actions runs ``run:`` with ``bash -e {0}`` by default (no ``pipefail``), ``bash
--noprofile --norc -eo pipefail {0}`` for ``shell: bash`` and ``sh -e {0}`` for ``shell: sh``;
GitLab's runner starts its bash/sh scripts with ``set -eo pipefail``. The caller passes the flags
the script starts with; ``set -e``/``set +e``/``set -o pipefail`` in the script change them from
there on (only top-level ``set`` commands count: one inside a function or subshell is scoped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import (
    BACKGROUND,
    CONDITIONAL,
    FUNCTION,
    LOOP,
    NESTED,
    SUBSHELL,
    SUBSTITUTION,
    Command,
    Script,
)
from .hits import Hit, top_level


@dataclass(frozen=True)
class ShellFlags:
    errexit: bool
    pipefail: bool


def flags_at(script: Script, offset: int, start: ShellFlags) -> ShellFlags:
    """The flags in effect at ``offset``, after the top-level ``set`` commands before it."""
    errexit, pipefail = start.errexit, start.pipefail
    for cmd in script.commands:
        if cmd.start >= offset:
            break
        if cmd.program != "set" or not top_level(cmd) or cmd.contexts - {CONDITIONAL}:
            continue
        args = cmd.args
        for i, word in enumerate(args):
            value = word.value
            if not word.is_static or len(value) < 2 or value[0] not in "-+" or value.startswith("--"):
                continue
            on = value[0] == "-"
            letters = value[1:]
            if "e" in letters:
                errexit = on
            if "o" in letters and i + 1 < len(args):
                option = args[i + 1].value
                if option == "errexit":
                    errexit = on
                elif option == "pipefail":
                    pipefail = on
    return ShellFlags(errexit, pipefail)


def _next_top_level(script: Script, cmd: Command) -> Command | None:
    return next((c for c in script.commands if c.start >= cmd.end and top_level(c)), None)


_SCOPED = frozenset({SUBSHELL, LOOP, FUNCTION, SUBSTITUTION, BACKGROUND, NESTED, CONDITIONAL})


def unchecked_cds(script: Script, start: ShellFlags, more_follows: bool = False) -> list[Hit]:
    """``cd dir`` whose failure is not handled while ``set -e`` is off: the commands after it run in
    the wrong directory (ShellCheck SC2164). ``more_follows``: another script runs after this one
    in the same shell (GitLab's next ``script:`` line)."""
    hits = []
    for cmd, target in script.cd_targets():
        if target is None or not top_level(cmd) or cmd.contexts & _SCOPED or cmd.pipeline is not None:
            continue
        if cmd.op_before in ("&&", "||"):
            continue  # part of a list whose status is tested: ``a && cd b``
        after = _next_top_level(script, cmd)
        if after is None and not more_follows:
            continue  # the last command: its failure is the script's status
        if after is not None and after.op_before in ("&&", "||"):
            continue  # ``cd dir || exit 1``, ``cd dir && make``
        if after is not None and "$?" in script.text[cmd.end : after.end]:
            continue  # ``cd dir`` then ``[ $? -eq 0 ] || exit``: checked by hand
        if flags_at(script, cmd.start, start).errexit:
            continue
        assert cmd.name is not None
        hits.append(Hit(cmd.name.start, target.end))
    return hits


_CANNOT_FAIL = frozenset({"echo", "printf", "true", ":", "yes"})
_REDIRECTS_ONLY = re.compile(r"^(?:\s*\d*(?:[<>]{1,2}|&>>?|>&|<&)\s*\S+)*\s*$")


def masked_pipelines(script: Script, start: ShellFlags) -> list[Hit]:
    """``make test | tee log`` without ``pipefail``: the pipeline's status is ``tee``'s, so a failing
    ``make`` does not fail the step. Reported on the first command whose failure is lost."""
    if "PIPESTATUS" in script.text or _pipefail_elsewhere(script):
        return []  # the script checks the stages' statuses itself, or sets pipefail in a way we do not follow
    hits = []
    for pipe in script.pipelines:
        last = pipe.commands[-1]
        first = pipe.commands[0]
        if last.program != "tee" or not top_level(first) or first.contexts - {LOOP}:
            continue
        if len(pipe.operators) != len(pipe.commands) - 1:
            continue  # a stage that is not a command (a loop, a group): positions do not line up
        after = _next_top_level(script, last)
        if after is not None and after.op_before == "||":
            continue  # ``a | tee log || true``: the status is handled on purpose
        if flags_at(script, first.start, start).pipefail:
            continue
        for index, stage in enumerate(pipe.commands[:-1]):
            if not _simple_stage(script, pipe, index) or stage.name is None:
                break  # a group or subshell: its status is not one command's
            if stage.program in _CANNOT_FAIL or (stage.program == "cat" and not stage.args):
                continue
            hits.append(
                Hit(
                    stage.name.start,
                    stage.name.end,
                    f"The exit status of {stage.name.value} is lost: the pipeline's status is tee's",
                )
            )
            break
    return hits


def _pipefail_elsewhere(script: Script) -> bool:
    """``pipefail`` named outside the top-level ``set`` commands ``flags_at`` reads (``shopt -so
    pipefail``, a ``set`` inside a function, a sourced file's name): the flag is unknown."""
    if "pipefail" not in script.text:
        return False
    text = script.text
    for cmd in script.commands:
        if cmd.program == "set" and top_level(cmd) and not cmd.contexts - {CONDITIONAL}:
            text = text[: cmd.start] + " " * (cmd.end - cmd.start) + text[cmd.end :]
    return "pipefail" in text


def _simple_stage(script: Script, pipe, index: int) -> bool:
    """The stage is one simple command (with redirections), not ``{ a; b; }`` or ``( a )``."""
    stage = pipe.commands[index]
    if stage.contexts != pipe.commands[-1].contexts or stage.parent is not None:
        return False
    operator_start = pipe.operators[index][1] if index < len(pipe.operators) else stage.end
    between = script.text[stage.end : operator_start]
    if not _REDIRECTS_ONLY.match(between):
        return False
    before_end = pipe.operators[index - 1][2] if index > 0 else None
    return before_end is None or not script.text[before_end : stage.start].strip()
