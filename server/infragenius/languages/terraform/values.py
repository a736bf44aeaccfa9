"""Static values of HCL expressions, as far as they are known without running Terraform.

Literals, templates of known parts, collections, ``var.x`` (its default), ``local.y``, a few pure
functions (``jsonencode``, ``lower``, ``concat``...), conditionals with a known condition. Anything
else is ``UNKNOWN``, and rules say nothing about unknown values. ``jsonencode(...)`` keeps its
structure (``Json``) so that policy checks can look inside even when some leaves are unknown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .hcl import Attribute, Block, Node, node_text, split_binary

if TYPE_CHECKING:
    from .model import Module


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Sentinel("UNKNOWN")
MISSING: Any = _Sentinel("MISSING")
# The text an unknown interpolation becomes in a lenient evaluation (``Evaluator(placeholder=...)``).
# Private-use characters: legal inside a JSON string, never equal to a value a rule looks for.
UNKNOWN_TEXT = "\ue000unknown\ue000"


@dataclass
class Json:
    """The argument of ``jsonencode``: a JSON document whose leaves may be UNKNOWN."""

    value: Any


def known(value: Any) -> bool:
    return value is not UNKNOWN and value is not MISSING


# Hooks for data sources whose result we can compute (aws_iam_policy_document -> its JSON).
DATA_EVALUATORS: dict[str, Callable[[Block, Evaluator], Any]] = {}

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def _unescape(raw: str) -> str:
    def sub(m: re.Match) -> str:
        esc = m.group(1)
        if esc[0] in "uU":
            return chr(int(esc[1:], 16))
        return _ESCAPES.get(esc, "\\" + esc)

    return _ESCAPE_RE.sub(sub, raw).replace("$${", "${").replace("%%{", "%{")


class Evaluator:
    def __init__(
        self, module: Module | None, placeholder: str | None = None, scope: dict[str, Any] | None = None
    ) -> None:
        self.module = module
        self._active: set[str] = set()
        # With a placeholder, unknown interpolations in templates become that text (policy JSON in
        # heredocs stays parseable; rules treat the placeholder as unknown).
        self.placeholder = placeholder
        # Names known beside var./local.: a template's variables, ``path.module``.
        self.scope = scope or {}

    # -- entry points --------------------------------------------------------------------------
    def attr(self, block: Block, path: str) -> tuple[Any, Attribute | None]:
        """Value of ``path`` (``a.b.c``: nested blocks then an attribute) in ``block``.

        MISSING when not written, UNKNOWN when written but not computable (or built by ``dynamic``).
        """
        *inner, name = path.split(".")
        current = block
        for part in inner:
            child = current.child(part)
            if child is None:
                if _has_dynamic(current, part):
                    return UNKNOWN, None
                attr = current.attr(part)
                if attr is not None:  # ``part = { name = ... }`` written as an object
                    value = self.value(attr.expr)
                    if isinstance(value, dict):
                        return value.get(name, MISSING), attr
                    return UNKNOWN, attr
                return MISSING, None
            current = child
        attr = current.attr(name)
        if attr is None:
            return (UNKNOWN if _has_dynamic(current, name) else MISSING), None
        return self.value(attr.expr), attr

    def value(self, node: Node | None) -> Any:
        if node is None:
            return UNKNOWN
        try:
            return self._eval(node)
        except RecursionError:
            return UNKNOWN

    # -- evaluation ----------------------------------------------------------------------------
    def _eval(self, n: Node) -> Any:
        t = n.type
        if t == "expression":
            children = n.children
            if not children:
                return UNKNOWN
            first = children[0]
            if first.type == "variable_expr":
                return self._traversal(children)
            if first.type == "(":
                return self._eval(children[1]) if len(children) > 1 else UNKNOWN
            value = self._eval(first)
            return self._apply(value, children[1:])
        if t == "literal_value":
            return self._literal(n.children[0])
        if t in ("template_expr", "collection_value", "operation"):
            return self._eval(n.children[0])
        if t in ("quoted_template", "heredoc_template"):
            return self._template(n)
        if t == "tuple":
            return [self._eval(c) for c in n.children if c.type == "expression"]
        if t == "object":
            return self._object(n)
        if t == "function_call":
            return self._call(n)
        if t == "conditional":
            parts = [c for c in n.children if c.type == "expression"]
            if len(parts) != 3:
                return UNKNOWN
            cond = self._eval(parts[0])
            if isinstance(cond, bool):
                return self._eval(parts[1] if cond else parts[2])
            a, b = self._eval(parts[1]), self._eval(parts[2])
            return a if known(a) and a == b else UNKNOWN
        if t == "unary_operation":
            op, arg = node_text(n.children[0]), self._operand(n.children[1:])
            if op == "!" and isinstance(arg, bool):
                return not arg
            if op == "-" and isinstance(arg, (int, float)) and not isinstance(arg, bool):
                return -arg
            return UNKNOWN
        if t == "binary_operation":
            return self._binary(n)
        return UNKNOWN

    def _literal(self, n: Node) -> Any:
        t = n.type
        if t == "numeric_lit":
            text = node_text(n)
            try:
                return int(text)
            except ValueError:
                try:
                    return float(text)
                except ValueError:
                    return UNKNOWN
        if t == "bool_lit":
            return node_text(n) == "true"
        if t == "null_lit":
            return None
        if t == "string_lit":
            return self._template(n)
        return UNKNOWN

    def _template(self, n: Node) -> Any:
        out: list[str] = []
        heredoc = n.type == "heredoc_template"
        for c in n.children:
            if c.type == "template_literal":
                text = node_text(c)
                out.append(text.replace("$${", "${").replace("%%{", "%{") if heredoc else _unescape(text))
            elif c.type == "template_interpolation":
                inner = next((x for x in c.children if x.type == "expression"), None)
                value = self._eval(inner) if inner is not None else UNKNOWN
                if isinstance(value, bool):
                    value = "true" if value else "false"
                if isinstance(value, (int, float)):
                    value = str(value)
                if isinstance(value, Json) and _deep_known(value.value):
                    value = json.dumps(value.value)
                if not isinstance(value, str):
                    if self.placeholder is None:
                        return UNKNOWN
                    value = self.placeholder
                out.append(value)
            elif c.type == "template_directive":
                return UNKNOWN
        text = "".join(out)
        if heredoc and n.child_count and node_text(n.children[0]).startswith("<<-"):
            text = _dedent(text)
        return text

    def _object(self, n: Node) -> Any:
        out: dict[str, Any] = {}
        for elem in n.children:
            if elem.type != "object_elem" or elem.child_count < 3:
                continue
            key_node, value_node = elem.children[0], elem.children[-1]
            if key_node.child_count == 1 and key_node.children[0].type == "variable_expr":
                key: Any = node_text(key_node)
            else:
                key = self._eval(key_node)
            if not isinstance(key, str):
                return UNKNOWN
            out[key] = self._eval(value_node)
        return out

    def _traversal(self, children: list[Node]) -> Any:
        root = node_text(children[0])
        rest = children[1:]
        if root in self.scope:
            return self._apply(self.scope[root], rest)
        if root == "var" and rest and rest[0].type == "get_attr":
            value = self._variable(_attr_name(rest[0]))
            return self._apply(value, rest[1:])
        if root == "local" and rest and rest[0].type == "get_attr":
            value = self._local(_attr_name(rest[0]))
            return self._apply(value, rest[1:])
        return UNKNOWN

    def _variable(self, name: str) -> Any:
        if self.module is None or name not in self.module.variables:
            return UNKNOWN
        default = self.module.variables[name].attr("default")
        if default is None:
            return UNKNOWN
        value = self._eval(default.expr)
        return UNKNOWN if value is None else value  # null default: the caller decides

    def _local(self, name: str) -> Any:
        if self.module is None or name not in self.module.locals:
            return UNKNOWN
        key = "local." + name
        if key in self._active:
            return UNKNOWN
        self._active.add(key)
        try:
            return self._eval(self.module.locals[name].expr)
        finally:
            self._active.discard(key)

    def _apply(self, value: Any, ops: list[Node]) -> Any:
        for op in ops:
            if not known(value):
                return UNKNOWN
            if op.type == "get_attr":
                value = value.get(_attr_name(op), UNKNOWN) if isinstance(value, dict) else UNKNOWN
            elif op.type == "index":
                inner = op.children[0]
                if inner.type == "new_index":
                    key = self._eval(inner.children[1]) if inner.child_count > 1 else UNKNOWN
                else:
                    key = _legacy_index(inner)
                value = _index(value, key)
            else:
                return UNKNOWN
        return value

    def _call(self, n: Node) -> Any:
        name = node_text(n.children[0])
        args_node = next((c for c in n.children if c.type == "function_arguments"), None)
        if args_node is not None and any(c.type == "ellipsis" for c in args_node.children):
            return UNKNOWN
        args = [self._eval(c) for c in args_node.children if c.type == "expression"] if args_node else []
        fn = _FUNCTIONS.get(name)
        if fn is None:
            return UNKNOWN
        if name != "jsonencode" and not all(_deep_known(a) for a in args):
            return UNKNOWN
        try:
            return fn(*args)
        except Exception:  # noqa: BLE001 - a function on unexpected arguments: the value is just unknown
            return UNKNOWN

    def _operand(self, nodes: list[Node]) -> Any:
        if not nodes:
            return UNKNOWN
        if nodes[0].type == "variable_expr":
            return self._traversal(nodes)
        return self._apply(self._eval(nodes[0]), nodes[1:])

    def _binary(self, n: Node) -> Any:
        parts = split_binary(n)
        if parts is None:
            return UNKNOWN
        left, op, right = self._operand(parts[0]), node_text(parts[1]), self._operand(parts[2])
        if op == "&&" and (left is False or right is False):
            return False
        if op == "||" and (left is True or right is True):
            return True
        if not (_deep_known(left) and _deep_known(right)):
            return UNKNOWN
        try:
            return _BINARY[op](left, right)
        except Exception:  # noqa: BLE001 - unsupported operator or operand types: unknown
            return UNKNOWN


def _attr_name(node: Node) -> str:
    ident = node.child(1)
    return node_text(ident) if ident is not None else ""


def _legacy_index(node: Node) -> Any:
    text = node_text(node).lstrip(".")
    return int(text) if text.isdigit() else UNKNOWN


def _index(value: Any, key: Any) -> Any:
    if isinstance(value, list) and isinstance(key, int) and not isinstance(key, bool):
        return value[key] if 0 <= key < len(value) else UNKNOWN
    if isinstance(value, dict) and isinstance(key, str):
        return value.get(key, UNKNOWN)
    return UNKNOWN


def _has_dynamic(block: Block, name: str) -> bool:
    return any(b.type == "dynamic" and b.labels[:1] == [name] for b in block.blocks)


def _deep_known(value: Any) -> bool:
    if not known(value):
        return False
    if isinstance(value, list):
        return all(_deep_known(v) for v in value)
    if isinstance(value, dict):
        return all(_deep_known(v) for v in value.values())
    return not isinstance(value, Json)


def _dedent(text: str) -> str:
    lines = text.split("\n")
    widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(widths) if widths else 0
    return "\n".join(line[cut:] for line in lines)


def _tostring(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (str, int, float)):
        return str(v)
    raise TypeError(v)


def _merge(*maps: Any) -> dict:
    out: dict = {}
    for m in maps:
        if not isinstance(m, dict):
            raise TypeError(m)
        out.update(m)
    return out


def _concat(*lists: Any) -> list:
    out: list = []
    for item in lists:
        if not isinstance(item, list):
            raise TypeError(item)
        out.extend(item)
    return out


def _coalesce(*values: Any) -> Any:
    for v in values:
        if v is not None and v != "":
            return v
    raise ValueError("no value")


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": lambda v: Json(v),
    "jsondecode": lambda s: json.loads(s),
    "lower": lambda s: s.lower(),
    "upper": lambda s: s.upper(),
    "tostring": _tostring,
    "tonumber": lambda v: float(v) if "." in str(v) else int(v),
    "tobool": lambda v: v if isinstance(v, bool) else {"true": True, "false": False}[v],
    "tolist": list,
    "toset": lambda v: list(dict.fromkeys(v)),
    "concat": _concat,
    "merge": _merge,
    "coalesce": _coalesce,
    "format": lambda f, *a: re.sub(r"%[sdv]", "{}", f).format(*a),
    "join": lambda sep, items: sep.join(_tostring(i) for i in items),
    "length": len,
}

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "&&": lambda a, b: bool(a and b) if isinstance(a, bool) and isinstance(b, bool) else UNKNOWN,
    "||": lambda a, b: bool(a or b) if isinstance(a, bool) and isinstance(b, bool) else UNKNOWN,
    "+": lambda a, b: a + b if _numbers(a, b) else UNKNOWN,
    "-": lambda a, b: a - b if _numbers(a, b) else UNKNOWN,
    "*": lambda a, b: a * b if _numbers(a, b) else UNKNOWN,
    "<": lambda a, b: a < b if _numbers(a, b) else UNKNOWN,
    ">": lambda a, b: a > b if _numbers(a, b) else UNKNOWN,
    "<=": lambda a, b: a <= b if _numbers(a, b) else UNKNOWN,
    ">=": lambda a, b: a >= b if _numbers(a, b) else UNKNOWN,
}


def _numbers(a: Any, b: Any) -> bool:
    return all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))


def parse_json_text(value: Any) -> Any:
    """A policy given as a JSON string (heredoc or literal) or as ``jsonencode``: the structure.

    Interpolations evaluated to ``UNKNOWN_TEXT`` stay unknown strings: inside a JSON string they
    are part of it, in place of a whole value (``${jsonencode(var.x)}``) they become one.
    """
    if isinstance(value, Json):
        return value.value
    if isinstance(value, str):
        try:
            return json.loads(_quote_bare_unknowns(value))
        except ValueError:
            return UNKNOWN
    return UNKNOWN


def _quote_bare_unknowns(text: str) -> str:
    """``UNKNOWN_TEXT`` written where a JSON value goes, quoted so that the document parses."""
    if UNKNOWN_TEXT not in text:
        return text
    out: list[str] = []
    in_string = False
    i = 0
    while i < len(text):
        if text.startswith(UNKNOWN_TEXT, i):
            out.append(UNKNOWN_TEXT if in_string else json.dumps(UNKNOWN_TEXT))
            i += len(UNKNOWN_TEXT)
            continue
        char = text[i]
        step = 2 if in_string and char == "\\" else 1  # an escaped quote does not end the string
        if char == '"':
            in_string = not in_string
        out.append(text[i : i + step])
        i += step
    return "".join(out)
