"""Types of ``${{ }}`` expressions, inferred from the workflow itself.

A deliberately small lattice: ``any`` (unknown), ``null``, ``bool``, ``number``, ``string``,
objects (known properties, or any property of one type) and arrays. A type other than ``any`` is
only produced when it is certain (a literal, a typed input, a matrix built from literals, a context
property GitHub documents as a string), so every check built on it reports nothing for unknowns.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ..yaml import Mapping, Scalar, Sequence
from .expressions import (
    Binary,
    Call,
    Expr,
    ExprError,
    Index,
    Literal,
    Not,
    Property,
    Variable,
    find_expressions,
    parse_expression,
)
from .schema import GITHUB_STRING_PROPERTIES, RUNNER_PROPERTIES


@dataclass(frozen=True)
class T:
    kind: str  # any, null, bool, number, string, object, array
    props: tuple[tuple[str, T], ...] | None = None  # object: known properties (None: any property)
    elem: T | None = None  # array element, or the type of every property of an open object
    open: bool = False  # object: properties beyond ``props`` may exist (typed ``elem`` or any)

    def __str__(self) -> str:
        if self.kind == "array":
            return f"array<{self.elem or ANY}>"
        if self.kind == "object":
            if self.props is None:
                return "object" if self.elem is None or self.elem.kind == "any" else f"{{string => {self.elem}}}"
            return "{" + "; ".join(f"{k}: {v}" for k, v in sorted(self.props)) + "}"
        return self.kind

    @property
    def primitive(self) -> bool:
        return self.kind in ("null", "bool", "number", "string")

    def prop(self, name: str) -> T:
        if self.kind != "object":
            return ANY
        if self.props is not None:
            for key, value in self.props:
                if key == name.lower():
                    return value
            return (self.elem or ANY) if self.open else ANY
        return self.elem or ANY


ANY, NULL, BOOL, NUMBER, STRING = T("any"), T("null"), T("bool"), T("number"), T("string")


def obj(props: dict[str, T] | None = None, elem: T | None = None, open: bool = False) -> T:
    items = tuple(sorted((k.lower(), v) for k, v in props.items())) if props is not None else None
    return T("object", items, elem, open)


def arr(elem: T) -> T:
    return T("array", None, elem)


def merge(a: T, b: T) -> T:
    """The type of a value that is either ``a`` or ``b`` (``any`` where they differ in kind)."""
    if a == b:
        return a
    if a.kind != b.kind or a.kind in ("any",):
        return ANY
    if a.kind == "array":
        return arr(merge(a.elem or ANY, b.elem or ANY))
    if a.props is not None and b.props is not None:
        pa, pb = dict(a.props), dict(b.props)
        return obj({k: merge(pa[k], pb[k]) if k in pa and k in pb else (pa.get(k) or pb[k]) for k in {*pa, *pb}})
    return obj(None, ANY)


def of_json(value: object) -> T:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, str):
        return STRING
    if isinstance(value, list):
        elem: T | None = None
        for item in value:
            elem = of_json(item) if elem is None else merge(elem, of_json(item))
        return arr(elem or ANY)
    if isinstance(value, dict):
        return obj({k: of_json(v) for k, v in value.items()})
    return ANY


def of_yaml(node) -> T:
    """Type of a YAML value used as matrix data (``${{ fromJSON('literal') }}`` included)."""
    if isinstance(node, Scalar):
        if node.is_null:
            return NULL
        if "${{" in node.value:
            found = find_expressions(node.value)
            if len(found) == 1 and node.value.strip() == node.value[found[0].start : found[0].end].strip():
                try:
                    return infer(parse_expression(found[0].inner), Env({"github": _GITHUB}))
                except ExprError:  # a broken expression is reported elsewhere (GA020)
                    return ANY
            return STRING
        return {"int": NUMBER, "float": NUMBER, "bool": BOOL}.get(node.type, STRING)
    if isinstance(node, Sequence):
        elem: T | None = None
        for item in node.items:
            elem = of_yaml(item) if elem is None else merge(elem, of_yaml(item))
        return arr(elem or ANY)
    if isinstance(node, Mapping):
        props = {}
        for key, value in node.items():
            if not isinstance(key, Scalar):
                return obj(None, ANY)
            props[key.value] = of_yaml(value)
        return obj(props)
    return ANY


@dataclass
class Env:
    """Types of the contexts at one place; a missing context is ``any``."""

    contexts: dict[str, T] = field(default_factory=dict)

    def context(self, name: str) -> T:
        return self.contexts.get(name.lower(), ANY)


_RETURNS = {
    "contains": BOOL,
    "startswith": BOOL,
    "endswith": BOOL,
    "success": BOOL,
    "always": BOOL,
    "cancelled": BOOL,
    "failure": BOOL,
    "format": STRING,
    "join": STRING,
    "tojson": STRING,
    "hashfiles": STRING,
}


def infer(node: Expr, env: Env, problems: list | None = None) -> T:
    """The type of ``node``; type errors found on the way are appended to ``problems`` as
    ``(node, message)``, or ``(node, message, "member")`` for a property of a primitive value."""
    if isinstance(node, Literal):
        return {"null": NULL, "bool": BOOL, "number": NUMBER, "string": STRING}.get(node.kind, ANY)
    if isinstance(node, Variable):
        return env.context(node.name)
    if isinstance(node, Not):
        infer(node.operand, env, problems)
        return BOOL
    if isinstance(node, Binary):
        left, right = infer(node.left, env, problems), infer(node.right, env, problems)
        if node.op in ("&&", "||"):
            return left if left == right else ANY
        if problems is not None and not comparable(node.op, left, right):
            problems.append((node, f'"{left}" value cannot be compared to "{right}" value with "{node.op}" operator'))
        return BOOL
    if isinstance(node, Property):
        receiver = infer(node.obj, env, problems)
        if node.name == "*":
            return _filter(receiver)
        if receiver.kind in ("bool", "number", "string") and problems is not None:
            problems.append((node, f'"{receiver}" value has no property "{node.name}"', "member"))
        elif _lacks(receiver, node.name) and problems is not None:
            problems.append((node, f'object of type "{receiver}" has no property "{node.name}"', "member"))
        if receiver.kind == "array" and isinstance(node.obj, Property) and node.obj.name == "*":
            inner = receiver.elem or ANY  # ``a.*.b``: the property of every element
            return arr(inner.prop(node.name)) if inner.kind == "object" else arr(ANY)
        return receiver.prop(node.name)
    if isinstance(node, Index):
        receiver = infer(node.obj, env, problems)
        if isinstance(node.index, Literal) and node.index.kind == "star":
            return _filter(receiver)
        key = infer(node.index, env, problems)
        if receiver.kind == "object":
            if key.kind in ("bool", "number", "null", "object", "array") and problems is not None:
                problems.append((node.index, f'property access of object must be type of string but got "{key}"'))
            if isinstance(node.index, Literal) and node.index.kind == "string":
                if _lacks(receiver, str(node.index.value)) and problems is not None:
                    problems.append((node.index, f'object of type "{receiver}" has no property "{node.index.value}"'))
                return receiver.prop(str(node.index.value))
            return receiver.elem if (receiver.props is None or receiver.open) and receiver.elem else ANY
        if receiver.kind == "array":
            if key.kind in ("string", "bool", "null", "object", "array") and problems is not None:
                problems.append((node.index, f'index access of array must be type of number but got "{key}"'))
            return receiver.elem or ANY
        return ANY
    if isinstance(node, Call):
        args = [infer(a, env, problems) for a in node.args]
        name = node.name.lower()
        if problems is not None:
            _check_args(node, name, args, problems)
        if name == "fromjson" and node.args and isinstance(node.args[0], Literal) and node.args[0].kind == "string":
            try:
                return of_json(json.loads(node.args[0].value))
            except ValueError:
                return ANY
        return _RETURNS.get(name, ANY)
    return ANY


def _lacks(receiver: T, name: str) -> bool:
    """A closed object (built from literal data) without this property: reading it gives null."""
    if receiver.kind != "object" or receiver.props is None or receiver.open:
        return False
    return all(key != name.lower() for key, _ in receiver.props)


def _filter(receiver: T) -> T:
    if receiver.kind == "array":
        return receiver
    if receiver.kind == "object":
        if receiver.props is None or receiver.open:
            return arr(receiver.elem or ANY) if receiver.props is None else arr(ANY)
        elem: T | None = None
        for _, value in receiver.props:
            elem = value if elem is None else merge(elem, value)
        return arr(elem or ANY)
    return arr(ANY)


def comparable(op: str, left: T, right: T) -> bool:
    """Whether GitHub can compare these values without a meaningless coercion."""
    if left.kind == "any" or right.kind == "any":
        return True
    if op in ("==", "!="):
        if left.primitive and right.primitive:
            return True
        if left.kind == "null" or right.kind == "null":
            return True
        if left.kind == "array" and right.kind == "array":
            return comparable(op, left.elem or ANY, right.elem or ANY)
        return left.kind == right.kind == "object"
    # ordering: numbers and strings only (strings coerce to numbers)
    return left.kind in ("number", "string") and right.kind in ("number", "string")


def _check_args(node: Call, name: str, args: list[T], problems: list) -> None:
    if name == "contains" and len(args) == 2 and args[0].kind == "object":
        problems.append(
            (node.args[0], f'the 1st argument of contains() must be a string or an array but it is "{args[0]}"')
        )
    elif name in ("startswith", "endswith") and len(args) == 2:
        for i, arg in enumerate(args):
            if arg.kind in ("object", "array"):
                problems.append((node.args[i], f'argument {i + 1} of {node.name}() must be a string but it is "{arg}"'))
    elif name == "format" and args and args[0].kind in ("object", "array"):
        problems.append((node.args[0], f'the format string of format() must be a string but it is "{args[0]}"'))
    elif name == "format" and isinstance(node.args[0], Literal) and node.args[0].kind == "string":
        highest = _highest_placeholder(str(node.args[0].value))
        if highest is not None and highest >= len(args) - 1:
            given = len(args) - 1
            problems.append(
                (
                    node.args[0],
                    f"the format string uses {{{highest}}} but only {given} value{'s' if given != 1 else ''} follow{'s' if given == 1 else ''} it (placeholders count from {{0}})",
                )
            )
    elif name == "join" and len(args) == 2 and args[1].kind in ("object", "array"):
        problems.append((node.args[1], f'the separator of join() must be a string but it is "{args[1]}"'))
    elif name == "join" and args and args[0].kind == "object":
        problems.append(
            (node.args[0], f'the 1st argument of join() must be an array or a string but it is "{args[0]}"')
        )
    elif name == "fromjson" and args and args[0].kind in ("object", "array"):
        problems.append((node.args[0], f'fromJSON() takes a JSON string but it is "{args[0]}"'))


# -- the contexts of a workflow --------------------------------------------------------------------
_OUTPUTS = obj(None, STRING)
_GITHUB = obj(
    {
        **{k: STRING for k in GITHUB_STRING_PROPERTIES},
        "ref_protected": BOOL,
        "retention_days": NUMBER,
        "event": obj({"inputs": obj(None, STRING)}, open=True),
    },
    open=True,
)
_RUNNER = obj({k: STRING for k in RUNNER_PROPERTIES}, open=True)
# Contexts whose unknown properties GA029 reports are kept open here, so that only objects built
# from literal data (fromJSON('{...}'), matrix rows) are closed and checked by this module.
_STRATEGY = obj({"fail-fast": BOOL, "job-index": NUMBER, "job-total": NUMBER, "max-parallel": NUMBER}, open=True)
_STEPS = obj(None, obj({"outputs": _OUTPUTS, "outcome": STRING, "conclusion": STRING}, open=True))
_NEEDS = obj(None, obj({"outputs": _OUTPUTS, "result": STRING}, open=True))
_CONTAINER = obj({"id": STRING, "network": STRING})
_JOB = obj(
    {
        "container": _CONTAINER,
        "services": obj(None, obj({"id": STRING, "network": STRING, "ports": obj(None, STRING)})),
        "status": STRING,
    },
    open=True,
)
_INPUT_TYPES = {"boolean": BOOL, "number": NUMBER, "string": STRING, "choice": STRING, "environment": STRING}


def env_for(wf, job) -> Env:
    """Context types inside ``job`` (None: outside any job), computed once per analysis."""
    return wf.once(("typecheck-env", job.id if job is not None else None), lambda: _build_env(wf, job))


def _build_env(wf, job) -> Env:
    contexts = {
        "github": _GITHUB,
        "runner": _RUNNER,
        "strategy": _STRATEGY,
        "steps": _STEPS,
        "needs": _NEEDS,
        "jobs": _NEEDS,
        "job": _JOB,
        "env": obj(None, STRING),
        "vars": obj(None, STRING),
        "secrets": obj(None, STRING),
    }
    inputs = _inputs(wf)
    if inputs is not None:
        contexts["inputs"] = inputs
    if job is not None:
        matrix = _matrix(job)
        if matrix is not None:
            contexts["matrix"] = matrix
    return Env(contexts)


def _inputs(wf) -> T | None:
    """``inputs`` of workflow_call/workflow_dispatch; None (any) when nothing is declared."""
    types: dict[str, T] = {}
    declared = False
    for name, (_, config) in wf.events().items():
        if name not in ("workflow_call", "workflow_dispatch"):
            continue
        decl = config.get("inputs") if isinstance(config, Mapping) else None
        if decl is None:
            continue
        if not isinstance(decl, Mapping):
            return None
        declared = True
        for key, spec in decl.items():
            if not isinstance(key, Scalar):
                return None
            typ = spec.get("type") if isinstance(spec, Mapping) else None
            kind = _INPUT_TYPES.get(typ.value, ANY) if isinstance(typ, Scalar) else ANY
            previous = types.get(key.value.lower())
            types[key.value.lower()] = kind if previous is None else merge(previous, kind)
    return obj(types, open=True) if declared else None


def _matrix(job) -> T | None:
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    if not isinstance(matrix, Mapping):
        return None
    props: dict[str, T] = {}
    for key, value in matrix.items():
        if not isinstance(key, Scalar):
            return None
        if key.value == "exclude":
            continue
        if key.value == "include":
            if not isinstance(value, Sequence):
                return None
            for row in value.items:
                if not isinstance(row, Mapping):
                    return None
                for k, v in row.items():
                    if not isinstance(k, Scalar):
                        return None
                    t = of_yaml(v)
                    props[k.value] = merge(props[k.value], t) if k.value in props else t
            continue
        if not isinstance(value, Sequence):
            props[key.value] = ANY  # ``${{ fromJSON(...) }}`` rows
            continue
        t = of_yaml(value).elem or ANY
        props[key.value] = merge(props[key.value], t) if key.value in props else t
    return obj(props, open=True)


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\d+)\}")


def _highest_placeholder(text: str) -> int | None:
    """The largest N of the ``{N}`` placeholders (``{{``/``}}`` are escaped braces)."""
    found = [int(m.group(1)) for m in _PLACEHOLDER.finditer(text) if m.group(1) is not None]
    return max(found) if found else None
