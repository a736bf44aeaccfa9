"""Completion in workflows: inside ``${{ }}`` (and a bare ``if:``) the contexts and functions
available there, then the names a context holds (``needs.`` the jobs this job needs, ``steps.`` the
steps before this one, ``matrix.``, ``inputs.``, ``env.``, ``secrets.``, ``github.``...); the other
jobs in ``needs:``; and the keys a workflow, job, step or section may still take.

The context of an expression comes from the model (the value it sits in); the context of a key or
a ``needs:`` item comes from the text's indentation (see :mod:`.outline`), since the line being
typed is often not valid YAML yet.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from ..yaml import Mapping, Node, Scalar, Sequence
from ..yaml.outline import Outline, outline, sibling_keys
from . import schema, symbols
from .actions_table import ACTION_INPUTS, ACTION_OUTPUTS
from .expressions import find_expressions
from .hover import CONTEXTS, FUNCTIONS, KEYS
from .model import ExprSite, Job, Step, Workflow, place_of
from .typecheck import ANY, T, env_for

_REFERENCE = re.compile(r"(?P<chain>(?:[A-Za-z_][\w-]*\.)*)(?P<typed>[A-Za-z_][\w-]*)?$")
_WORD = re.compile(r"[\w-]*")
_OPERAND_AFTER = ("(", ",", "!", "&&", "||", "==", "!=", "<", ">", "<=", ">=", "[")
_NEEDS_INLINE = re.compile(r"^(?:\[(?P<listed>(?:[^\],]*,)*)[ ]*)?[\"']?(?P<typed>[\w-]*)$")
_NEEDS_ITEM = re.compile(r"^[\"']?(?P<typed>[\w-]*)$")
_KEY_TYPED = re.compile(r"^[A-Za-z_][\w-]*$|^$")
_SIGNATURE = re.compile(r"^`([^`]*)`")
# Keys GitHub rejects next to a key already there: a step runs an action or a script, a job runs
# steps or calls a reusable workflow.
_CONFLICTS = {
    ("step key", "uses"): ("run", "shell", "working-directory"),
    ("step key", "run"): ("uses", "with"),
    ("job key", "steps"): ("uses", "with", "secrets"),
    ("job key", "runs-on"): ("uses", "with", "secrets"),
}
# Sections whose keys schema.SECTION_KEYS lists, by their path (a job id or a name as "*").
_SECTIONS = {
    ("concurrency",): "concurrency",
    ("defaults",): "defaults",
    ("defaults", "run"): "defaults.run",
    ("jobs", "*", "concurrency"): "concurrency",
    ("jobs", "*", "defaults"): "defaults",
    ("jobs", "*", "defaults", "run"): "defaults.run",
    ("jobs", "*", "environment"): "environment",
    ("jobs", "*", "strategy"): "strategy",
    ("jobs", "*", "container"): "container",
    ("jobs", "*", "container", "credentials"): "credentials",
    ("jobs", "*", "snapshot"): "snapshot",
    ("jobs", "*", "runs-on"): "runs-on",
    ("on", "workflow_call"): "workflow_call",
    ("on", "workflow_dispatch"): "workflow_dispatch",
    ("on", "workflow_call", "inputs", "*"): "workflow_call.input",
    ("on", "workflow_call", "outputs", "*"): "workflow_call.output",
    ("on", "workflow_call", "secrets", "*"): "workflow_call.secret",
    ("on", "workflow_dispatch", "inputs", "*"): "workflow_dispatch.input",
}


def completion(document: Document, wf: Workflow | None, position: Position) -> list[CompletionItem] | None:
    if not isinstance(wf, Workflow) or wf.kind == "dependabot":  # workflow keys do not apply there
        return None
    line = document.line_text(position.line)
    column = min(max(position.column, 0), len(line))
    before, after = line[:column], line[column:]
    where = outline(document.line_text, position.line, column)
    expression = _expression_text(before, where)
    if expression is not None:
        offset = document.offset_at(Position(position.line, column))
        items = _in_expression(
            wf, expression, offset, where, Range.of(position.line, column, position.line, column), after
        )
        return items or None
    if where is None:
        return None
    return (
        _needs(wf, where, position.line, column, after)
        or _keys(wf, document, where, position.line, column, after)
        or None
    )


# -- expressions ----------------------------------------------------------------------------------
def _expression_text(before: str, where: Outline | None) -> str | None:
    """The expression from its start to the cursor: after an unclosed ``${{`` on the line, or the
    value of a bare ``if:``; None when the cursor is not in one."""
    start = before.rfind("${{")
    if start != -1:
        found = find_expressions(before[start:])
        return None if not found or found[0].closed else found[0].inner
    if where is not None and where.value_key and _is_condition(where.path):
        return where.rest.lstrip(' "')
    return None


def _is_condition(path: list[str]) -> bool:
    """A job's or a step's ``if:``, an expression even without ``${{ }}``."""
    return (
        path[:1] == ["jobs"] and (len(path) == 3 or path[2:4] == ["steps", "-"] and len(path) == 5) and path[-1] == "if"
    )


def _in_expression(
    wf: Workflow, text: str, offset: int, where: Outline | None, cursor: Range, after: str
) -> list[CompletionItem]:
    if text.count("'") % 2:
        return []  # inside a string literal
    found = _REFERENCE.search(text)
    if found is None:
        return []
    head = text[: found.start()].rstrip()
    if head and (head[-1] in ".])'\"" or head[-1].isalnum() or head[-1] == "_"):
        return []  # a property of a call or an index result: unknown
    typed = found.group("typed") or ""
    line, column = cursor.start
    replace = Range.of(line, column - len(typed), line, column + _WORD.match(after).end())
    parts = found.group("chain").split(".")[:-1]
    scope = _Scope.of(wf, offset, where)
    if not parts:
        if head and not head.endswith(_OPERAND_AFTER):
            return []
        return _contexts_and_functions(scope, replace)
    if scope.contexts is not None and parts[0].lower() not in scope.contexts:
        return []  # the context does not exist here
    return [dataclasses.replace(item, range=replace) for item in _members(scope, [p.lower() for p in parts])]


class _Scope:
    """What an expression at an offset sees: its workflow, job, place and whether it is in a step."""

    def __init__(self, wf: Workflow, offset: int, job: Job | None, place: str | None, in_steps: bool) -> None:
        self.wf, self.offset, self.job, self.place, self.in_steps = wf, offset, job, place, in_steps
        available = schema.AVAILABILITY.get(place) if place is not None else None
        self.contexts: tuple[str, ...] | None = available[0] if available is not None else None
        self.functions: tuple[str, ...] | None = available[1] if available is not None else None

    @classmethod
    def of(cls, wf: Workflow, offset: int, where: Outline | None) -> _Scope:
        site = _site_holding(wf, offset)
        if site is not None:
            return cls(wf, offset, symbols.find_job(wf, site.job_id), site.place, site.path[2:3] == ("steps",))
        path = where.path if where is not None else []
        job = symbols.find_job(wf, path[1]) if path[:1] == ["jobs"] and len(path) > 1 else None
        return cls(wf, offset, job, place_of(_generic(path)), path[2:3] == ["steps"])

    def type_of(self, *names: str) -> T:
        typ = env_for(self.wf, self.job).context(names[0])
        for name in names[1:]:
            typ = typ.prop(name)
        return typ


def _site_holding(wf: Workflow, offset: int) -> ExprSite | None:
    return next((s for s in wf.expressions if s.scalar.start <= offset <= s.scalar.end), None)


def _generic(path: list[str]) -> tuple[str, ...]:
    """An outline path as model paths spell it (job ids as "<job>", steps as "<step>")."""
    out: list[str] = []
    for i, name in enumerate(path):
        if i == 1 and path[0] == "jobs":
            out.append("<job>")
        elif name == "-":
            out.append("<step>" if out[-1:] == ["steps"] else "<item>")
        else:
            out.append(name)
    return tuple(out)


def _contexts_and_functions(scope: _Scope, replace: Range) -> list[CompletionItem]:
    items = [
        CompletionItem(label=name, kind="module", detail="context", documentation=CONTEXTS.get(name), range=replace)
        for name in schema.CONTEXTS
        if scope.contexts is None or name in scope.contexts
    ]
    for key, (spelling, _, most) in schema.FUNCTIONS.items():
        special = key in schema.SPECIAL_FUNCTIONS
        if special and scope.functions is not None and key not in scope.functions:
            continue  # status functions only in if:, hashFiles only in steps
        doc = FUNCTIONS.get(key)
        signature = _SIGNATURE.match(doc) if doc else None
        items.append(
            CompletionItem(
                label=spelling,
                kind="function",
                detail=signature.group(1) if signature else None,
                documentation=doc,
                insert_text=spelling + ("()" if most == 0 else "("),
                range=replace,
            )
        )
    return items


def _members(scope: _Scope, parts: list[str]) -> list[CompletionItem]:
    context, rest = parts[0], parts[1:]
    if context in ("needs", "jobs"):
        return _job_members(scope, context, rest)
    if context == "steps":
        return _step_members(scope, rest)
    if context in schema.CONTEXT_PROPERTIES and not rest:
        return [_property(name, scope.type_of(context, name)) for name in schema.CONTEXT_PROPERTIES[context][0]]
    if rest:
        return []
    if context == "matrix" and scope.job is not None:
        return _named(
            symbols.matrix_keys(scope.job), "variable", lambda key, _: _type(scope.type_of("matrix", key.value))
        )
    if context == "inputs":
        return _named(symbols.inputs(scope.wf), "variable", _input_detail, symbols.description)
    if context == "secrets":
        declared = _named(symbols.secrets(scope.wf), "variable", lambda *_: "secret", symbols.description)
        token = CompletionItem(
            label="GITHUB_TOKEN",
            kind="variable",
            detail="secret",
            documentation="The token GitHub creates for each run; its scopes are the `permissions`.",
        )
        return _unique(declared + [token])
    if context == "env":
        return _env_members(scope)
    return []


def _job_members(scope: _Scope, context: str, rest: list[str]) -> list[CompletionItem]:
    wf = scope.wf
    if not rest:
        if context == "needs" and scope.job is not None:
            jobs = [symbols.find_job(wf, item.value) for item in symbols.needs_items(scope.job)]
        else:
            jobs = [job for job in wf.jobs if scope.job is None or job is not scope.job]
        return _unique(
            CompletionItem(label=job.id, kind="reference", detail=symbols.text_of(job.get("name")) or "job")
            for job in jobs
            if job is not None
        )
    job = symbols.find_job(wf, rest[0])
    if job is None:
        return []
    if len(rest) == 1:
        return [_property(name, scope.type_of("needs", job.id, name)) for name in schema.NEEDS_PROPERTIES]
    if rest[1:] == ["outputs"]:
        return _named(symbols.job_outputs(job), "property", lambda _, value: symbols.text_of(value))
    return []


def _step_members(scope: _Scope, rest: list[str]) -> list[CompletionItem]:
    if scope.job is None:
        return []
    steps = symbols.steps_before(scope.job, scope.offset, scope.in_steps)
    ids = [(sid, step) for step in steps if (sid := symbols.step_id(step)) is not None]
    if not rest:
        return _unique(
            CompletionItem(label=sid.value, kind="reference", detail=_step_detail(step)) for sid, step in ids
        )
    step = next((step for sid, step in ids if sid.value.lower() == rest[0]), None)
    if step is None:
        return []
    if len(rest) == 1:
        return [_property(name, scope.type_of("steps", rest[0], name)) for name in schema.STEP_PROPERTIES]
    uses = step.str("uses")
    if rest[1:] != ["outputs"] or not uses or "@" not in uses:
        return []
    action = uses.split("@", 1)[0].lower()
    return [
        CompletionItem(label=name, kind="property", detail=f"output of {action}")
        for name in ACTION_OUTPUTS.get(action, ())
    ]


def _env_members(scope: _Scope) -> list[CompletionItem]:
    job = scope.job
    step = symbols.step_at(job, scope.offset) if job is not None and scope.in_steps else None
    items = []
    for where, env in symbols.env_scopes(scope.wf, job, step, scope.offset):
        items += _named(symbols.pairs(env), "variable", lambda _, value, where=where: _env_detail(where, value))
    return _unique(items)


def _env_detail(where: str, value: Node) -> str:
    text = symbols.text_of(value)
    return f"{where} env: {text}" if text else f"{where} env"


def _named(
    pairs: list[tuple[Scalar, Node]],
    kind: str,
    detail: Callable[[Scalar, Node], str | None],
    documentation: Callable[[Node], str | None] | None = None,
) -> list[CompletionItem]:
    return _unique(
        CompletionItem(
            label=key.value,
            kind=kind,
            detail=detail(key, value),
            documentation=documentation(value) if documentation else None,
        )
        for key, value in pairs
    )


def _unique(items: Iterable[CompletionItem]) -> list[CompletionItem]:
    """The first item of each label (compared case-insensitively, like context properties)."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.label.lower() not in seen:
            seen.add(item.label.lower())
            out.append(item)
    return out


def _property(name: str, typ: T) -> CompletionItem:
    return CompletionItem(label=name, kind="property", detail=_type(typ))


def _type(typ: T) -> str | None:
    return str(typ) if typ != ANY else None


def _input_detail(_key: Scalar, spec: Node) -> str | None:
    kind = spec.get("type") if isinstance(spec, Mapping) else None
    return f"input ({kind.value})" if isinstance(kind, Scalar) and not kind.is_null else "input"


def _step_detail(step: Step) -> str | None:
    return (
        symbols.text_of(step.get("name"))
        or symbols.text_of(step.get("uses"))
        or ("run" if step.get("run") is not None else None)
    )


# -- needs: ---------------------------------------------------------------------------------------
def _needs(wf: Workflow, where: Outline, line: int, column: int, after: str) -> list[CompletionItem]:
    path = where.path
    if path[:1] != ["jobs"] or len(path) < 3 or path[2] != "needs":
        return []
    if len(path) == 3 and where.value_key:
        found = _NEEDS_INLINE.match(where.rest)
    elif path[3:] == ["-"] and len(path) == 4 and not where.value_key:
        found = _NEEDS_ITEM.match(where.rest)
    else:
        return []
    if found is None:
        return []
    current = path[1]
    listed = {name.strip(" \"'").lower() for name in (found.groupdict().get("listed") or "").split(",")}
    job = symbols.find_job(wf, current)
    if job is not None:
        listed |= {item.value.lower() for item in symbols.needs_items(job) if item.start_pos.line != line}
    excluded = listed | symbols.dependents(wf, current) | {current.lower()}
    replace = Range.of(line, column - len(found.group("typed")), line, column + _WORD.match(after).end())
    return [
        CompletionItem(
            label=other.id, kind="reference", detail=symbols.text_of(other.get("name")) or "job", range=replace
        )
        for other in wf.jobs
        if other.id.lower() not in excluded
    ]


# -- keys -----------------------------------------------------------------------------------------
def _keys(wf: Workflow, document: Document, where: Outline, line: int, column: int, after: str) -> list[CompletionItem]:
    if where.value_key or not _KEY_TYPED.match(where.rest):
        return []
    table, what = _key_table(wf, where)
    if not table:
        return []
    node = _node_at(wf.root, where.path, where.lines)
    present = (
        {k.value for k, _ in symbols.pairs(node) if k.start_pos.line != line} if isinstance(node, Mapping) else set()
    )
    present |= sibling_keys(document.line_text, document.line_count, line, where.column)
    present |= {other for key in present for other in _CONFLICTS.get((what, key), ())}
    tail = _WORD.match(after).end()
    suffix = "" if after[tail:].lstrip().startswith(":") else ": "
    replace = Range.of(line, column - len(where.rest), line, column + tail)
    docs = KEYS if what in _DOCUMENTED else {}
    return [
        CompletionItem(
            label=name,
            kind="property",
            detail=what,
            documentation=docs.get(name),
            insert_text=name + suffix,
            range=replace,
        )
        for name in table
        if name not in present
    ]


_DOCUMENTED = ("workflow key", "job key", "job key (reusable workflow call)", "step key")  # hover.KEYS speaks of these


def _key_table(wf: Workflow, where: Outline) -> tuple[tuple[str, ...], str]:
    path = where.path
    if not path:
        return (schema.ACTION_KEYS, "action key") if wf.kind == "action" else (schema.WORKFLOW_KEYS, "workflow key")
    if wf.kind != "workflow":
        return (), ""
    if path == ["on"]:
        return tuple(schema.EVENT_TYPES), "event"
    if len(path) == 2 and path[0] == "jobs":
        job = symbols.find_job(wf, path[1])
        caller = job is not None and job.get("uses") is not None
        return (schema.CALLER_JOB_KEYS, "job key (reusable workflow call)") if caller else (schema.JOB_KEYS, "job key")
    if len(path) == 4 and path[0] == "jobs" and path[2:] == ["steps", "-"]:
        return schema.STEP_KEYS, "step key"
    if len(path) == 5 and path[0] == "jobs" and path[2:] == ["steps", "-", "with"]:
        return _action_inputs(_node_at(wf.root, path[:4], where.lines))
    if path[-1:] == ["permissions"] and (len(path) == 1 or len(path) == 3 and path[0] == "jobs"):
        return tuple(schema.PERMISSION_SCOPES), "permission scope"
    generic = tuple(
        "*" if (i == 1 and path[0] == "jobs") or (i == 3 and path[0] == "on") else p for i, p in enumerate(path)
    )
    section = _SECTIONS.get(generic)
    return (schema.SECTION_KEYS[section], f"{section} key") if section else ((), "")


def _action_inputs(step: Node | None) -> tuple[tuple[str, ...], str]:
    """The inputs of the popular action a step uses (actions_table); nothing for another action."""
    uses = step.get("uses") if isinstance(step, Mapping) else None
    if not isinstance(uses, Scalar) or "@" not in uses.value:
        return (), ""
    action = uses.value.split("@", 1)[0].lower()
    known = ACTION_INPUTS.get(action)
    return (known[0], f"input of {action}") if known else ((), "")


def _node_at(root: Node | None, path: list[str], lines: list[int]) -> Node | None:
    """The node an outline path leads to; for "-" the item whose dash is on the outline's line
    (None when the parser dropped it)."""
    node = root
    for name, line in zip(path, lines):
        if isinstance(node, Mapping):
            node = node.get(name)
        elif isinstance(node, Sequence) and name == "-":
            node = next((item for item in node.items if item.start_pos.line == line), None)
        else:
            return None
    return node
