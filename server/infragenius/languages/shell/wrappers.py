"""Commands that run another command: ``sudo``, ``env``, ``nice``... are unwrapped to the real one."""

from __future__ import annotations

import posixpath
import re

from .model import Command, Word

SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox-sh"})

_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")

# wrapper -> (short options that take a value, long options that take a value,
#             number of leading operands before the command, e.g. ``timeout DURATION``)
_WRAPPERS: dict[str, tuple[str, frozenset[str], int]] = {
    "sudo": (
        "ugpCDhrtUTR",
        frozenset(
            {
                "--user",
                "--group",
                "--prompt",
                "--close-from",
                "--chdir",
                "--host",
                "--role",
                "--type",
                "--other-user",
                "--command-timeout",
                "--chroot",
            }
        ),
        0,
    ),
    "env": ("uCS", frozenset({"--unset", "--chdir", "--split-string"}), 0),
    "nice": ("n", frozenset({"--adjustment"}), 0),
    "nohup": ("", frozenset(), 0),
    "time": ("fo", frozenset({"--format", "--output"}), 0),
    "timeout": ("sk", frozenset({"--signal", "--kill-after"}), 1),
    "stdbuf": ("ioe", frozenset({"--input", "--output", "--error"}), 0),
    "exec": ("a", frozenset(), 0),
    "command": ("", frozenset(), 0),
    "gosu": ("", frozenset(), 1),
    "su-exec": ("", frozenset(), 1),
    "chronic": ("", frozenset(), 0),
    "eatmydata": ("", frozenset(), 0),
}
# options after which the wrapper does not run a command (``sudo -l``, ``command -v``, ``env -S``)
_NO_COMMAND = {
    "sudo": {"-l", "-v", "-k", "-K", "-e", "-V", "-h"},
    "command": {"-v", "-V"},
    "env": {"-S", "--split-string"},
}


def unwrap(cmd: Command) -> None:
    """Replace ``cmd``'s name and args with the wrapped command's, recording the wrappers."""
    for _ in range(8):  # ``sudo env nice apt-get``: a few levels at most
        name = cmd.name
        if name is None or not name.is_static:
            return
        wrapper = posixpath.basename(name.value)
        spec = _WRAPPERS.get(wrapper)
        if spec is None:
            return
        rest = _wrapped(wrapper, spec, cmd)
        if rest is None:
            return
        index, assignments = rest
        cmd.wrappers = cmd.wrappers + (name,)
        cmd.assignments = cmd.assignments + tuple(assignments)
        cmd.name = cmd.args[index]
        cmd.args = cmd.args[index + 1 :]


def _wrapped(wrapper: str, spec, cmd: Command) -> tuple[int, list[tuple[str, Word | None]]] | None:
    """Index in ``cmd.args`` of the wrapped command name, and assignments given to it."""
    short_values, long_values, operands = spec
    args = cmd.args
    stop = _NO_COMMAND.get(wrapper, set())
    assignments: list[tuple[str, Word | None]] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word.opaque:
            return None  # ``sudo $CMD``: unknown
        value = word.value
        if wrapper in ("sudo", "env") and _ASSIGNMENT.match(word.static_prefix):
            key, _, val = value.partition("=")
            prefix = word.static_prefix[len(key) + 1 :]
            assignments.append((key, Word(val, word.raw, word.start + len(key) + 1, word.end, word.is_static, prefix)))
            i += 1
            continue
        if not word.is_static:
            break
        if value == "--":
            i += 1
            break
        if value.startswith("--"):
            key = value.split("=", 1)[0]
            if key in stop:
                return None
            i += 2 if key in long_values and "=" not in value else 1
            continue
        if value.startswith("-") and len(value) > 1:
            if value in stop or f"-{value[1]}" in stop:
                return None
            takes = next((j for j, c in enumerate(value[1:], 1) if c in short_values), None)
            i += 2 if takes is not None and takes == len(value) - 1 else 1
            continue
        break
    i += operands
    return (i, assignments) if i < len(args) else None
