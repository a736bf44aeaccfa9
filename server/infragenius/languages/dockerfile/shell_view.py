"""The shell scripts of a RUN instruction, and how their offsets map back to the Dockerfile.

A RUN holds up to three kinds of script: the shell-form line (``RUN apt-get update``), heredoc
bodies run by the shell (``RUN <<EOF`` or ``RUN bash <<EOF``), and the ``-c`` argument of an exec
form that calls a shell (``RUN ["sh", "-c", "..."]``). Scripts are skipped when the stage's SHELL
is not a POSIX shell (PowerShell, cmd) or the base image is Windows.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...core.document import Document, Position, Range
from ..shell import Command, Script, Word, parse_script
from ..shell.wrappers import SHELLS
from .model import Dockerfile, Heredoc, Instruction, Stage

DEFAULT_SHELL = ("/bin/sh", "-c")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_WINDOWS_IMAGES = ("windows", "nanoserver", "servercore")


@dataclass
class RunScript:
    """One script of a RUN instruction; ``range`` maps script offsets to document ranges."""

    instruction: Instruction
    script: Script
    kind: str  # "shell", "heredoc" or "exec"
    _to_range: Callable[[int, int], Range]
    exact: bool = True  # offsets map 1:1 onto the document (False: a JSON string with escapes)
    # package commands per manager filter: some 50 RUN rules ask each script the same questions
    packages: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def commands(self) -> tuple[Command, ...]:
        return self.script.commands

    def range(self, start: int, end: int) -> Range:
        return self._to_range(start, end)

    def word_range(self, word: Word) -> Range:
        return self._to_range(word.start, word.end)

    def command_range(self, cmd: Command) -> Range:
        return self._to_range(cmd.start, cmd.end)

    def point(self, offset: int) -> Range:
        """An empty range at ``offset`` (where a fix inserts text)."""
        return self._to_range(offset, offset)


def run_scripts(df: Dockerfile, ins: Instruction) -> list[RunScript]:
    """The shell scripts of a RUN instruction (empty for other instructions or non-POSIX shells)."""
    if ins.keyword != "RUN":
        return []
    # cached on the model, not the instruction: every RUN rule asks for the same scripts, and a
    # RunScript points at its instruction (a cycle there would wait for a full garbage collection)
    store = df.cache.setdefault("run_scripts", {})
    if id(ins) in store:
        return store[id(ins)]
    scripts: list[RunScript] = []
    try:
        if is_posix_shell(stage_shell(df, ins)) and not is_windows_stage(df, ins.stage):
            scripts = _scripts(df.document, ins)
    except Exception:  # noqa: BLE001 - a malformed instruction must not stop other rules
        scripts = []
    store[id(ins)] = scripts
    return scripts


def _scripts(doc: Document, ins: Instruction) -> list[RunScript]:
    out: list[RunScript] = []
    if ins.exec_form is not None:
        script = _exec_script(ins)
        return [script] if script else []
    line = ins.args
    base = ins.args_start
    to_range = lambda s, e: ins.span(base + s, base + e)
    if not ins.heredocs:
        return [RunScript(ins, parse_script(line), "shell", to_range)]
    # heredoc markers blanked out (same length, so offsets still map)
    chars = list(line)
    for heredoc in ins.heredocs:
        for i in range(max(heredoc.marker_start - base, 0), min(heredoc.marker_end - base, len(chars))):
            chars[i] = " "
    shell_line = "".join(chars)
    head = parse_script(shell_line) if shell_line.strip() else None
    # BuildKit runs the body as the script when RUN has no command; ``RUN bash <<EOF`` feeds it to
    # a shell. Otherwise (``RUN python3 <<EOF``, ``RUN cat <<EOF > file``) the body is data.
    feeds_shell = (
        head is not None
        and len(head.commands) == 1
        and head.commands[0].program in SHELLS
        and not _has_operand(head.commands[0])
    )
    if head is not None and not feeds_shell:
        return [RunScript(ins, head, "shell", to_range)]
    for heredoc in ins.heredocs:
        if _shebang_is_shell(heredoc.body):
            out.append(RunScript(ins, parse_script(heredoc.body), "heredoc", _heredoc_mapper(doc, heredoc)))
    return out


def _shebang_is_shell(body: str) -> bool:
    """No ``#!`` line, or one naming a POSIX shell (``#!/usr/bin/env python3`` runs Python)."""
    if not body.startswith("#!"):
        return True
    parts = body[2:].split("\n", 1)[0].split()
    if parts and posixpath.basename(parts[0]) == "env":
        parts = [p for p in parts[1:] if not p.startswith("-")]
    return bool(parts) and posixpath.basename(parts[0]) in SHELLS


def _has_operand(cmd: Command) -> bool:
    """``bash script.sh <<EOF``: the heredoc is data for a script file, not the script."""
    return any(not w.value.startswith("-") for w in cmd.args if w.is_static and w.value.strip())


