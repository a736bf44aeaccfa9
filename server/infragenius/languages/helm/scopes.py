"""What ``.`` and each ``$variable`` stand for at a place in a Helm template.

A value is a path from the root context: ``()`` is the root itself (``.`` at the top of a file,
``$``), ``("Values", "image")`` is ``.Values.image``, and ``ELEMENT`` marks "an element of": inside
``{{ range .Values.hosts }}`` the dot is ``("Values", "hosts", ELEMENT)`` (a list item or, for a map,
each value). ``None`` means unknown, and callers then say nothing.

Go template scoping is followed: a variable lives until the ``end`` of the block it is declared in
(one declared in an ``if``/``with``/``range`` pipeline also in the ``else`` branches, one declared in a
branch only there); ``else`` of ``with``/``range`` runs with the outer dot; ``define``/``block`` bodies
are separate templates whose dot and ``$`` are the caller's: unknown, unless the caller passes
``defines`` (a define always called with the same value, see ``callers``). Only a bare operand
(``.``, ``.a.b``, ``$x``, ``$x.a``, optionally in parentheses) gives a known value: ``with include ...``,
``tpl``, pipelines and function calls are unknown. A variable reassigned with ``=`` anywhere in the file
is unknown everywhere (its value depends on which branches ran).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .gotemplate import Action, Template, Token

ELEMENT = "[*]"
ValuePath = tuple[str, ...]
ROOT: ValuePath = ()
_OPERANDS = ("dot", "field", "variable")
_SEPARATE = ("define", "block")


@dataclass(frozen=True)
class Scope:
    dot: ValuePath | None
    variables: dict[str, ValuePath | None]  # visible variables ("$" included); None: declared, value unknown

    def resolve(self, token: Token, previous: Token | None = None) -> ValuePath | None:
        """The value of a ``.``/``.a.b``/``$x``/``$x.a`` token (``previous``: the token before it,
        to tell ``(...).a``, a field of a parenthesised result, from ``.a``)."""
        if previous is not None and previous.kind == "rparen" and previous.end == token.start:
            return None
        if token.kind == "dot":
            return self.dot
        if token.kind == "variable":
            return self.variables.get(token.text)
        if token.kind != "field":
            return None
        head, *rest = token.text.split(".")
        base = self.dot if head == "" else self.variables.get(head)
        return None if base is None else base + tuple(rest)


@dataclass
class _Frame:
    keyword: str  # "" for the file's top level
    outer: ValuePath | None  # the dot around the block: else branches run with it
    dot: ValuePath | None
    pipe_vars: dict[str, ValuePath | None] = field(default_factory=dict)  # declared in the opener
    body_vars: dict[str, ValuePath | None] = field(default_factory=dict)  # declared in the current branch


def scope_at(template: Template, offset: int, defines: dict[str, ValuePath] | None = None) -> Scope:
    """The scope in force at ``offset`` (inside an action: the scope its operands are evaluated in).
    ``defines``: the value each define is known to be called with (see ``callers``)."""
    walker = _Walker(template, defines)
    for action in template.actions:
        if action.end > offset:
            if action.start < offset and action.is_else:
                walker.reset_branch()  # ``else with .x``: .x is evaluated with the outer dot
            break
        walker.step(action)
    return walker.scope()


def resolve_token(template: Template, token: Token, defines: dict[str, ValuePath] | None = None) -> ValuePath | None:
    """The value of an operand token of ``template`` in the scope where it stands."""
    for action in template.actions:
        if action.start <= token.start < action.end and not action.comment:
            index = next((i for i, t in enumerate(action.tokens) if t.start == token.start), None)
            if index is None:
                return None
            previous = action.tokens[index - 1] if index else None
            return scope_at(template, token.start, defines).resolve(token, previous)
    return None


def values_operand(
    template: Template, offset: int, defines: dict[str, ValuePath] | None = None
) -> tuple[ValuePath, Token] | None:
    """The operand under ``offset`` when its scope resolves it to a ``.Values`` path: that path
    (starting with ``"Values"``) and the operand's token; None when unknown or not a value."""
    hit = operand_at(template, offset)
    if hit is None:
        return None
    _, token, previous = hit
    path = scope_at(template, token.start, defines).resolve(token, previous)
    return (path, token) if path is not None and path[:1] == ("Values",) else None


def operand_at(template: Template, offset: int) -> tuple[Action, Token, Token | None] | None:
    """The ``.``/field/variable token under ``offset`` with its action and the token before it."""
    for action in template.actions:
        if action.comment or not action.start <= offset <= action.end:
            continue
        for i, token in enumerate(action.tokens):
            if token.kind in _OPERANDS and token.start <= offset <= token.end:
                return action, token, action.tokens[i - 1] if i else None
    return None


def call_arguments(template: Template, defines: dict[str, ValuePath] | None = None):
    """(define name, argument value) for every ``include``/``template`` call; the name is None for a
    computed one (``include (printf ...) .``), the value None when unknown."""
    walker = _Walker(template, defines)
    for action in template.actions:
        calls = [i for i, t in enumerate(action.tokens) if t.kind == "ident" and t.text in ("include", "template")]
        if calls and not action.comment:
            scope = walker.scope()
            for i in calls:
                yield _call(scope, action.tokens, i)
        walker.step(action)


def action_scopes(template: Template, defines: dict[str, ValuePath] | None = None):
    """(action, the scope its operands are evaluated in) for every action, in one pass: what
    ``scope_at`` gives at each action's start, without reading the template once per action."""
    walker = _Walker(template, defines)
    for action in template.actions:
        if action.is_else:
            walker.reset_branch()  # ``else with .x``: .x is evaluated with the outer dot
        yield action, walker.scope()
        walker.step(action)


