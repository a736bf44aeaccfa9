"""Writes to files named by a variable (``echo "X=1" >> "$GITHUB_ENV"``) and the text written.

The text is known only where the command copies its input or arguments: ``echo``/``printf``
arguments, and the heredoc or here-string fed to ``cat``/``tee``. ``tee FILE`` also takes the text
of the pipeline stage before it. A write whose text comes from any other program has no ``data``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Command, Redirect, Script, Word
from .words import word_parts

_PRINTERS = frozenset({"echo", "printf"})
_COPIERS = frozenset({"cat", "tee"})  # write their standard input out


@dataclass(frozen=True)
class Data:
    word: Word  # arguments, here-string word, or heredoc body
    expands: bool  # the shell expands ``$VAR`` in it (not in a quoted heredoc)
    heredoc: bool = False  # heredoc text: quotes in it are literal


@dataclass(frozen=True)
class FileWrite:
    variable: str  # the variable naming the file ("GITHUB_ENV")
    start: int  # the redirect, or tee's file word: where to report
    end: int
    data: tuple[Data, ...]


def file_writes(script: Script, variables: frozenset[str], templates: dict[str, str] | None = None) -> list[FileWrite]:
    """Writes (``>``, ``>>``, ``tee``) to a file named by one of ``variables``. ``templates`` maps a
    CI template spelling of the file (``${{ env.GITHUB_ENV }}``, normalised to no spaces) to its variable."""
    out: list[FileWrite] = []
    for cmd in script.commands:
        redirect = cmd.stdout_redirect()
        if redirect is not None and redirect.writes_file and redirect.target is not None:
            variable = _names_file(redirect.target, variables, templates or {})
            if variable is not None:
                out.append(FileWrite(variable, redirect.start, redirect.end, _data(cmd)))
        if cmd.program == "tee":
            out += _tee_writes(cmd, variables, templates or {})
    return out


def _tee_writes(cmd: Command, variables: frozenset[str], templates: dict[str, str]) -> list[FileWrite]:
    files = [w for w in cmd.args if not (w.is_static and w.value.startswith("-"))]
    named = [(w, _names_file(w, variables, templates)) for w in files]
    if not any(v for _, v in named):
        return []
    data = _stdin_data(cmd)
    pipe = cmd.pipeline
    if not data and pipe is not None and cmd.pipe_index > 0:
        data = _data(pipe.commands[cmd.pipe_index - 1])
    return [FileWrite(v, w.start, w.end, data) for w, v in named if v is not None]


def _data(cmd: Command) -> tuple[Data, ...]:
    """The text ``cmd`` writes to its standard output, where it is its arguments or input."""
    if cmd.program in _PRINTERS:
        return tuple(Data(w, True) for w in cmd.args)
    if cmd.program in _COPIERS:
        return _stdin_data(cmd)
    return ()


def _stdin_data(cmd: Command) -> tuple[Data, ...]:
    out = []
    for redirect in cmd.redirects:
        if redirect.is_heredoc and redirect.body is not None:
            out.append(Data(redirect.body, not _quoted(redirect), heredoc=True))
        elif redirect.op == "<<<" and redirect.target is not None:
            out.append(Data(redirect.target, True))
    return tuple(out)


def _quoted(heredoc: Redirect) -> bool:
    """``<<'EOF'``: the body is not expanded."""
    return heredoc.target is not None and any(q in heredoc.target.raw for q in "'\"\\")


_SPACES = re.compile(r"\s+")


def _names_file(word: Word, variables: frozenset[str], templates: dict[str, str]) -> str | None:
    parts = word_parts(word.raw)
    if len(parts) != 1:
        return None
    part = parts[0]
    if part.kind == "var" and part.text in variables:
        return part.text
    if part.kind == "other":
        return templates.get(_SPACES.sub("", part.text))
    return None


def expanded_variables(data: Data) -> list[str]:
    """Variables the shell expands in ``data``, including inside ``$(...)`` (single-quoted text excluded)."""
    if not data.expands:
        return []
    out: list[str] = []
    raw = data.word.raw
    # a heredoc expands like a double-quoted string whose quotes are plain text
    _variables('"' + raw.replace('"', '\\"') + '"' if data.heredoc else raw, out, 0)
    return out


def _variables(raw: str, out: list[str], depth: int) -> None:
    if depth > 4:
        return
    for part in word_parts(raw):
        if part.kind == "var":
            out.append(part.text)
        elif part.kind == "other" and part.text.startswith(("$(", "`")):
            inner = part.text[2:-1] if part.text.startswith("$(") else part.text[1:-1]
            _variables(inner, out, depth + 1)
