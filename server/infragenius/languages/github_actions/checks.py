"""One pass over the workflow's structure that several rules share.

Each problem carries the code of the rule that reports it; the rules (``rules/structure.py``,
``rules/jobs.py``) pick their own out of the list. Values written as a whole ``${{ }}`` expression
can stand for anything, so type checks skip them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...core.context import Context
from ...core.document import Range
from ...core.findings import Fix, Severity
from ...core.suggest import candidates, closest
from ...core.suggest import did_you_mean as hint
from ..yaml import UNKNOWN_TAG, Mapping, Node, Scalar, Sequence
from ..yaml.fixes import rename_fix
from . import schema
from .cron import cron_problem
from .model import Job, Workflow


@dataclass(frozen=True)
class Issue:
    code: str
    range: Range
    message: str
    severity: Severity | None = None
    fix: Fix | None = None


def issues(wf: Workflow, ctx: Context) -> list[Issue]:
    return wf.once("issues", lambda: list(_Checker(wf, ctx).run()))


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known word (a different case counts as close), or None."""
    return closest(word, choices)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    found = candidates(word, choices)
    return f"; {hint(found)}" if found else ""


def key_rename(key: Scalar, found: tuple[str, ...], mapping: Mapping) -> tuple[str, Fix | None]:
    """The hint and fix for a misspelt key: none when the key it stands for is set beside it (the
    rename would make a duplicate; the misspelt one is a leftover to delete)."""
    if not found:
        return "", None
    if found[0] in mapping:
        return f' (a misspelling of "{found[0]}", which is set too)', None
    return f"; {hint(found)}", rename_fix(key, found)


def is_expression(node: Node | None) -> bool:
    """A scalar that is one whole ``${{ }}``: it may evaluate to any type."""
    if not isinstance(node, Scalar):
        return False
    v = node.value.strip()
    return v.startswith("${{") and v.endswith("}}")


def is_unknown(node: Node | None) -> bool:
    """The stand-in for an undefined alias (already reported as a syntax error)."""
    return isinstance(node, Scalar) and node.tag == UNKNOWN_TAG


def has_expression(node: Node | None) -> bool:
    return isinstance(node, Scalar) and "${{" in node.value


