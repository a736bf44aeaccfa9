"""Values of the wrong type (or empty) at their place in the workflow."""

from __future__ import annotations

from typing import TypeGuard, TypeVar

from ....core.document import Range
from ....core.findings import Fix, Severity
from ...yaml import Mapping, Node, Scalar, Sequence
from .. import schema
from ..model import Job
from ..values import TYPE_NAMES, has_expression, input_kind, is_empty, is_expression, is_null, is_unknown
from ._base import WalkRule

N = TypeVar("N", bound=Node)
_WHAT = {"inputs": "input", "outputs": "output", "secrets": "secret"}


class InvalidType(WalkRule):
    """A value of the wrong type (a string where a mapping is expected, a word where a number is).

    Bad:

        jobs:
          build:
            runs-on: ubuntu-latest
            timeout-minutes: ten
            steps: echo hi

    Good:

        jobs:
          build:
            runs-on: ubuntu-latest
            timeout-minutes: 10
            steps:
              - run: echo hi
    """

    code = "GA002"
    name = "invalid-type"
    message = "Value of the wrong type"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)

    def report(self, where: Node | Range | None, message: str, fix: Fix | None = None) -> None:
        if self.wf.stream.syntax_errors and message.endswith(", not null"):
            return  # the value may be in the lines that did not parse: the syntax error is enough
        super().report(where, message, fix)

    # -- the ways a value is wrong ---------------------------------------------------------------
    def type_error(self, node: Node | None, what: str, expected: str) -> None:
        found = "null" if is_null(node) else TYPE_NAMES.get(type(node), "a value")
        self.report(node, f"{what} must be {expected}, not {found}")

    def expect(self, node: Node | None, kind: type[N], what: str, expected: str) -> TypeGuard[N]:
        """True when ``node`` is of ``kind``; reports it otherwise (expressions pass)."""
        if node is None or isinstance(node, kind) or is_expression(node) or is_unknown(node):
            return isinstance(node, kind)
        self.type_error(node, what, expected)
        return False

    def scalar_kind(self, node: Node | None, what: str, kinds: tuple[str, ...], expected: str) -> None:
        if node is None or is_expression(node):
            return
        if not isinstance(node, Scalar):
            self.type_error(node, what, expected)
        elif node.type not in kinds:
            self.report(node, f'{what} must be {expected}, not "{node.value}"')

    def nonempty(self, node: Node | None, what: str) -> None:
        if is_empty(node):
            self.report(node, f"{what} must not be empty")

    def nonempty_seq(self, node: Node | None, what: str, empty_entries: bool = False) -> None:
        """Report an empty list, and empty entries unless they are values of their own (``empty_entries``)."""
        if isinstance(node, Sequence) and not node.items:
            self.report(node, f"{what} must not be an empty list")
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
            self.report(node, f"{what} must be greater than zero, not {node.value}")

    # -- the places ------------------------------------------------------------------------------
    def workflow(self, root: Mapping) -> None:
        jobs = root.get("jobs")
        if jobs is not None and not isinstance(jobs, Mapping):
            self.type_error(jobs, '"jobs"', "a mapping of job ids to jobs")

    def on(self, node: Node) -> None:
        if is_null(node):
            self.type_error(node, '"on"', "an event name, a list of events or a mapping")
        elif isinstance(node, Sequence):
            for item in node.items:
                if not isinstance(item, Scalar):
                    self.type_error(item, "an event in the list", "an event name")

    def event(self, event: str, key: Scalar, value: Node) -> None:
        if is_null(value):
            return
        if event == "schedule":
            if self.expect(value, Sequence, '"schedule"', "a list of cron entries"):
                self.nonempty_seq(value, '"schedule"')
                for item in value.items:
                    self.expect(item, Mapping, "a schedule entry", 'a mapping with "cron"')
            return
        if not self.expect(value, Mapping, f'"{event}"', "a mapping of filters") or event in (
            "workflow_dispatch",
            "workflow_call",
        ):
            return
        types = schema.EVENT_TYPES[event]
        for name_key, filt in value.items():
            if not isinstance(name_key, Scalar):
                continue
            name = name_key.value
            if name == "types":
                if types is not None:  # an event without activity types: GA006's to say
                    self.nonempty_seq(filt, '"types"')
            elif name in schema.FILTERS and (event in schema.FILTERS[name] or event == "repository_dispatch"):
                if not isinstance(filt, (Sequence, Scalar)) or is_null(filt):
                    self.type_error(filt, f'"{name}"', "a list of patterns")
                else:
                    self.nonempty_seq(filt, f'"{name}"')

    def schedule_entry(self, entry: Mapping) -> None:
        self.nonempty(entry.get("cron"), '"cron"')
        self.nonempty(entry.get("timezone"), '"timezone"')

    def event_section(self, event: str, section: str, node: Node, config: Mapping) -> None:
        self.expect(node, Mapping, f'"{section}" of "{event}"', "a mapping")

    def event_entry(self, event: str, section: str, key: Node, spec: Node) -> None:
        what = _WHAT[section]
        name = getattr(key, "value", "")
        if is_null(spec) or not self.expect(spec, Mapping, f'{what} "{name}"', "a mapping"):
            return
        options = spec.get("options")
        if section == "inputs" and input_kind(spec) == "choice" and isinstance(options, Sequence):
            self.nonempty_seq(options, '"options"')
        required = spec.get("required")
        if (
            isinstance(required, Scalar)
            and not required.is_null
            and required.type != "bool"
            and not has_expression(required)
        ):
            self.report(required, f'"required" of {what} "{name}" must be true or false, not "{required.value}"')
        if section == "outputs":
            self.nonempty(spec.get("value"), f'"value" of output "{name}"')
        typ = spec.get("type")
        if typ is not None and not isinstance(typ, Scalar):
            self.type_error(typ, f'"type" of {what} "{name}"', "a type name")
        if isinstance(typ, Scalar):
            types = ("boolean", "number", "string") + (
                ("choice", "environment") if event == "workflow_dispatch" else ()
            )
            if typ.value not in types:
                listed = ", ".join(f'"{t}"' for t in types)
                self.report(typ, f'invalid input type "{typ.value}"; expected one of {listed}')

    def permissions(self, node: Node) -> None:
        if not isinstance(node, (Mapping, Scalar)):
            self.type_error(node, '"permissions"', "a mapping or read-all/write-all")

    def section(self, name: str, node: Node, key: Node | None) -> None:
        if isinstance(node, Scalar) and not node.is_null:
            self.nonempty(node, f'"{name}"')
        elif self.expect(node, Mapping, f'"{name}"', "a mapping or a string"):
            for sub in ("group", "name", "image-name", "version"):
                if sub in node:
                    self.nonempty(node.get(sub), f'"{sub}"')

    def defaults(self, node: Node) -> None:
        if self.expect(node, Mapping, '"defaults"', "a mapping"):
            self.expect(node.get("run"), Mapping, '"defaults.run"', "a mapping")

    def env(self, node: Node) -> None:
        if not has_expression(node):
            self.expect(node, Mapping, '"env"', "a mapping of variable names to values")

    def job(self, job: Job) -> None:
        node = job.node
        if node is None:
            jobs = self.wf.root.get("jobs") if self.wf.root is not None else None
            self.type_error(jobs.get(job.id) if isinstance(jobs, Mapping) else None, f'job "{job.id}"', "a mapping")
            return
        self.scalar_kind(node.get("uses"), '"uses"', ("str",), "a string")
        self.expect(node.get("services"), Mapping, '"services"', "a mapping of service names to containers")
        needs = node.get("needs")
        if isinstance(needs, Sequence) and not needs.items:
            self.report(needs, '"needs" must not be an empty list; remove it if the job needs no other job')
        self.positive(node.get("timeout-minutes"), '"timeout-minutes"', ("int", "float"))
        self.scalar_kind(node.get("continue-on-error"), '"continue-on-error"', ("bool",), "a boolean")
        secrets = node.get("secrets")
        if isinstance(secrets, Scalar) and not has_expression(secrets) and secrets.value != "inherit":
            self.report(secrets, f'"secrets" must be a mapping or "inherit", not "{secrets.value}"')
        self.expect(node.get("outputs"), Mapping, '"outputs"', "a mapping")
        self.expect(node.get("with"), Mapping, '"with"', "a mapping")
        steps = node.get("steps")
        if not is_null(steps) and self.expect(steps, Sequence, '"steps"', "a sequence of steps"):
            for item in steps.items:
                self.expect(item, Mapping, "a step", "a mapping")
        for item in needs.items if isinstance(needs, Sequence) else [] if needs is None else [needs]:
            if not isinstance(item, Scalar) or item.is_null:
                self.type_error(item, 'an entry of "needs"', "a job id")

    def runs_on(self, node: Node) -> None:
        if is_expression(node):
            return
        if isinstance(node, Mapping):
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
        elif is_null(node):
            self.type_error(node, '"runs-on"', "a runner label, a list of labels or a mapping")
        else:
            self.nonempty(node, '"runs-on"')

    def strategy(self, node: Node) -> None:
        if not self.expect(node, Mapping, '"strategy"', "a mapping"):
            return
        self.scalar_kind(node.get("fail-fast"), '"fail-fast"', ("bool",), "a boolean")
        self.positive(node.get("max-parallel"), '"max-parallel"', ("int",))
        matrix = node.get("matrix")
        if not self.expect(matrix, Mapping, '"matrix"', "a mapping"):
            return
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

    def container(self, node: Node, what: str, key: Node | None) -> None:
        if is_null(node) and what == "container":
            return
        if isinstance(node, Scalar):
            self.nonempty(node, f'"{what}" image')
            return
        if not self.expect(node, Mapping, f'"{what}"', "a mapping or an image name"):
            return
        if "image" in node:
            self.nonempty(node.get("image"), '"image"')
        for seq in ("ports", "volumes"):
            value = node.get(seq)
            if value is not None and not isinstance(value, Sequence) and not is_expression(value):
                self.type_error(value, f'"{seq}"', "a sequence")
            elif isinstance(value, Sequence):
                for item in value.items:
                    self.nonempty(item, f'an entry of "{seq}"')
        self.expect(node.get("credentials"), Mapping, '"credentials"', "a mapping")

    def step(self, node: Mapping, job: Job) -> None:
        with_ = node.get("with")
        if not is_null(with_):
            self.expect(with_, Mapping, '"with"', "a mapping of input names to values")
        self.positive(node.get("timeout-minutes"), '"timeout-minutes"', ("int", "float"))
        self.scalar_kind(node.get("continue-on-error"), '"continue-on-error"', ("bool",), "a boolean")
        for key in ("uses", "id"):
            if key in node:
                self.nonempty(node.get(key), f'"{key}"')
