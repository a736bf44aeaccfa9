"""``rm -r`` of a path that becomes ``/`` or a system directory when a variable is empty
(``rm -rf "$BUILD_DIR/"*`` with ``BUILD_DIR`` unset deletes ``/*``), as ShellCheck's SC2115.

CI jobs often run as root (containers) or with passwordless sudo, so this deletes for real. A
variable the caller knows is set (the CI system's own, or one defined in ``env:``/``variables:``)
or that the script itself assigns, reads or loops over is taken as non-empty, and words holding a
command substitution, a positional parameter or a template are left alone: only variables that come
from nowhere visible (a typo, a secret, an unset input) are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Script, Word
from .hits import Hit
from .words import word_parts

_DIRS = (
    "",
    "/bin",
    "/etc",
    "/home",
    "/mnt",
    "/usr",
    "/usr/share",
    "/usr/local",
    "/var",
    "/lib",
    "/dev",
    "/media",
    "/boot",
    "/lib64",
    "/usr/bin",
)
IMPORTANT = frozenset(d + s for s in ("", "/", "/*", "/*/*") for d in _DIRS) - {""}


def empty_variable_rm_paths(script: Script, is_set: Callable[[str], bool]) -> list[Hit]:
    """``is_set(name)``: the caller knows variable ``name`` is set and not empty."""
    hits = []
    assigned: dict[str, bool] = {}
    for cmd in script.find("rm"):
        if not any(_recursive(w) for w in cmd.args):
            continue
        for word in cmd.args:
            if word.is_static:
                continue
            found = _empty_path(word, lambda name: is_set(name) or names_variable(script.text, name, assigned))
            if found is not None:
                name, path = found
                hits.append(
                    Hit(
                        word.start,
                        word.end,
                        f'${name} may be empty, and then this deletes {path}; use "${{{name}:?}}" to stop instead',
                    )
                )
    return hits


def _recursive(word: Word) -> bool:
    value = word.value
    if not word.is_static or not value.startswith("-"):
        return False
    if value.startswith("--"):
        return value == "--recursive"
    return "r" in value or "R" in value


def _empty_path(word: Word, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """(variable, path) when the word is ``path`` (an important directory) with the variable empty."""
    parts = word_parts(word.raw)
    path = []
    unknown = None
    for part in parts:
        if part.kind == "other" or part.guarded:
            return None
        if part.kind == "text":
            path.append(part.text)
        elif known(part.text):
            path.append("x")  # any non-empty value that is not a slash
        else:
            unknown = unknown or part.text
    if unknown is None:
        return None
    normal = _normalise("".join(path))
    return (unknown, normal) if normal in IMPORTANT else None


def _normalise(path: str) -> str:
    path = re.sub(r"\*+", "*", re.sub(r"/+", "/", path))
    return path if path == "/" else path.rstrip("/")


def names_variable(text: str, name: str, memo: dict[str, bool] | None = None) -> bool:
    """``text`` names the variable other than by expanding it: ``NAME=``, ``read NAME``,
    ``for NAME in``, ``export NAME``, ``echo "NAME=x" >> "$GITHUB_ENV"`` (so it is probably given a
    value)."""
    if memo is None:
        memo = {}
    if name not in memo:
        memo[name] = re.search(rf"(?<![\w${{]){re.escape(name)}\b", text) is not None
    return memo[name]
