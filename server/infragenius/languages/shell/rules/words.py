"""The parts of one shell word: literal text and the expansions in it.

``Word`` keeps a word's source (``raw``); checks that care about *which* variable sits where
(``rm -rf "$DIR/"*``) read it again here. The word was already delimited by tree-sitter, so this
only has to follow quoting and ``$`` forms, never command structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL = "@*#?$!-0123456789"


@dataclass(frozen=True)
class Part:
    kind: str  # "text" or "var" (a parameter expansion) or "other" (substitution, template, $1...)
    text: str  # literal text for "text"; the variable name for "var"; the source for "other"
    guarded: bool = False  # ``${VAR:?}``, ``${VAR:-x}``, ``${VAR:=x}``: never expands to empty
    # where and how the part is written (not part of its identity: ``Part("var", "X")`` compares equal)
    start: int = field(default=0, compare=False)  # offset in the word's ``raw`` (an expansion: its ``$``)
    end: int = field(default=0, compare=False)
    quoted: bool = field(default=False, compare=False)  # in quotes (single-quoted text never expands)
    source: str = field(default="", compare=False)  # an expansion as written (``${VAR:-x}``)


def word_parts(raw: str) -> list[Part]:
    parts: list[Part] = []
    _scan(raw, 0, len(raw), False, parts)
    return parts


def _scan(raw: str, i: int, end: int, quoted: bool, parts: list[Part]) -> int:
    while i < end:
        ch = raw[i]
        if ch == "\\" and i + 1 < end:
            nxt = raw[i + 1]
            if not quoted or nxt in '"\\$`':
                parts.append(Part("text", nxt, start=i, end=i + 2, quoted=quoted))
            elif nxt != "\n":
                parts.append(Part("text", ch + nxt, start=i, end=i + 2, quoted=quoted))
            i += 2
        elif ch == "'" and not quoted:
            close = raw.find("'", i + 1)
            close = end if close == -1 else close
            parts.append(Part("text", raw[i + 1 : close], start=i, end=min(close + 1, end), quoted=True))
            i = close + 1
        elif ch == '"' and not quoted:
            i = _scan_double(raw, i + 1, end, parts)
        elif ch == '"' and quoted:
            return i + 1
        elif ch == "$":
            i = _dollar(raw, i, end, parts, quoted)
        elif ch == "`":
            close = raw.find("`", i + 1)
            stop = end if close == -1 else close + 1  # an unterminated one runs to the end
            parts.append(Part("other", raw[i:stop], start=i, end=stop, quoted=quoted, source=raw[i:stop]))
            i = stop
        else:
            parts.append(Part("text", ch, start=i, end=i + 1, quoted=quoted))
            i += 1
    return i


def _scan_double(raw: str, i: int, end: int, parts: list[Part]) -> int:
    return _scan(raw, i, end, True, parts)


def _dollar(raw: str, i: int, end: int, parts: list[Part], quoted: bool = False) -> int:
    def add(kind: str, text: str, stop: int, guarded: bool = False) -> int:
        stop = min(stop, end)  # an unterminated expansion runs to the end of the word
        parts.append(Part(kind, text, guarded, i, stop, quoted, raw[i:stop]))
        return stop

    nxt = raw[i + 1] if i + 1 < end else ""
    if nxt == "{":
        close = _matching(raw, i + 1, end, "{", "}")
        inner = raw[i + 2 : close]
        if inner.startswith("{"):  # ``${{ expr }}``: a CI template, unknown
            close = raw.find("}}", i + 2)
            close = end - 1 if close == -1 else close + 1
            return add("other", raw[i : close + 1], close + 1)
        name = _NAME.match(inner)
        if name is None:
            return add("other", raw[i : close + 1], close + 1)
        rest = inner[name.end() :]
        return add("var", name.group(0), close + 1, rest[:2] in (":?", ":-", ":="))
    if nxt == "(":
        close = _matching(raw, i + 1, end, "(", ")")
        return add("other", raw[i : close + 1], close + 1)
    if nxt == "'":  # ``$'...'``: ANSI-C quoted text
        close = raw.find("'", i + 2)
        close = end if close == -1 else close
        return add("text", raw[i + 2 : close], close + 1)
    name = _NAME.match(raw, i + 1, end)
    if name is not None:
        return add("var", name.group(0), name.end())
    if nxt and nxt in _SPECIAL:
        return add("other", raw[i : i + 2], i + 2)
    return add("text", "$", i + 1)


def _matching(raw: str, i: int, end: int, opening: str, closing: str) -> int:
    """Index of the bracket closing the one at ``i`` (quotes inside are skipped)."""
    depth = 0
    quote = None
    while i < end:
        ch = raw[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = None
        elif ch == "\\":
            i += 1
        elif ch in "'\"":
            quote = ch
        elif ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return end - 1
