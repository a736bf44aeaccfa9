"""Expression values of the wrong kind: objects printed into strings, properties of strings."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Mapping, Scalar, Sequence
from .. import typecheck
from ..expressions import Call, Literal, Property, Variable, property_path, walk_expr
from ..schema import GITHUB_STRING_PROPERTIES, RUNNER_PROPERTIES
from ._base import ActionsRule

_OBJECT_PREFIXES = {
    1: {"github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs", "inputs"}
}
_STRING_PLACES = (
    "run-name",
    "env",
    "jobs.name",
    "jobs.env",
    "jobs.steps.run",
    "jobs.steps.name",
    "jobs.steps.with",
    "jobs.steps.env",
    "jobs.with",
    "jobs.outputs",
)

# Places where a typed value is certainly printed as text (``with:`` inputs are left alone: an
# action may document that it takes the printed form).
_TYPED_PLACES = ("run-name", "jobs.name", "jobs.steps.run", "jobs.steps.name", "jobs.outputs")


def _object_path(path: list[str]) -> bool:
    if len(path) == 1:
        return path[0] in _OBJECT_PREFIXES[1]
    if path[0] in ("steps", "needs", "jobs") and (len(path) == 2 or len(path) == 3 and path[2] == "outputs"):
        return "*" not in path
    return False


class ObjectInTemplate(ActionsRule):
    """An object, array or null printed into a string: ``${{ github }}`` becomes ``Object``,
    ``${{ steps.build }}`` the same, ``${{ fromJSON('[1]') }}`` ``Array``, and so does a matrix
    value that is a mapping or a list. Use a property, or ``toJSON(...)`` to print the whole value.

    Bad:

        - run: echo "${{ steps.build.outputs }}"

    Good:

        - run: echo "${{ toJSON(steps.build.outputs) }}"
    """

    code = "GA028"
    name = "object-in-template"
    message = "Object printed into a string"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("actionlint:expression",)

    def check_workflow(self, wf, ctx):
        jobs = {job.id: job for job in wf.jobs}
        for site in wf.expressions:
            if site.ast is None or site.place not in _STRING_PLACES or site.path[-1:] in (("env",), ("with",)):
                continue
            node = site.ast
            what = None
            if isinstance(node, Literal) and node.kind == "null":
                what = "null"
            elif isinstance(node, Call) and node.name.lower() == "fromjson" and len(node.args) == 1:
                arg = node.args[0]
                if isinstance(arg, Literal) and arg.kind == "string" and arg.value.strip()[:1] in ("{", "["):
                    what = "an object" if arg.value.strip().startswith("{") else "an array"
            else:
                path = property_path(node)
                if path and _object_path(path):
                    what = "an object"
            if what is None and site.place in _TYPED_PLACES:
                job = jobs.get(site.job_id) if site.job_id is not None else None
                typ = typecheck.infer(node, typecheck.env_for(wf, job))
                if typ.kind in ("null", "object", "array"):
                    what = "null" if typ.kind == "null" else f'of type "{typ}"'
            if what:
                text = site.embedded.inner.strip()
                yield self.finding(
                    site.range(node.start, node.end),
                    f'"{text}" is {what}; it prints as text you do not want; use a property or toJSON()',
                )


_STRING_PROPS = {"github": frozenset(GITHUB_STRING_PROPERTIES), "runner": frozenset(RUNNER_PROPERTIES)}
_STRING_FUNCTIONS = {"format": "string", "join": "string", "tojson": "string", "hashfiles": "string"}
_BOOL_FUNCTIONS = {"contains", "startswith", "endswith", "success", "always", "cancelled", "failure"}


class PropertyOfPrimitive(ActionsRule):
    """A property read from a value that is a string, number or boolean: ``vars.FOO.bar``,
    ``inputs.debug.value`` for a boolean input, ``format(...).x``. The result is always null.

    Bad:

        - run: echo "${{ steps.meta.outputs.tags.latest }}"

    Good:

        - run: echo "${{ fromJSON(steps.meta.outputs.tags).latest }}"
    """

    code = "GA027"
    name = "property-of-primitive"
    message = "Property of a string, number or boolean"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:expression",)

    def check_workflow(self, wf, ctx):
        input_types = _input_types(wf)
        jobs = {job.id: job for job in wf.jobs}
        for site in wf.expressions:
            if site.ast is None:
                continue
            job = jobs.get(site.job_id) if site.job_id is not None else None
            for node in walk_expr(site.ast):
                if not isinstance(node, Property) or node.name == "*":
                    continue
                kind = _primitive(node.obj, input_types, job)
                if kind is not None:
                    receiver = site.embedded.inner[node.obj.start : node.obj.end].strip()
                    yield self.finding(
                        site.range(node.end - len(node.name), node.end),
                        f'"{receiver}" is a {kind}; it has no property "{node.name}"'
                        + (" (use fromJSON() to read JSON)" if kind == "string" else ""),
                    )


def _primitive(node, input_types, job) -> str | None:
    """ "string", "number" or "boolean" when ``node`` certainly evaluates to one, else None."""
    if isinstance(node, Literal):
        return {"string": "string", "number": "number", "bool": "boolean"}.get(node.kind)
    if isinstance(node, Call):
        name = node.name.lower()
        return _STRING_FUNCTIONS.get(name) or ("boolean" if name in _BOOL_FUNCTIONS else None)
    if not isinstance(node, Property) or node.name == "*":
        return None
    obj, name = node.obj, node.name.lower()
    if isinstance(obj, Variable):
        context = obj.name.lower()
        if context in ("vars", "secrets", "env"):
            return "string"
        if name in _STRING_PROPS.get(context, ()):
            return "string"
        if context == "inputs" and input_types is not None:
            return input_types.get(name)
        if context == "matrix" and job is not None:
            return _matrix_scalar(job, name)
        return None
    if isinstance(obj, Property) and isinstance(obj.obj, Variable) and obj.name != "*":
        context = obj.obj.name.lower()
        if context == "steps" and name in ("outcome", "conclusion") or context == "needs" and name == "result":
            return "string"
    if isinstance(obj, Property) and obj.name.lower() == "outputs" and isinstance(obj.obj, Property):
        inner = obj.obj
        if isinstance(inner.obj, Variable) and inner.obj.name.lower() in ("steps", "needs") and inner.name != "*":
            return "string"
    return None


def _input_types(wf) -> dict[str, str] | None:
    events = wf.events()
    types: dict[str, str] = {}
    for event in ("workflow_call", "workflow_dispatch"):
        config = events.get(event, (None, None))[1]
        decl = config.get("inputs") if isinstance(config, Mapping) else None
        if not isinstance(decl, Mapping):
            continue
        for key, spec in decl.items():
            typ = spec.get("type") if isinstance(spec, Mapping) else None
            if not isinstance(key, Scalar) or not isinstance(typ, Scalar):
                continue
            kind = {
                "boolean": "boolean",
                "number": "number",
                "string": "string",
                "choice": "string",
                "environment": "string",
            }.get(typ.value)
            name = key.value.lower()
            if kind is None or types.get(name, kind) != kind:
                types[name] = "?"
            else:
                types[name] = kind
    return {k: v for k, v in types.items() if v != "?"}


def _matrix_scalar(job, name: str) -> str | None:
    """The kind of matrix.<name> when every value it can take is a plain scalar of one kind."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    if not isinstance(matrix, Mapping):
        return None
    values = []
    for key, value in matrix.items():
        if not isinstance(key, Scalar):
            return None
        if key.value.lower() == name:
            if not isinstance(value, Sequence):
                return None
            values += value.items
        elif key.value == "include":
            if not isinstance(value, Sequence):
                return None
            for row in value.items:
                if not isinstance(row, Mapping):
                    return None
                values += [v for k, v in row.items() if isinstance(k, Scalar) and k.value.lower() == name]
    kinds = set()
    for v in values:
        if not isinstance(v, Scalar) or v.is_null or "${{" in v.value:
            return None
        kinds.add({"int": "number", "float": "number", "bool": "boolean"}.get(v.type, "string"))
    return kinds.pop() if len(kinds) == 1 else None


