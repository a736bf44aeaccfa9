"""Stable stand-ins for Helm's random functions, so that a chart renders the same way every time.

A name such as ``{{ .Release.Name }}-{{ randAlphaNum 5 | lower }}`` would otherwise change on every
render, and with it every message that quotes it (and every cached result keyed by it). Before a
chart is rendered, each call of a random function is replaced by a deterministic expression that
takes the same arguments and gives a value of the same kind: ``randAlphaNum 5`` renders
``rand5``, ``randInt 1 10`` renders ``1``, ``uuidv4`` the nil-like UUID, ``now`` 2000-01-01.
Certificates and keys (``genCA``, ``genPrivateKey``...) return structures that no other function
builds; they stay random, and no message quotes them.
"""

from __future__ import annotations

import re

from .gotemplate import KEYWORDS, Template

STAND_INS = {
    "randAlphaNum": 'printf "rand%v"',
    "randAlpha": 'printf "rand%v"',
    "randNumeric": 'printf "rand%v"',
    "randAscii": 'printf "rand%v"',
    "randBytes": 'printf "rand%v"',
    "randInt": "min",
    "uuidv4": '(printf "00000000-0000-4000-8000-000000000000")',
    "now": '(toDate "2006-01-02" "2000-01-01")',
    "shuffle": "toString",
}
_MENTIONS = re.compile(r"\{\{[^}]*\b(?:" + "|".join(STAND_INS) + r")\b")


def mentions_random(text: str) -> bool:
    """Whether ``text`` may call a random function (a quick look before scanning it)."""
    return _MENTIONS.search(text) is not None


def with_stand_ins(template: Template) -> str:
    """The template's text with every random function call replaced by its stand-in."""
    text = template.text
    calls = [  # a bare identifier in an action is always a function call
        token
        for action in template.actions
        if not action.comment
        for token in action.tokens
        if token.kind == "ident" and token.text in STAND_INS and token.text not in KEYWORDS
    ]
    for token in sorted(calls, key=lambda t: t.start, reverse=True):
        text = text[: token.start] + STAND_INS[token.text] + text[token.end :]
    return text