TYPE_NAMES = {Mapping: "a mapping", Sequence: "a sequence", Scalar: "a scalar"}
ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class _Checker:
    def __init__(self, wf: Workflow, ctx: Context) -> None:
        self.wf = wf
        self.ctx = ctx
        self.out: list[Issue] = []
        self.broken = bool(wf.stream.syntax_errors)

    def add(
        self, code: str, node_or_range, message: str, severity: Severity | None = None, fix: Fix | None = None
    ) -> None:
        rng = node_or_range.range if isinstance(node_or_range, Node) else node_or_range
        if self.broken and (code == "GA003" or code == "GA002" and message.endswith(", not null")):
            return  # the missing part may be in the lines that did not parse: one error is enough
        self.out.append(Issue(code, rng, message, severity, fix))

    def run(self) -> list[Issue]:
        self.duplicates()
        self.merge_keys()
        if self.wf.kind != "workflow":
            return self.out
        root = self.wf.root
        self.keys(root, schema.WORKFLOW_KEYS, "workflow")
        for required in ("on", "jobs"):
            if required not in root:
                self.add("GA003", _first_key_range(root), f'"{required}" section is missing in the workflow')
        self.on(root.get("on"))
        self.permissions(root.get("permissions"))
        self.section(root.get("concurrency"), "concurrency", scalar_ok=True, key=root.key_node("concurrency"))
        self.case_duplicates(root.get("env"), '"env"')
        self.case_duplicates(root.get("jobs"), '"jobs"')
        self.defaults(root.get("defaults"))
        self.env(root.get("env"), "env")
        jobs = root.get("jobs")
        if jobs is not None and not isinstance(jobs, Mapping):
            self.type_error(jobs, '"jobs"', "a mapping of job ids to jobs")
        elif isinstance(jobs, Mapping) and not jobs.pairs:
            self.add("GA003", root.key_node("jobs"), '"jobs" section must define at least one job')
        for job in self.wf.jobs:
            self.job(job)
        self.needs()
        return self.out

    # -- generic -------------------------------------------------------------------------------
    def duplicates(self) -> None:
        for problem in self.wf.stream.problems:
            if problem.kind == "duplicate-key" and problem.related is not None:
                line, col = problem.related.start
                self.add(
                    "GA004", problem.range, f"{problem.message}; first defined at line {line + 1}, column {col + 1}"
                )

    def merge_keys(self) -> None:
        for document in self.wf.stream.documents:
            for key in document.merge_keys:
                self.add(
                    "GA009",
                    key,
                    'GitHub Actions does not support the YAML merge key "<<"; repeat the keys or use an alias of the whole mapping',
                )

    def keys(self, node: Node | None, allowed: Iterable[str], where: str) -> None:
        if not isinstance(node, Mapping):
            return
        allowed = tuple(allowed)
        for key, _ in node.pairs:
            if isinstance(key, Scalar) and key.value not in allowed and not (key.value == "<<" and key.style == ""):
                hint, fix = key_rename(key, candidates(key.value, allowed), node)
                self.add("GA001", key, f'unknown key "{key.value}" in {where}{hint}', fix=fix)

    def type_error(self, node: Node, what: str, expected: str) -> None:
        found = "null" if isinstance(node, Scalar) and node.is_null else TYPE_NAMES.get(type(node), "a value")
        self.add("GA002", node, f"{what} must be {expected}, not {found}")

    def expect(self, node: Node | None, kind: type, what: str, expected: str) -> bool:
        """True when ``node`` is of ``kind``; reports GA002 otherwise (expressions pass)."""
        if node is None or isinstance(node, kind) or is_expression(node) or is_unknown(node):
            return isinstance(node, kind)
        self.type_error(node, what, expected)
        return False

    def section(self, node: Node | None, name: str, scalar_ok: bool = False, key: Node | None = None) -> None:
        if node is None:
            return
        if scalar_ok and isinstance(node, Scalar) and not node.is_null:
            self.nonempty(node, f'"{name}"')
            return
        if self.expect(node, Mapping, f'"{name}"', "a mapping" + (" or a string" if scalar_ok else "")):
            allowed = schema.SECTION_KEYS[name] + (("if",) if name == "snapshot" else ())
            self.keys(node, allowed, f'"{name}"')
            required = {"concurrency": "group", "environment": "name", "snapshot": "image-name"}.get(name)
            if required and required not in node:
                self.add("GA003", key or node, f'"{required}" is missing in the "{name}" section')
            for sub in ("group", "name", "image-name", "version"):
                if sub in node:
                    self.nonempty(node.get(sub), f'"{sub}"')

    def env(self, node: Node | None, where: str) -> None:
        if node is not None and not (isinstance(node, Scalar) and has_expression(node)):
            self.expect(node, Mapping, f'"{where}"', "a mapping of variable names to values")

    def scalar_kind(self, node: Node | None, what: str, kinds: tuple[str, ...], expected: str) -> None:
        if node is None or is_expression(node):
            return
        if not isinstance(node, Scalar) or node.type not in kinds:
            self.type_error(node, what, expected) if not isinstance(node, Scalar) else self.add(
                "GA002", node, f'{what} must be {expected}, not "{node.value}"'
            )

    def defaults(self, node: Node | None) -> None:
        if node is None:
            return
        if self.expect(node, Mapping, '"defaults"', "a mapping"):
            self.keys(node, schema.SECTION_KEYS["defaults"], '"defaults"')
            run = node.get("run")
            if run is not None and self.expect(run, Mapping, '"defaults.run"', "a mapping"):
                self.keys(run, schema.SECTION_KEYS["defaults.run"], '"defaults.run"')

    def nonempty(self, node: Node | None, what: str) -> bool:
        """Report an empty string where a value is required; True when reported."""
        if (
            isinstance(node, Scalar)
            and (node.is_null or not node.value.strip())
            and node.type != "bool"
            and not is_unknown(node)
        ):
            self.add("GA002", node, f"{what} must not be empty")
            return True
        return False

    def nonempty_seq(self, node: Node | None, what: str, empty_entries: bool = False) -> None:
        """Report an empty list, and empty entries unless they are values of their own (``empty_entries``)."""
        if isinstance(node, Sequence) and not node.items:
            self.add("GA002", node, f"{what} must not be an empty list")
        elif isinstance(node, Sequence) and not empty_entries:
            for item in node.items:
                self.nonempty(item, f"an entry of {what}")

    def positive(self, node: Node | None, what: str, kinds: tuple[str, ...]) -> None:
        expected = "a number" if "float" in kinds else "an integer"
        self.scalar_kind(node, what, kinds, expected)
        if (
            isinstance(node, Scalar)
            and node.type in kinds
            and isinstance(node.python, (int, float))
            and node.python <= 0
        ):
            self.add("GA002", node, f"{what} must be greater than zero, not {node.value}")

    def case_duplicates(self, node: Node | None, where: str) -> None:
        """Names GitHub compares case-insensitively (env, inputs, matrix, jobs...) written twice."""
        if not isinstance(node, Mapping):
            return
        seen: dict[str, Scalar] = {}
        for key, _ in node.pairs:
            if not isinstance(key, Scalar) or (key.value == "<<" and key.style == ""):
                continue
            previous = seen.get(key.value.lower())
            if previous is not None and previous.value != key.value:
                line, col = previous.start_pos
                self.add(
                    "GA004",
                    key,
                    f'key "{key.value}" is duplicated in {where} (names are case-insensitive); first defined at line {line + 1}, column {col + 1}',
                )
            seen.setdefault(key.value.lower(), key)

    def input_values(self, event: str, section: str, key: Node, spec: Mapping) -> None:
        """Defaults and options of workflow_dispatch/workflow_call inputs against their type."""
        if section != "inputs":
            return
        typ = spec.get("type")
        kind = typ.value if isinstance(typ, Scalar) else None
        default, options = spec.get("default"), spec.get("options")
        name = getattr(key, "value", "")
        if options is not None and kind != "choice":
            self.add(
                "GA008", spec.key_node("options"), f'"options" is only for inputs of type "choice" (input "{name}")'
            )
        if kind == "choice":
            if options is None or isinstance(options, Scalar) and options.is_null:
                self.add("GA008", key, f'input "{name}" of type "choice" needs "options"')
            elif isinstance(options, Sequence):
                self.nonempty_seq(options, '"options"')
                values = [o.value for o in options.items if isinstance(o, Scalar)]
                for i, o in enumerate(options.items):
                    if isinstance(o, Scalar) and o.value in values[:i]:
                        self.add("GA008", o, f'option "{o.value}" is listed twice in input "{name}"')
                if (
                    isinstance(default, Scalar)
                    and not has_expression(default)
                    and values
                    and default.value not in values
                ):
                    self.add("GA008", default, f'default "{default.value}" of input "{name}" is not one of its options')
        if isinstance(default, Scalar) and not has_expression(default) and not default.is_null:
            if kind == "boolean" and default.type != "bool":
                self.add(
                    "GA008", default, f'default of boolean input "{name}" must be true or false, not "{default.value}"'
                )
            elif kind == "number" and default.type not in ("int", "float"):
                self.add("GA008", default, f'default of number input "{name}" must be a number, not "{default.value}"')
            required = spec.get("required")
            if event == "workflow_call" and isinstance(required, Scalar) and required.python is True:
                self.add("GA008", default, f'input "{name}" is required, so its default is never used')

    # -- on: -----------------------------------------------------------------------------------
    def on(self, on: Node | None) -> None:
        if on is None:
            return
        if isinstance(on, Scalar) and on.is_null:
            self.type_error(on, '"on"', "an event name, a list of events or a mapping")
            return
        if isinstance(on, Sequence):
            for item in on.items:
                if isinstance(item, Scalar):
                    self.event_name(item)  # a bare "schedule" in the list has no cron either
                else:
                    self.type_error(item, "an event in the list", "an event name")
            return
        if isinstance(on, Scalar):
            self.event_name(on)
            return
        for key, value in on.items():
            if isinstance(key, Scalar) and self.event_name(key, bare=False):
                self.event_config(key.value, value)

    def event_name(self, node: Scalar, bare: bool = True) -> bool:
        if node.value in schema.EVENT_TYPES:
            if bare and node.value == "schedule":
                self.add("GA006", node, '"schedule" needs a list of cron entries (on: schedule: [{cron: ...}])')
            return True
        found = candidates(node.value, schema.EVENT_TYPES)
        self.add(
            "GA005",
            node,
            f'unknown event "{node.value}"{did_you_mean(node.value, schema.EVENT_TYPES)}',
            fix=rename_fix(node, found),
        )
        return False

    def event_config(self, event: str, value: Node) -> None:
        if isinstance(value, Scalar) and value.is_null:
            if event == "schedule":
                self.add(
                    "GA006",
                    value if value.end > value.start else self.wf.on.key_node("schedule"),
                    '"schedule" needs a list of cron entries',
                )
            return
        if event == "schedule":
            self.schedule(value)
            return
        if not self.expect(value, Mapping, f'"{event}"', "a mapping of filters"):
            return
        if event in ("workflow_dispatch", "workflow_call"):
            self.keys(value, schema.SECTION_KEYS[event], f'"{event}"')
            self.inputs(event, value)
            return
        types = schema.EVENT_TYPES[event]
        for key, filt in value.items():
            if not isinstance(key, Scalar):
                continue
            name = key.value
            if name == "types":
                self.activity_types(event, types, filt, key)
            elif name in schema.FILTERS:
                if event not in schema.FILTERS[name] and event != "repository_dispatch":
                    only = ", ".join(schema.FILTERS[name])
                    self.add(
                        "GA006", key, f'"{name}" filter is not available for the "{event}" event; it is only for {only}'
                    )
                elif not isinstance(filt, (Sequence, Scalar)) or isinstance(filt, Scalar) and filt.is_null:
                    self.type_error(filt, f'"{name}"', "a list of patterns")
                else:
                    self.nonempty_seq(filt, f'"{name}"')
            else:
                allowed = [f for f, events in schema.FILTERS.items() if event in events] + (
                    ["types"] if types is not None else []
                )
                hint, fix = key_rename(key, candidates(name, allowed or ["types"]), value)
                self.add("GA001", key, f'unknown key "{name}" for the "{event}" event{hint}', fix=fix)
        for a, b in schema.EXCLUSIVE_FILTERS:
            if a in value and b in value:
                self.add(
                    "GA006",
                    max(value.key_node(a), value.key_node(b), key=lambda k: k.start),
                    f'"{a}" and "{b}" filters cannot be used together for the "{event}" event',
                )

    def activity_types(self, event: str, types, filt: Node, key: Scalar) -> None:
        if types is None:
            self.add("GA006", key, f'the "{event}" event has no activity types')
            return
        self.nonempty_seq(filt, '"types"')
        items = filt.items if isinstance(filt, Sequence) else [filt]
        for item in items:
            if not isinstance(item, Scalar) or not types:
                continue
            if item.value not in types:
                listed = ", ".join(f'"{t}"' for t in types)
                self.add(
                    "GA006",
                    item,
                    f'invalid activity type "{item.value}" for the "{event}" event; available types are {listed}',
                )

    def schedule(self, value: Node) -> None:
        if not self.expect(value, Sequence, '"schedule"', "a list of cron entries"):
            return
        self.nonempty_seq(value, '"schedule"')
        for item in value.items:
            if not self.expect(item, Mapping, "a schedule entry", 'a mapping with "cron"'):
                continue
            self.keys(item, ("cron", "timezone"), "a schedule entry")
            cron = item.get("cron")
            if cron is None:
                self.add("GA003", item, '"cron" is missing in the schedule entry')
            elif isinstance(cron, Scalar) and not self.nonempty(cron, '"cron"') and "${{" not in cron.value:
                problem = cron_problem(cron.value)
                if problem:
                    self.add("GA006", cron, f'invalid cron expression "{cron.value}": {problem}')
            timezone = item.get("timezone")
            if (
                isinstance(timezone, Scalar)
                and not self.nonempty(timezone, '"timezone"')
                and not _valid_timezone(timezone.value)
            ):
                self.add(
                    "GA006", timezone, f'unknown timezone "{timezone.value}": use an IANA name such as "Europe/Paris"'
                )

    def inputs(self, event: str, value: Mapping) -> None:
        for section in ("inputs", "outputs", "secrets"):
            node = value.get(section)
            if node is None or (isinstance(node, Scalar) and node.is_null):
                continue
            if not self.expect(node, Mapping, f'"{section}" of "{event}"', "a mapping"):
                continue
            if event == "workflow_dispatch" and section == "inputs" and len(node.items()) > 25:
                self.add(
                    "GA008",
                    value.key_node("inputs"),
                    f'"workflow_dispatch" takes at most 25 inputs; {len(node.items())} are defined',
                )
            what = {"inputs": "input", "outputs": "output", "secrets": "secret"}[section]
            allowed = schema.SECTION_KEYS.get(f"{event}.{what}", ())
            self.case_duplicates(node, f'"{section}"')
            for key, spec in node.items():
                if isinstance(spec, Scalar) and spec.is_null:
                    if event == "workflow_call" and section in ("inputs", "outputs"):
                        need = "type" if section == "inputs" else "value"
                        self.add("GA003", key, f'"{need}" is missing in {what} "{key.value}" of "workflow_call"')
                    continue
                if not self.expect(spec, Mapping, f'{what} "{getattr(key, "value", "")}"', "a mapping"):
                    continue
                self.keys(spec, allowed, f'{what} "{getattr(key, "value", "")}" of "{event}"')
                if event == "workflow_call" and section == "inputs" and "type" not in spec:
                    self.add("GA003", key, f'"type" is missing in input "{key.value}" of "workflow_call"')
                if event == "workflow_call" and section == "outputs" and "value" not in spec:
                    self.add("GA003", key, f'"value" is missing in output "{key.value}" of "workflow_call"')
                self.input_values(event, section, key, spec)
                required = spec.get("required")
                if (
                    isinstance(required, Scalar)
                    and not required.is_null
                    and required.type != "bool"
                    and not has_expression(required)
                ):
                    self.add(
                        "GA002",
                        required,
                        f'"required" of {what} "{key.value}" must be true or false, not "{required.value}"',
                    )
                if section == "outputs":
                    self.nonempty(spec.get("value"), f'"value" of output "{key.value}"')
                typ = spec.get("type")
                if typ is not None and not isinstance(typ, Scalar):
                    self.type_error(typ, f'"type" of {what} "{key.value}"', "a type name")
                if isinstance(typ, Scalar):
                    types = ("boolean", "number", "string") + (
                        ("choice", "environment") if event == "workflow_dispatch" else ()
                    )
                    if typ.value not in types:
                        listed = ", ".join(f'"{t}"' for t in types)
                        self.add("GA002", typ, f'invalid input type "{typ.value}"; expected one of {listed}')

    # -- permissions ---------------------------------------------------------------------------
    def permissions(self, node: Node | None) -> None:
        if node is None or is_expression(node):
            return
        if isinstance(node, Scalar):
            if node.is_null:
                self.add("GA007", node, 'empty "permissions:"; write "{}" to grant no permission, or remove the key')
                return
            if node.value not in schema.PERMISSION_ALL and not has_expression(node):
                self.add(
                    "GA007",
                    node,
                    f'invalid permissions "{node.value}"; use "read-all", "write-all" or a mapping of scopes',
                )
            return
        if not isinstance(node, Mapping):
            self.type_error(node, '"permissions"', "a mapping or read-all/write-all")
            return
        for key, value in node.items():
            if not isinstance(key, Scalar):
                continue
            allowed = schema.PERMISSION_SCOPES.get(key.value)
            if allowed is None:
                hint, fix = key_rename(key, candidates(key.value, schema.PERMISSION_SCOPES), node)
                self.add("GA007", key, f'unknown permission scope "{key.value}"{hint}', fix=fix)
            elif isinstance(value, Scalar) and value.value not in allowed:
                listed = ", ".join(f'"{v}"' for v in allowed)
                self.add(
                    "GA007",
                    value,
                    f'invalid value "{value.value}" for permission scope "{key.value}"; expected {listed}',
                )

    # -- jobs ----------------------------------------------------------------------------------
    def job(self, job: Job) -> None:
        if not ID.match(job.id):
            self.add(
                "GA012",
                job.key,
                f'invalid job id "{job.id}": it must start with a letter or "_" and hold only letters, digits, "-" and "_"',
            )
        node = job.node
        if node is None:
            value = self.wf.root.get("jobs").get(job.id)
            self.type_error(value, f'job "{job.id}"', "a mapping")
            return
        self.keys(node, schema.JOB_KEYS, f'job "{job.id}"')
        uses = node.get("uses")
        if uses is not None:
            for key, _ in node.pairs:
                if isinstance(key, Scalar) and key.value in schema.JOB_KEYS and key.value not in schema.CALLER_JOB_KEYS:
                    self.add(
                        "GA001",
                        key,
                        f'"{key.value}" cannot be used in job "{job.id}", which calls a reusable workflow with "uses"',
                    )
            self.scalar_kind(uses, '"uses"', ("str",), "a string")
        else:
            for key in ("with", "secrets"):
                if key in node:
                    self.add(
                        "GA001",
                        node.key_node(key),
                        f'"{key}" is only for a job that calls a reusable workflow with "uses"',
                    )
            if "runs-on" not in node:
                self.add("GA003", job.key, f'"runs-on" is missing in job "{job.id}"')
            steps_node = node.get("steps")
            if steps_node is None or isinstance(steps_node, Scalar) and steps_node.is_null:
                self.add("GA003", job.key, f'"steps" is missing in job "{job.id}"')
        self.permissions(node.get("permissions"))
        for name in ("concurrency", "environment", "snapshot"):
            self.section(node.get(name), name, scalar_ok=True, key=node.key_node(name))
        self.defaults(node.get("defaults"))
        self.env(node.get("env"), "env")
        self.runs_on(node.get("runs-on"))
        self.strategy(node.get("strategy"))
        self.container(node.get("container"), "container", node.key_node("container"))
        services = node.get("services")
        if services is not None and self.expect(
            services, Mapping, '"services"', "a mapping of service names to containers"
        ):
            for svc_key, svc in services.items():
                self.container(svc, "service", svc_key)
        needs = node.get("needs")
        if isinstance(needs, Sequence) and not needs.items:
            self.add("GA002", needs, '"needs" must not be an empty list; remove it if the job needs no other job')
        self.positive(node.get("timeout-minutes"), '"timeout-minutes"', ("int", "float"))
        self.scalar_kind(node.get("continue-on-error"), '"continue-on-error"', ("bool",), "a boolean")
        for section in ("env", "outputs", "with", "services", "secrets"):
            self.case_duplicates(node.get(section), f'"{section}"')
        secrets = node.get("secrets")
        if isinstance(secrets, Scalar) and not has_expression(secrets) and secrets.value != "inherit":
            self.add("GA002", secrets, f'"secrets" must be a mapping or "inherit", not "{secrets.value}"')
        outputs = node.get("outputs")
        if outputs is not None:
            self.expect(outputs, Mapping, '"outputs"', "a mapping")
        with_ = node.get("with")
        if with_ is not None:
            self.expect(with_, Mapping, '"with"', "a mapping")
        steps = node.get("steps")
        if isinstance(steps, Scalar) and steps.is_null:
            steps = None
        if steps is not None and self.expect(steps, Sequence, '"steps"', "a sequence of steps"):
            if not steps.items and uses is None:
                self.add("GA003", node.key_node("steps"), f'"steps" of job "{job.id}" must hold at least one step')
            ids: dict[str, Scalar] = {}
            for item in steps.items:
                if self.expect(item, Mapping, "a step", "a mapping"):
                    self.step(item, ids)

    def runs_on(self, node: Node | None) -> None:
        if node is None or is_expression(node):
            return
        if isinstance(node, Mapping):
            self.keys(node, schema.SECTION_KEYS["runs-on"], '"runs-on"')
            labels = node.get("labels")
            if labels is not None and not isinstance(labels, (Sequence, Scalar)):
                self.type_error(labels, '"labels"', "a label or a sequence of labels")
            self.nonempty_seq(labels, '"labels"')
            self.nonempty(labels, '"labels"')
            group = node.get("group")
            if group is not None and not isinstance(group, Scalar):
                self.type_error(group, '"group"', "a runner group name")
            self.nonempty(group, '"group"')
        elif isinstance(node, Sequence):
            self.nonempty_seq(node, '"runs-on"')
            for item in node.items:
                if not isinstance(item, Scalar):
                    self.type_error(item, "a runner label", "a string")
        elif isinstance(node, Scalar) and node.is_null:
            self.type_error(node, '"runs-on"', "a runner label, a list of labels or a mapping")
        elif isinstance(node, Scalar):
            self.nonempty(node, '"runs-on"')

    def strategy(self, node: Node | None) -> None:
        if node is None or not self.expect(node, Mapping, '"strategy"', "a mapping"):
            return
        self.keys(node, schema.SECTION_KEYS["strategy"], '"strategy"')
        self.scalar_kind(node.get("fail-fast"), '"fail-fast"', ("bool",), "a boolean")
        self.positive(node.get("max-parallel"), '"max-parallel"', ("int",))
        matrix = node.get("matrix")
        if matrix is not None and self.expect(matrix, Mapping, '"matrix"', "a mapping"):
            self.case_duplicates(matrix, '"matrix"')
            for key, value in matrix.items():
                # "" is a matrix value like any other (mode: ["", experimental]); GitHub accepts it
                self.nonempty_seq(value, f'"{getattr(key, "value", "")}"', empty_entries=True)
                if not isinstance(key, Scalar) or is_expression(value):
                    continue
                if key.value in ("include", "exclude"):
                    if self.expect(value, Sequence, f'"{key.value}"', "a sequence of mappings"):
                        for row in value.items:
                            self.expect(row, Mapping, f'an "{key.value}" entry', "a mapping")
                elif isinstance(value, (Mapping, Scalar)):
                    self.type_error(value, f'matrix "{key.value}"', "a sequence of values")

    def container(self, node: Node | None, what: str, key: Node | None = None) -> None:
        if node is None or (isinstance(node, Scalar) and node.is_null and what == "container"):
            return
        if isinstance(node, Scalar):
            self.nonempty(node, f'"{what}" image')
            return
        if not self.expect(node, Mapping, f'"{what}"', "a mapping or an image name"):
            return
        self.keys(
            node,
            schema.SECTION_KEYS["container"] + (("command", "entrypoint") if what == "service" else ()),
            f'"{what}"',
        )
        if "image" not in node:
            self.add("GA003", key or node, f'"image" is missing in the "{what}" section')
        else:
            self.nonempty(node.get("image"), '"image"')
        for seq in ("ports", "volumes"):
            value = node.get(seq)
            if value is not None and not isinstance(value, Sequence) and not is_expression(value):
                self.type_error(value, f'"{seq}"', "a sequence")
            elif isinstance(value, Sequence):
                for item in value.items:
                    self.nonempty(item, f'an entry of "{seq}"')
        creds = node.get("credentials")
        if creds is not None and self.expect(creds, Mapping, '"credentials"', "a mapping"):
            self.keys(creds, schema.SECTION_KEYS["credentials"], '"credentials"')
            if ("username" in creds) != ("password" in creds) or not creds.pairs:
                self.add(
                    "GA003", node.key_node("credentials"), 'both "username" and "password" are needed in "credentials"'
                )
        self.env(node.get("env"), "env")

    def step(self, node: Mapping, ids: dict[str, Scalar]) -> None:
        self.keys(node, schema.STEP_KEYS, "a step")
        has_run, has_uses = "run" in node, "uses" in node
        if has_run and has_uses:
            first = min(node.key_node("run"), node.key_node("uses"), key=lambda k: k.start)
            self.add("GA003", first, 'a step cannot have both "uses" and "run"')
        elif not has_run and not has_uses:
            self.add("GA003", _first_key_range(node), 'a step needs "uses" or "run"')
        if has_run:
            for key in ("with",):
                if key in node:
                    self.add("GA001", node.key_node(key), f'"{key}" cannot be used in a step with "run"')
        if has_uses:
            for key in ("shell", "working-directory"):
                if key in node:
                    self.add("GA001", node.key_node(key), f'"{key}" cannot be used in a step with "uses"')
        self.env(node.get("env"), "env")
        with_ = node.get("with")
        if with_ is not None and not (isinstance(with_, Scalar) and with_.is_null):
            self.expect(with_, Mapping, '"with"', "a mapping of input names to values")
        self.positive(node.get("timeout-minutes"), '"timeout-minutes"', ("int", "float"))
        self.scalar_kind(node.get("continue-on-error"), '"continue-on-error"', ("bool",), "a boolean")
        self.case_duplicates(node.get("env"), '"env"')
        self.case_duplicates(node.get("with"), '"with"')
        for key in ("uses", "id"):
            if key in node:
                self.nonempty(node.get(key), f'"{key}"')
        step_id = node.get("id")
        if isinstance(step_id, Scalar) and not step_id.is_null and not has_expression(step_id):
            if not ID.match(step_id.value):
                self.add(
                    "GA012",
                    step_id,
                    f'invalid step id "{step_id.value}": it must start with a letter or "_" and hold only letters, digits, "-" and "_"',
                )
            previous = ids.get(step_id.value.lower())
            if previous is not None:
                line = previous.start_pos.line + 1
                self.add("GA013", step_id, f'step id "{step_id.value}" is already used at line {line} in this job')
            else:
                ids[step_id.value.lower()] = step_id

    # -- needs ---------------------------------------------------------------------------------
    def needs(self) -> None:
        ids = {job.id.lower(): job for job in self.wf.jobs}
        graph: dict[str, list[tuple[str, Scalar]]] = {}
        for job in self.wf.jobs:
            needs = job.get("needs")
            if needs is None:
                continue
            items = needs.items if isinstance(needs, Sequence) else [needs]
            edges = []
            for item in items:
                if not isinstance(item, Scalar) or item.is_null:
                    self.type_error(item, 'an entry of "needs"', "a job id")
                    continue
                target = item.value.lower()
                if target not in ids:
                    others = [j.id for j in self.wf.jobs if j.id.lower() != job.id.lower()]
                    fix = rename_fix(item, candidates(item.value, others))
                    self.add(
                        "GA010",
                        item,
                        f'job "{job.id}" needs "{item.value}", which is not defined{did_you_mean(item.value, others)}',
                        fix=fix,
                    )
                elif target == job.id.lower():
                    self.add("GA011", item, f'job "{job.id}" needs itself')
                else:
                    edges.append((target, item))
            graph[job.id.lower()] = edges
        self.cycles(graph, ids)

    def cycles(self, graph: dict[str, list[tuple[str, Scalar]]], ids: dict[str, Job]) -> None:
        # a method, not a recursive closure: that closure would be a reference cycle holding the
        # whole workflow until the next full garbage collection
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()
        for job in self.wf.jobs:
            if state.get(job.id.lower()) is None:
                self._visit(job.id.lower(), [], graph, ids, state, reported)

    def _visit(
        self,
        node: str,
        trail: list[str],
        graph: dict[str, list[tuple[str, Scalar]]],
        ids: dict[str, Job],
        state: dict[str, int],
        reported: set[frozenset[str]],
    ) -> None:
        state[node] = 1
        trail.append(node)
        for target, _item in graph.get(node, ()):
            if state.get(target) == 1:
                cycle = trail[trail.index(target) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    names = " -> ".join(f'"{ids[n].id}"' for n in cycle + [target])
                    self.add("GA011", ids[target].key, f"cyclic dependency in needs: {names}")
            elif state.get(target) is None:
                self._visit(target, trail, graph, ids, state, reported)
        trail.pop()
        state[node] = 2


def _first_key_range(node: Mapping) -> Range:
    if node.pairs:
        return node.pairs[0][0].range
    return node.range


def _valid_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not _has_tz_database():
        return True  # no tz database on this machine: say nothing
    try:
        ZoneInfo(name)
        return True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


@functools.lru_cache(maxsize=1)
def _has_tz_database() -> bool:
    from zoneinfo import available_timezones

    return bool(available_timezones())