class ExpressionTypeMismatch(ActionsRule):
    """Values of types that do not fit the operator, function or key: comparing a string with an
    object or an array, ordering booleans or null (``false < true``), indexing an array with a
    string or an object with a boolean, ``contains()`` on an object, ``format()`` placeholders
    without a value, a property that an object built from literal data (``fromJSON('{...}')``,
    matrix rows) does not have, a string where ``runs-on``/``env``/``services``/``credentials``
    need an object, a default of the wrong type for a ``workflow_call`` input. Types come from the
    workflow itself: literals, typed ``workflow_call``/``workflow_dispatch`` inputs, matrix values,
    documented contexts; an unknown type is never reported.

    Bad:

        strategy:
          matrix:
            node: [[18, 20]]
        steps:
          - if: ${{ matrix.node == 18 }}
            run: npm test

    Good:

        strategy:
          matrix:
            node: [18, 20]
        steps:
          - if: ${{ matrix.node == 18 }}
            run: npm test
    """

    code = "GA044"
    name = "expression-type-mismatch"
    message = "Value of the wrong type in an expression"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:expression",)

    def check_workflow(self, wf, ctx):
        jobs = {job.id: job for job in wf.jobs}
        input_types = _input_types(wf)
        defaults = _input_defaults(wf)
        for site in wf.expressions:
            if site.ast is None:
                continue
            job = jobs.get(site.job_id) if site.job_id is not None else None
            problems: list = []
            env = typecheck.env_for(wf, job)
            typ = typecheck.infer(site.ast, env, problems)
            for node, message, *member in problems:
                if member and _primitive(node.obj, input_types, job) is not None:
                    continue  # GA027 reports a property of a string, number or boolean
                if member:
                    yield self.finding(site.range(node.end - len(node.name), node.end), message)
                else:
                    yield self.finding(site.range(node.start, node.end), message)
            if not site.whole or site.implicit:
                continue
            key = site.path[-1]
            want = _WHOLE_VALUE.get(key) if site.place is not None or key == "credentials" else None
            if key == "default" and id(site.scalar) in defaults:
                name, want = defaults[id(site.scalar)]
                if typ.kind in ("string", "number", "bool") and typ.kind != want:
                    yield self.finding(
                        site.full_range, f'input "{name}" is of type {want} but its default is a {typ.kind}'
                    )
            elif want and typ.kind != "any" and typ.kind not in want:
                yield self.finding(
                    site.full_range, f'"{key}" takes {" or ".join(want)} but this expression is of type "{typ}"'
                )


# Keys whose whole value may be one ``${{ }}``, and the types it must have there.
_WHOLE_VALUE = {"credentials": ("object",), "services": ("object",), "runs-on": ("string", "array"), "env": ("object",)}


def _input_defaults(wf) -> dict[int, tuple[str, str]]:
    """id(default scalar) -> (input name, "bool"|"number") for typed workflow_call inputs."""
    config = wf.events().get("workflow_call", (None, None))[1]
    decl = config.get("inputs") if isinstance(config, Mapping) else None
    out: dict[int, tuple[str, str]] = {}
    if isinstance(decl, Mapping):
        for key, spec in decl.items():
            typ = spec.get("type") if isinstance(spec, Mapping) else None
            default = spec.get("default") if isinstance(spec, Mapping) else None
            if (
                isinstance(key, Scalar)
                and isinstance(typ, Scalar)
                and typ.value in ("boolean", "number")
                and default is not None
            ):
                out[id(default)] = (key.value, "bool" if typ.value == "boolean" else "number")
    return out
