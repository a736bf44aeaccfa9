"""``export VAR=$(cmd)``: the command's exit status is lost (ShellCheck SC2155).

``export``, ``local``, ``declare``, ``readonly`` and ``typeset`` are commands: their own status
(almost always 0) replaces the substitution's, so ``export VERSION=$(git describe) && make`` goes
on with an empty ``VERSION`` when ``git describe`` fails, and ``set -e`` does not stop it either.
Assign first (``VERSION=$(git describe)``), then ``export VERSION``. ``sh -c '...'`` scripts are left
alone, as ShellCheck does.
"""

from __future__ import annotations

import re

from ..model import NESTED, Script
from .hits import Hit
from .words import word_parts

_DECLARATIONS = frozenset({"export", "local", "declare", "typeset", "readonly"})
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[[^]]*\])?\+?=")


def masked_substitution_status(script: Script) -> list[Hit]:
    hits = []
    for cmd in script.commands:
        if cmd.program not in _DECLARATIONS or NESTED in cmd.contexts:
            continue
        for word in cmd.args:
            found = _ASSIGNMENT.match(word.raw)
            if found is None or not _has_substitution(word.raw[found.end() :]):
                continue
            name = found.group(1)
            message = f"Declare and assign separately: {cmd.program} {name}=$(...) hides the command's exit status"
            hits.append(Hit(word.start, word.end, message))
    return hits


def _has_substitution(raw: str) -> bool:
    return any(
        p.kind == "other" and p.source.startswith(("$(", "`")) and not p.source.startswith("$((")
        for p in word_parts(raw)
    )
