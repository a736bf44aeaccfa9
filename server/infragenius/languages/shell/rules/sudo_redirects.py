"""``sudo cmd > file``: the redirect is opened by the calling shell, not by sudo (shellcheck SC2024)."""

from __future__ import annotations

import posixpath

from ..model import Command, Redirect, Script
from .hits import Hit

# file redirects sudo is expected to cover: writing, appending, reading
_FILE_OPS = frozenset({">", ">>", ">|", "&>", "&>>", "<"})
# files any user can open: redirecting to them needs no privilege
_ANYONE = frozenset({"/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"})


def sudo_redirects(script: Script) -> list[Hit]:
    """Redirects written on a ``sudo`` command, which the unprivileged shell performs."""
    hits = []
    for cmd in script.commands:
        if not _sudo(cmd) or _in_root_shell(cmd):
            continue
        for redirect in cmd.redirects:
            message = _message(redirect)
            if message is not None:
                hits.append(Hit(redirect.start, redirect.end, message))
    return hits


def _sudo(cmd: Command) -> bool:
    return any(w.is_static and posixpath.basename(w.value) == "sudo" for w in cmd.wrappers)


def _in_root_shell(cmd: Command) -> bool:
    """Inside ``sudo sh -c '...'``: that shell runs as root and does the redirect itself."""
    outer = cmd.nested_in
    for _ in range(8):
        if outer is None:
            return False
        if _sudo(outer):
            return True
        outer = outer.nested_in
    return False


def _message(redirect: Redirect) -> str | None:
    target = redirect.target
    if redirect.compound or redirect.op not in _FILE_OPS or target is None:
        return None
    if target.static_prefix == "" and not target.is_static:
        return None  # ``> "$LOG"``: may be /dev/null or a file the user owns
    if target.is_static and target.value in _ANYONE:
        return None
    name = target.raw
    if redirect.op == "<":
        return f"sudo does not apply to this redirect: the shell reads {name} without it; use 'sudo cat {name} | ...'"
    tee = "sudo tee -a" if redirect.appends else "sudo tee"
    return (
        f"sudo does not apply to this redirect: the shell opens {name} without it; use '... | {tee} {name} >/dev/null'"
    )
