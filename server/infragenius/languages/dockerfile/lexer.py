"""Small lexical helpers for instruction arguments: words, key=value pairs, variable references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_VAR = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<mod>[^}]*)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


_PLAIN_WORD = re.compile(r"\S+")


def split_words(text: str, escape: str = "\\") -> list[tuple[str, str, int, int]]:
    """Split on unquoted whitespace. Returns (value without quotes, raw text, start, end).

    Cached: an edit re-parses the whole file, but most instructions are unchanged."""
    return list(_split_cached(text, escape))


@lru_cache(maxsize=8192)
def _split_cached(text: str, escape: str) -> tuple[tuple[str, str, int, int], ...]:
    if escape not in text and '"' not in text and "'" not in text:
        return tuple((m.group(), m.group(), m.start(), m.end()) for m in _PLAIN_WORD.finditer(text))
    return tuple(_split(text, escape))


def _split(text: str, escape: str) -> list[tuple[str, str, int, int]]:
    words: list[tuple[str, str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        start, value, quote = i, [], None
        while i < n:
            ch = text[i]
            if quote:
                if ch == quote:
                    quote = None
                elif ch == escape and quote == '"' and i + 1 < n:
                    i += 1
                    value.append(text[i])
                else:
                    value.append(ch)
            elif ch in "\"'":
                quote = ch
            elif ch == escape and i + 1 < n:
                i += 1
                value.append(text[i])
            elif ch.isspace():
                break
            else:
                value.append(ch)
            i += 1
        words.append(("".join(value), text[start:i], start, i))
    return words


@dataclass
class Pair:
    key: str
    value: str
    key_start: int  # offsets relative to the text given to ``pairs``
    key_end: int
    value_start: int
    value_end: int
    legacy: bool  # ``ENV key value`` (no '=')


def pairs(text: str, escape: str = "\\", allow_legacy: bool = True) -> list[Pair]:
    """``key=value`` pairs of ENV / LABEL / ARG; the legacy ``ENV key value`` form as one pair.

    Cached: rules ask for the same instruction's pairs many times. Pairs are shared, do not modify them."""
    return list(_pairs_cached(text, escape, allow_legacy))


@lru_cache(maxsize=4096)
def _pairs_cached(text: str, escape: str, allow_legacy: bool) -> tuple[Pair, ...]:
    return tuple(_pairs(text, escape, allow_legacy))


def _pairs(text: str, escape: str, allow_legacy: bool) -> list[Pair]:
    words = split_words(text, escape)
    if not words:
        return []
    if allow_legacy and "=" not in words[0][1].split('"')[0].split("'")[0]:
        key, _, s, e = words[0]
        if len(words) == 1:
            return [Pair(key, "", s, e, e, e, legacy=False)]  # ``ARG NAME`` without a default
        rest_start = words[1][2]
        rest_end = words[-1][3]
        value = text[rest_start:rest_end]
        return [Pair(key, _unquote(value), s, e, rest_start, rest_end, legacy=True)]
    out = []
    for value, raw, s, e in words:
        key, eq, val = raw.partition("=")
        if not eq:
            out.append(Pair(value, "", s, e, e, e, legacy=False))
            continue
        vstart = s + len(key) + 1
        out.append(Pair(_unquote(key), _unquote(val), s, s + len(key), vstart, e, legacy=False))
    return out


def _unquote(text: str) -> str:
    words = split_words(text)
    if len(words) == 1:
        return words[0][0]
    return text


def variables(text: str) -> list[tuple[str, int, int, str]]:
    """``$NAME`` / ``${NAME...}`` references: (name, start, end, modifier such as ``:-default``)."""
    out = []
    for m in _VAR.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "\\":
            continue  # escaped dollar
        name = m.group("braced") or m.group("plain")
        out.append((name, m.start(), m.end(), m.group("mod") or ""))
    return out


def expansions(text: str, escape: str = "\\") -> list[tuple[str, int, int, str]]:
    """Variable references BuildKit expands: like ``variables`` but skipping single-quoted text
    and escaped dollars (``\\$X`` or, with ``# escape=`` + "`", ```$X``)."""
    out = []
    quote = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == escape and quote != "'":
            i += 2
            continue
        if quote is None and ch in "\"'":
            quote = ch
        elif ch == quote:
            quote = None
        elif ch == "$" and quote != "'":
            m = _VAR.match(text, i)
            if m:
                out.append((m.group("braced") or m.group("plain"), m.start(), m.end(), m.group("mod") or ""))
                i = m.end()
                continue
        i += 1
    return out


def has_default(modifier: str) -> bool:
    """``${X:-d}``, ``${X-d}``, ``${X:+d}``, ``${X+d}``, ``${X:?}``: defined or not, the value is handled."""
    return modifier[:1] in (":", "-", "+", "?", "#", "%", "/")
