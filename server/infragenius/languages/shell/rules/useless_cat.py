"""``cat file | cmd``: a process and a pipe for nothing (ShellCheck SC2002).

``cmd < file`` (or ``cmd file``) reads the file directly. Only ``cat`` with exactly one file and no
options is reported: several files (a glob, a bare ``$FILES``) or ``cat -n`` really do something.
Into a loop (``cat f | while read -r line``) the file goes after the loop's end: ``done < f``.
"""

from __future__ import annotations

import re

from ..model import NESTED, Pipeline, Script
from .hits import Hit

_GLOB = set("*?[")
_COMPOUND = re.compile(r"\s*(?:(while|until|for|select|if|case|\{)(?=\s|$)|(\())")
_CLOSERS = {
    "while": ("loop", "done"),
    "until": ("loop", "done"),
    "for": ("loop", "done"),
    "select": ("loop", "done"),
    "if": ("if", "fi"),
    "case": ("case", "esac"),
    "{": ("group", "}"),
    "(": ("subshell", ")"),
}


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
        message = f"Useless cat: {_where_the_file_goes(script.text[pipe.operators[0][2] :], pipe, file.raw)}"
        hits.append(Hit(cat.name.start, file.end, message))
    return hits


def _where_the_file_goes(after_pipe: str, pipe: Pipeline, file: str) -> str:
    """``grep x < f``; for a loop, group or ``if`` after the pipe, the redirect goes after its end
    (``done < f``): put on the loop's first command, ``read`` would read the first line again and again."""
    compound = _COMPOUND.match(after_pipe)
    if compound is not None:
        kind, closer = _CLOSERS[compound.group(1) or compound.group(2)]
        return f"give the file to the {kind} directly ({closer} < {file})"
    following = pipe.commands[1].name
    target = following.value if following is not None and following.is_static else "the next command"
    return f"give the file to {target} directly (< {file})"
