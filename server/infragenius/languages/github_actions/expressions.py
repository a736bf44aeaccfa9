"""GitHub Actions expressions: ``${{ ... }}`` extraction, lexer and parser.

Grammar (GitHub's "Expressions" page), lowest precedence first::

    expr    := or
    or      := and ('||' and)*
    and     := eq ('&&' eq)*
    eq      := cmp (('==' | '!=') cmp)*
    cmp     := unary (('<' | '<=' | '>' | '>=') unary)*
    unary   := '!' unary | postfix
    postfix := primary ('.' (IDENT | '*') | '[' expr ']')*
    primary := literal | IDENT | IDENT '(' args ')' | '(' expr ')'

Literals: ``null``, ``true``, ``false``, numbers (decimal, ``0x`` hex, exponent) and single-quoted
strings (``''`` escapes a quote). Offsets in nodes and errors are relative to the expression text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


class ExprError(Exception):
    def __init__(self, message: str, offset: int, end: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.end = end if end is not None else offset + 1


@dataclass
class Token:
    kind: str  # ident, number, string, op, end
    text: str
    start: int
    end: int


_NUMBER = re.compile(r"0x[0-9a-fA-F]+|[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_OPS = ("==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ".", ",", "*")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch == "'":
            j = i + 1
            while True:
                j = text.find("'", j)
                if j == -1:
                    raise ExprError("unterminated string literal", i, n)
                if text.startswith("''", j):
                    j += 2
                    continue
                break
            tokens.append(Token("string", text[i : j + 1], i, j + 1))
            i = j + 1
            continue
        if ch == '"':
            raise ExprError("strings must be in single quotes ('...'); double quotes are not allowed", i)
        number = (
            _NUMBER.match(text, i)
            if (ch.isdigit() or (ch in "-+." and i + 1 < n and (text[i + 1].isdigit() or text[i + 1] == ".")))
            else None
        )
        if (
            number
            and not (
                tokens and tokens[-1].kind in ("ident", "number", "string") or tokens and tokens[-1].text in (")", "]")
            )
            or number
            and ch.isdigit()
        ):
            end = number.end()
            if end < n and (text[end].isalpha() or text[end] == "_"):
                raise ExprError(f"invalid number {text[i : end + 1]!r}", i, end + 1)
            tokens.append(Token("number", text[i:end], i, end))
            i = end
            continue
        ident = _IDENT.match(text, i)
        if ident:
            tokens.append(Token("ident", ident.group(), i, ident.end()))
            i = ident.end()
            continue
        for op in _OPS:
            if text.startswith(op, i):
                tokens.append(Token("op", op, i, i + len(op)))
                i += len(op)
                break
        else:
            if ch == "=":
                raise ExprError("unexpected '='; use '==' to compare", i)
            raise ExprError(f"unexpected character {ch!r}", i)
    tokens.append(Token("end", "", n, n))
    return tokens


# -- AST -----------------------------------------------------------------------------------------
@dataclass
class Expr:
    start: int
    end: int


@dataclass
class Literal(Expr):
    kind: str  # null, bool, number, string
    value: object


@dataclass
class Variable(Expr):
    name: str


@dataclass
class Property(Expr):
    obj: Expr
    name: str  # "*" for object filters


@dataclass
class Index(Expr):
    obj: Expr
    index: Expr


@dataclass
class Call(Expr):
    name: str
    args: list[Expr] = field(default_factory=list)
    name_end: int = 0


@dataclass
class Not(Expr):
    operand: Expr


@dataclass
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect(self, op: str) -> Token:
        if self.tok.text != op or self.tok.kind != "op":
            raise self.unexpected(f"expected {op!r}")
        return self.take()

    def unexpected(self, wanted: str) -> ExprError:
        tok = self.tok
        if tok.kind == "end":
            return ExprError(f"unexpected end of expression; {wanted}", tok.start, tok.start)
        return ExprError(f"unexpected {tok.text!r}; {wanted}", tok.start, tok.end)

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ExprError("empty expression", 0, len(self.text))
        node = self.binary(0)
        if self.tok.kind != "end":
            raise self.unexpected("expected an operator or the end of the expression")
        return node

    _LEVELS = (("||",), ("&&",), ("==", "!="), ("<", "<=", ">", ">="))

    def binary(self, level: int) -> Expr:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.tok.kind == "op" and self.tok.text in self._LEVELS[level]:
            op = self.take().text
            right = self.binary(level + 1)
            left = Binary(left.start, right.end, op, left, right)
        return left

    def unary(self) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("expression is nested too deeply", self.tok.start, self.tok.end)
        try:
            if self.tok.kind == "op" and self.tok.text == "!":
                start = self.take().start
                operand = self.unary()
                return Not(start, operand.end, operand)
            return self.postfix(self.primary())
        finally:
            self.depth -= 1

    def postfix(self, node: Expr) -> Expr:
        while self.tok.kind == "op" and self.tok.text in (".", "["):
            if self.take().text == ".":
                tok = self.tok
                if tok.kind == "ident" or (tok.kind == "op" and tok.text == "*"):
                    self.take()
                    node = Property(node.start, tok.end, node, tok.text)
                else:
                    raise self.unexpected("expected a property name after '.'")
            else:
                index = self.binary(0) if not (self.tok.kind == "op" and self.tok.text == "*") else None
                if index is None:
                    star = self.take()
                    index = Literal(star.start, star.end, "star", "*")
                end = self.expect("]").end
                node = Index(node.start, end, node, index)
        return node

    def primary(self) -> Expr:
        tok = self.tok
        if tok.kind == "number":
            self.take()
            return Literal(tok.start, tok.end, "number", _number(tok.text))
        if tok.kind == "string":
            self.take()
            return Literal(tok.start, tok.end, "string", tok.text[1:-1].replace("''", "'"))
        if tok.kind == "ident":
            self.take()
            if self.tok.kind == "op" and self.tok.text == "(":
                self.take()
                args: list[Expr] = []
                if not (self.tok.kind == "op" and self.tok.text == ")"):
                    args.append(self.binary(0))
                    while self.tok.kind == "op" and self.tok.text == ",":
                        self.take()
                        args.append(self.binary(0))
                end = self.expect(")").end
                return Call(tok.start, end, tok.text, args, tok.end)
            word = tok.text
            if word == "null":
                return Literal(tok.start, tok.end, "null", None)
            if word in ("true", "false"):
                return Literal(tok.start, tok.end, "bool", word == "true")
            return Variable(tok.start, tok.end, word)
        if tok.kind == "op" and tok.text == "(":
            self.take()
            inner = self.binary(0)
            self.expect(")")
            return inner
        raise self.unexpected("expected a value, a context or a function call")


def _number(text: str) -> float:
    try:
        return float(int(text, 16)) if text.lower().startswith("0x") else float(text)
    except ValueError:
        return float("nan")


MAX_DEPTH = 100  # GitHub's own parser stops far earlier; this keeps us off Python's recursion limit


def parse_expression(text: str) -> Expr:
    """Parse the inside of ``${{ }}``. Raises :class:`ExprError` with an offset into ``text``."""
    return _Parser(text).parse()


# -- extraction from strings ---------------------------------------------------------------------
@dataclass
class Embedded:
    """One ``${{ }}`` in a string: offsets of ``${{``, of the inner text, and past ``}}``."""

    start: int
    inner_start: int
    inner_end: int
    end: int
    inner: str
    closed: bool = True


def find_expressions(value: str) -> list[Embedded]:
    """Every ``${{ ... }}`` in ``value``; ``}}`` inside a string literal does not close it."""
    out: list[Embedded] = []
    i = value.find("${{")
    while i != -1:
        j = i + 3
        n = len(value)
        in_string = False
        close = -1
        while j < n:
            ch = value[j]
            if in_string:
                if ch == "'":
                    if j + 1 < n and value[j + 1] == "'":
                        j += 2
                        continue
                    in_string = False
            elif ch == "'":
                in_string = True
            elif ch == "}" and value.startswith("}}", j):
                close = j
                break
            j += 1
        if close == -1:
            out.append(Embedded(i, i + 3, n, n, value[i + 3 :], closed=False))
            break
        out.append(Embedded(i, i + 3, close, close + 2, value[i + 3 : close]))
        i = value.find("${{", close + 2)
    return out


# -- walking -------------------------------------------------------------------------------------
def children(node: Expr) -> list[Expr]:
    if isinstance(node, Property):
        return [node.obj]
    if isinstance(node, Index):
        return [node.obj, node.index]
    if isinstance(node, Call):
        return list(node.args)
    if isinstance(node, Not):
        return [node.operand]
    if isinstance(node, Binary):
        return [node.left, node.right]
    return []


def walk_expr(node: Expr) -> list[Expr]:
    """``node`` and every node under it, in source order. Trees are shared between analyses (see
    model._parse_cached) and never modified, so the list is computed once per tree."""
    flat = node.__dict__.get("_flat")
    if flat is None:
        flat = []
        stack = [node]
        while stack:
            current = stack.pop()
            flat.append(current)
            stack.extend(reversed(children(current)))
        node.__dict__["_flat"] = flat
    return flat


def property_path(node: Expr) -> list[str] | None:
    """``github.event.issue.title`` -> ["github", "event", "issue", "title"]; string indexes count
    as properties and ``*``/other indexes as "*"; None when the chain does not start at a context."""
    parts: list[str] = []
    current = node
    while True:
        if isinstance(current, Property):
            parts.append(current.name.lower())
            current = current.obj
        elif isinstance(current, Index):
            idx = current.index
            parts.append(idx.value.lower() if isinstance(idx, Literal) and idx.kind == "string" else "*")
            current = current.obj
        elif isinstance(current, Variable):
            parts.append(current.name.lower())
            return parts[::-1]
        else:
            return None


def is_constant(node: Expr) -> bool:
    """True when the expression uses no context and no status/IO function: its value is fixed."""
    for sub in walk_expr(node):
        if isinstance(sub, Variable):
            return False
        if isinstance(sub, Call) and sub.name.lower() not in (
            "contains",
            "startswith",
            "endswith",
            "format",
            "join",
            "tojson",
            "fromjson",
        ):
            return False
    return True
