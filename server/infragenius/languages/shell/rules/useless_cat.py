"""``cat file | cmd``: a process and a pipe for nothing (ShellCheck SC2002).

``cmd < file`` (or ``cmd file``) reads the file directly. Only ``cat`` with exactly one file and no
options is reported: several files (a glob, a bare ``$FILES``) or ``cat -n`` really do something.
"""

from __future__ import annotations

from ..model import NESTED, Script
from .hits import Hit

_GLOB = set("*?[")


def useless_cats(script: Script) -> list[Hit]:
    hits = []
    for pipe in script.pipelines:
        cat = pipe.commands[0]
        if cat.program != "cat" or cat.name is None or NESTED in cat.contexts or len(cat.args) != 1:
            continue
        if not pipe.operators or script.text[cat.end : pipe.operators[0][1]].strip():
            continue  # the pipe does not start right after this cat (``{ cat f; } | x``)
        (file,) = cat.args
        value = file.static_prefix
        if file.opaque or value.startswith("-") or (_GLOB & set(value) and not file.raw.startswith(("'", '"'))):
            continue
        if cat.redirects:
            continue  # ``cat f 2>/dev/null | x``: ``x < f`` would not be the same
        following = pipe.commands[1].name
        target = following.value if following is not None and following.is_static else "the next command"
        message = f"Useless cat: give the file to {target} directly (< {file.raw})"
        hits.append(Hit(cat.name.start, file.end, message))
    return hits