def _call(scope: Scope, tokens: list[Token], i: int) -> tuple[str | None, ValuePath | None]:
    name_token = tokens[i + 1] if i + 1 < len(tokens) else None
    if name_token is not None and name_token.kind in ("string", "raw"):
        name, j = name_token.value, i + 2
    else:
        name, j = None, _after_parens(tokens, i + 1)
    if j >= len(tokens) or tokens[j].kind not in _OPERANDS:
        return name, None
    if j + 1 < len(tokens) and tokens[j + 1].kind not in ("pipe", "rparen"):
        return name, None  # ``include "x" .Values.a "b"`` or a chained field: not a bare argument
    return name, scope.resolve(tokens[j], tokens[j - 1])


def _after_parens(tokens: list[Token], j: int) -> int:
    depth = 0
    while j < len(tokens):
        depth += {"lparen": 1, "rparen": -1}.get(tokens[j].kind, 0)
        j += 1
        if depth <= 0:
            break
    return j


class _Walker:
    """The frames of open blocks while reading a template's actions in order."""

    def __init__(self, template: Template, defines: dict[str, ValuePath] | None) -> None:
        self.frames = [_Frame("", ROOT, ROOT, {"$": ROOT})]
        self.reassigned = _reassigned(template)
        self.defines = defines or {}

    def step(self, action: Action) -> None:
        keyword = action.keyword
        if action.comment:
            return
        if keyword in ("if", "with", "range"):
            self._open(keyword, action.tokens[1:])
        elif keyword in _SEPARATE:
            name = action.string_arg()
            context = self.defines.get(name.value) if keyword == "define" and name is not None else None
            self.frames.append(_Frame(keyword, context, context, {"$": context}))
        elif keyword == "end":
            if len(self.frames) > 1:
                self.frames.pop()
        elif keyword == "else":
            self._else(action.tokens[1:])
        elif keyword is None:
            names, declares, expr = _declaration(action.tokens)
            if names and declares:
                value = _value(self.scope(), expr)
                self.frames[-1].body_vars.update((name, value) for name in names)

    def _open(self, keyword: str, tokens: list[Token]) -> None:
        scope = self.scope()
        names, declares, expr = _declaration(tokens)
        value = _value(scope, expr)
        if keyword == "range" and value is not None:
            value = value + (ELEMENT,)
        dot = scope.dot if keyword == "if" else value
        variables: dict[str, ValuePath | None] = {}
        if declares and names:
            if keyword == "range" and len(names) == 2:
                variables = {names[0]: None, names[1]: value}  # the key/index is not a values path
            else:
                variables = {name: value for name in names}
        self.frames.append(_Frame(keyword, scope.dot, dot, variables))

    def _else(self, tokens: list[Token]) -> None:
        """``else``, ``else if ...`` and ``else with ...`` (one frame: they share the block's ``end``)."""
        if len(self.frames) < 2 or self.frames[-1].keyword in _SEPARATE:
            return  # a stray else: HM001 reports it
        self.reset_branch()
        frame = self.frames[-1]
        keyword = tokens[0].text if tokens and tokens[0].kind == "ident" else None
        if keyword not in ("if", "with"):
            return
        names, declares, expr = _declaration(tokens[1:])
        value = _value(self.scope(), expr)
        if keyword == "with":
            frame.dot = value
        if declares:
            frame.body_vars.update((name, value) for name in names)

    def reset_branch(self) -> None:
        frame = self.frames[-1]
        if len(self.frames) > 1 and frame.keyword not in _SEPARATE:
            frame.dot = frame.outer
            frame.body_vars = {}
            if frame.keyword == "range":  # the else of an empty range: its variables were never set
                frame.pipe_vars = dict.fromkeys(frame.pipe_vars)

    def scope(self) -> Scope:
        visible: dict[str, ValuePath | None] = {}
        for frame in self.frames:
            if frame.keyword in _SEPARATE:
                visible = {}  # a define's body sees none of the file's variables
            visible.update(frame.pipe_vars)
            visible.update(frame.body_vars)
        for name in self.reassigned & visible.keys():
            visible[name] = None
        return Scope(self.frames[-1].dot, visible)


def _declaration(tokens: list[Token]) -> tuple[list[str], bool, list[Token]]:
    """Split ``$a, $b := expr`` / ``$a = expr`` / ``expr`` into (names, declares, expr tokens)."""
    for i, token in enumerate(tokens[:4]):
        if token.kind in ("declare", "assign"):
            head = tokens[:i]
            names = [t.text for t in head if t.kind == "variable"]
            if names and all(t.kind in ("variable", "comma") for t in head):
                return names, token.kind == "declare", tokens[i + 1 :]
            break
    return [], False, tokens


def _value(scope: Scope, expr: list[Token]) -> ValuePath | None:
    """A bare operand (or one in parentheses) has a known value; anything else is unknown."""
    if len(expr) == 3 and expr[0].kind == "lparen" and expr[2].kind == "rparen":
        expr = expr[1:2]
    if len(expr) != 1 or expr[0].kind not in _OPERANDS:
        return None
    return scope.resolve(expr[0])


def _reassigned(template: Template) -> set[str]:
    names: set[str] = set()
    for action in template.actions:
        for i, token in enumerate(action.tokens):
            if token.kind == "assign":
                names.update(t.text for t in action.tokens[:i] if t.kind == "variable")
    return names