def _heredoc_mapper(doc: Document, heredoc: Heredoc) -> Callable[[int, int], Range]:
    starts = [0]
    for i, ch in enumerate(heredoc.body):
        if ch == "\n":
            starts.append(i + 1)
    first = heredoc.body_range.start.line

    def position(offset: int) -> Position:
        import bisect

        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        line = first + index
        column = offset - starts[index]
        if heredoc.strip_tabs:
            text = doc.line_text(line)
            column += len(text) - len(text.lstrip("\t"))
        return Position(line, column)

    return lambda s, e: Range(position(s), position(e))


def _exec_script(ins: Instruction) -> RunScript | None:
    """``RUN ["sh", "-c", "script"]``: the script, mapped onto its JSON string."""
    argv = ins.exec_form or []
    if not argv or posixpath.basename(argv[0]) not in SHELLS:
        return None
    index = next(
        (i for i, a in enumerate(argv[1:-1], 1) if a.startswith("-") and not a.startswith("--") and "c" in a), None
    )
    if index is None:
        return None
    text = argv[index + 1]
    tokens = list(_JSON_STRING.finditer(ins.args))
    if len(tokens) != len(argv):
        return None
    token = tokens[index + 1]
    base = ins.args_start + token.start() + 1
    if token.group(0)[1:-1] == text:
        mapper = lambda s, e: ins.span(base + s, base + e)
        return RunScript(ins, parse_script(text), "exec", mapper)
    whole = ins.span(ins.args_start + token.start(), ins.args_start + token.end())
    # escapes shift offsets: findings point at the whole string, and no fix edits it
    return RunScript(ins, parse_script(text), "exec", lambda s, e: whole, exact=False)


# -- stages and shells ---------------------------------------------------------------------------
def stage_lineage(df: Dockerfile, index: int) -> list[Stage]:
    """The stage and the stages it is built FROM (by name or index), nearest first."""
    out: list[Stage] = []
    seen: set[int] = set()
    while 0 <= index < len(df.stages) and index not in seen:
        seen.add(index)
        stage = df.stages[index]
        out.append(stage)
        index = _parent_index(df, stage)
    return out


def _parent_index(df: Dockerfile, stage: Stage) -> int:
    image = stage.image.lower()
    for earlier in df.stages[: stage.index]:
        if earlier.name_lower == image:
            return earlier.index
    if image.isdigit() and int(image) < stage.index:
        return int(image)
    return -1


def final_stages(df: Dockerfile) -> set[int]:
    """Stages whose layers end up in the final image: the last stage and those it builds FROM."""
    if not df.stages:
        return set()
    return {s.index for s in stage_lineage(df, len(df.stages) - 1)}


def stage_shell(df: Dockerfile, ins: Instruction) -> list[str]:
    """The SHELL in effect for ``ins`` (the default ``/bin/sh -c`` when none was set)."""
    table = df.cache.get("shells")
    if table is None:
        table = df.cache["shells"] = _shell_table(df)
    return list(table.get(id(ins)) or DEFAULT_SHELL)


def _shell_table(df: Dockerfile) -> dict[int, list[str] | None]:
    """The SHELL before each instruction, computed in one pass (stages inherit their parent's)."""
    table: dict[int, list[str] | None] = {}
    at_end: dict[int, list[str] | None] = {}
    for stage in df.stages:
        parent = _parent_index(df, stage)
        current = at_end.get(parent) if 0 <= parent < stage.index else None
        for other in stage.instructions:
            table[id(other)] = current
            if other.onbuild is not None:
                table[id(other.onbuild)] = current
            if other.keyword == "SHELL" and other.exec_form:
                current = list(other.exec_form)
        at_end[stage.index] = current
    return table


def is_posix_shell(shell: list[str]) -> bool:
    return bool(shell) and posixpath.basename(shell[0]) in SHELLS


def is_windows_stage(df: Dockerfile, index: int) -> bool:
    table = df.cache.get("windows_stages")  # asked for every RUN: once per stage
    if table is None:
        table = df.cache["windows_stages"] = {}
    found = table.get(index)
    if found is None:
        lineage = stage_lineage(df, index)
        root = lineage[-1].image.lower() if lineage else ""
        found = table[index] = any(marker in root for marker in _WINDOWS_IMAGES)
    return found


def shell_sets_pipefail(shell: list[str]) -> bool:
    """``SHELL ["/bin/bash", "-o", "pipefail", "-c"]`` (or ``-eo pipefail``)."""
    for i, arg in enumerate(shell[1:], 1):
        if (
            arg.startswith("-")
            and not arg.startswith("--")
            and arg.endswith("o")
            and i + 1 < len(shell)
            and shell[i + 1] == "pipefail"
        ):
            return True
    return False


def shell_errexit(shell: list[str]) -> bool:
    """``SHELL ["/bin/bash", "-e", "-c"]`` / ``-eo pipefail`` / ``-o errexit``: a failing command stops the RUN."""
    for i, arg in enumerate(shell[1:], 1):
        if not arg.startswith("-") or arg.startswith("--"):
            continue
        if "e" in arg[1:] or (arg.endswith("o") and i + 1 < len(shell) and shell[i + 1] == "errexit"):
            return True
    return False


__all__ = [
    "RunScript",
    "final_stages",
    "is_posix_shell",
    "run_scripts",
    "shell_errexit",
    "shell_sets_pipefail",
    "stage_lineage",
    "stage_shell",
]
