"""A Go-template scanner with exact positions (no Go-template grammar exists on PyPI).

It finds every action (``{{ ... }}``, with ``{{-``/``-}}`` trim markers and ``{{/* */}}`` comments),
lexes the inside into tokens (strings, numbers, fields such as ``.Values.a.b``, variables,
identifiers, pipes, parentheses) and pairs block actions (``if``/``with``/``range``/``define``/
``block`` ... ``end``). Offsets are code points into the document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BLOCK_KEYWORDS = frozenset({"if", "with", "range", "define", "block"})
KEYWORDS = BLOCK_KEYWORDS | {"else", "end", "template", "break", "continue", "nil", "true", "false"}

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\\r\n]|\\.)*"?)
  | (?P<raw>`[^`]*`?)
  | (?P<char>'(?:[^'\\]|\\.)*')
  | (?P<number>-?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?))
  | (?P<field>(?:\$[A-Za-z0-9_]*)?(?:\.[A-Za-z_][A-Za-z0-9_]*)+)
  | (?P<variable>\$[A-Za-z0-9_]*)
  | (?P<dot>\.)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<declare>:=)
  | (?P<assign>=)
  | (?P<pipe>\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class Token:
    kind: str  # string, raw, char, number, field, variable, dot, ident, declare, assign, pipe, lparen, rparen, comma, other
    text: str
    start: int  # document offsets
    end: int

    @property
    def value(self) -> str:
        """A string literal's value (quotes removed, simple escapes resolved)."""
        if self.kind == "string":
            body = self.text[1:-1] if self.text.endswith('"') and len(self.text) > 1 else self.text[1:]
            return bytes(body, "utf-8").decode("unicode_escape", errors="replace") if "\\" in body else body
        if self.kind == "raw":
            return self.text.strip("`")
        return self.text


@dataclass
class Action:
    start: int  # offset of "{{"
    end: int  # offset after "}}" (or end of text when unterminated)
    body_start: int
    body_end: int
    comment: bool = False
    terminated: bool = True
    tokens: list[Token] = field(default_factory=list)
    partner: Action | None = None  # for block openers: their ``end``; for ``end``: the opener
    owner: Action | None = None  # for ``else``/``else if``: the block opener it belongs to

    @property
    def keyword(self) -> str | None:
        """The leading keyword (``if``, ``end``, ``define``...), or None for a plain pipeline."""
        first = self.tokens[0] if self.tokens else None
        return first.text if first is not None and first.kind == "ident" and first.text in KEYWORDS else None

    @property
    def is_else(self) -> bool:
        return self.keyword == "else"

    def string_arg(self) -> Token | None:
        """The first string literal (the name in ``define``/``template``/``include``)."""
        return next((t for t in self.tokens if t.kind in ("string", "raw")), None)


@dataclass
class Template:
    text: str
    actions: list[Action]
    unbalanced: list[tuple[Action, str]]  # (action, problem)
    defines: dict[str, Action]  # name -> define/block action

    def enclosing(self, offset: int) -> list[Action]:
        """Block openers whose body contains ``offset`` (outermost first)."""
        end_of = lambda a: a.partner.start if a.partner is not None else len(self.text)
        return [a for a in self.actions if a.keyword in BLOCK_KEYWORDS and a.end <= offset <= end_of(a)]

    def branches(self, offset: int) -> list[Action]:
        """The ``else``/``else if``/``else with`` actions that open the branch holding ``offset``, one
        per enclosing block that has such a branch before ``offset``."""
        out = []
        for opener in self.enclosing(offset):
            elses = [a for a in self.actions if a.owner is opener and a.end <= offset]
            if elses:
                out.append(elses[-1])
        return out


def scan(text: str) -> Template:
    actions = list(_actions(text))
    unbalanced = _pair(actions)
    defines = {}
    for action in actions:
        if action.keyword in ("define", "block"):
            name = action.string_arg()
            if name is not None:
                defines.setdefault(name.value, action)
    return Template(text, actions, unbalanced, defines)


def _actions(text: str):
    pos = 0
    while True:
        start = text.find("{{", pos)
        if start == -1:
            return
        body_start = start + 2
        if (
            text.startswith("- ", body_start)
            or text.startswith("-\t", body_start)
            or text.startswith("-\n", body_start)
        ):
            body_start += 1
        if text.startswith("/*", text_skip_space(text, body_start)):
            yield from _comment(text, start, body_start)
            close = text.find("*/", body_start)
            pos = text.find("}}", close) + 2 if close != -1 and text.find("}}", close) != -1 else len(text)
            continue
        action = _action(text, start, body_start)
        yield action
        pos = action.end


def text_skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _comment(text: str, start: int, body_start: int):
    close = text.find("*/", body_start)
    end = text.find("}}", close) + 2 if close != -1 and text.find("}}", close) != -1 else len(text)
    yield Action(start, end, body_start, max(end - 2, body_start), comment=True, terminated=close != -1)


def _action(text: str, start: int, body_start: int) -> Action:
    """Lex up to the closing ``}}`` that is not inside a string literal."""
    tokens: list[Token] = []
    pos = body_start
    while pos < len(text):
        if text.startswith("}}", pos):
            body_end = (
                pos - 1
                if pos > body_start and text[pos - 1] == "-" and text[pos - 2 : pos - 1] in (" ", "\t", "\n")
                else pos
            )
            if tokens and tokens[-1].kind == "other" and tokens[-1].text == "-" and tokens[-1].start == pos - 1:
                tokens.pop()
            return Action(start, pos + 2, body_start, body_end, tokens=tokens)
        if text.startswith("{{", pos):
            break  # a new action starts before this one closed: this one is unterminated
        m = _TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - the pattern matches any character
            break
        kind = m.lastgroup or "other"
        if kind != "space":
            tokens.append(Token(kind, m.group(), m.start(), m.end()))
        pos = m.end()
    end = pos
    return Action(start, end, body_start, end, terminated=False, tokens=tokens)


def _pair(actions: list[Action]) -> list[tuple[Action, str]]:
    stack: list[Action] = []
    problems: list[tuple[Action, str]] = []
    for action in actions:
        keyword = action.keyword
        if keyword in BLOCK_KEYWORDS:
            stack.append(action)
        elif keyword == "end":
            if stack:
                opener = stack.pop()
                opener.partner, action.partner = action, opener
            else:
                problems.append((action, "{{ end }} without a matching if/with/range/define/block"))
        elif keyword == "else" and not stack:
            problems.append((action, "{{ else }} outside of an if/with/range block"))
        elif keyword == "else":
            action.owner = stack[-1]
    for opener in stack:
        problems.append((opener, f"{{{{ {opener.keyword} }}}} is never closed with {{{{ end }}}}"))
    return problems


def value_paths(template: Template) -> list[tuple[Token, list[str], Action]]:
    """Every ``.Values.a.b`` / ``$.Values.a.b`` reference: (token, path after Values, action)."""
    out = []
    for action in template.actions:
        for token in action.tokens:
            if token.kind != "field":
                continue
            parts = token.text.split(".")
            if parts[0] in ("", "$") and len(parts) > 2 and parts[1] == "Values":
                out.append((token, parts[2:], action))
    return out
