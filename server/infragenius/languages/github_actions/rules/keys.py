"""Keys of the workflow's mappings: unknown at their place, written twice, YAML merge keys."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.findings import Severity
from ....core.suggest import candidates
from ...yaml import Mapping, Node, Scalar
from .. import schema
from ..model import Job, Workflow
from ..values import is_merge_key, key_rename
from ._base import WalkRule


class UnknownKey(WalkRule):
    """A key that GitHub Actions does not know at this place.

    GitHub rejects the workflow (or, for some sections, silently ignores the key). A typo such as
    ``runs_on`` or ``timeout`` is the usual cause; the message suggests the closest known key.

    Bad:

        jobs:
          build:
            runs_on: ubuntu-latest

    Good:

        jobs:
          build:
            runs-on: ubuntu-latest
    """

    code = "GA001"
    name = "unknown-key"
    message = "Unknown key"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)
    fixable = True

    def keys(self, node: Node | None, allowed: Iterable[str], where: str) -> None:
        if not isinstance(node, Mapping):
            return
        allowed = tuple(allowed)
        for key, _ in node.pairs:
            if isinstance(key, Scalar) and key.value not in allowed and not is_merge_key(key):
                hint, fix = key_rename(key, candidates(key.value, allowed), node)
                self.report(key, f'unknown key "{key.value}" in {where}{hint}', fix=fix)

    def workflow(self, root: Mapping) -> None:
        self.keys(root, schema.WORKFLOW_KEYS, "workflow")

    def event(self, event: str, key: Scalar, value: Node) -> None:
        if not isinstance(value, Mapping):
            return
        if event in ("workflow_dispatch", "workflow_call"):
            self.keys(value, schema.SECTION_KEYS[event], f'"{event}"')
            return
        for name_key, _ in value.items():  # noqa: PERF102 (Mapping.keys() gives strings, not the key nodes)
            if not isinstance(name_key, Scalar) or name_key.value == "types" or name_key.value in schema.FILTERS:
                continue
            allowed = [f for f, events in schema.FILTERS.items() if event in events]
            if schema.EVENT_TYPES[event] is not None:
                allowed.append("types")
            hint, fix = key_rename(name_key, candidates(name_key.value, allowed or ["types"]), value)
            self.report(name_key, f'unknown key "{name_key.value}" for the "{event}" event{hint}', fix=fix)

    def schedule_entry(self, entry: Mapping) -> None:
        self.keys(entry, ("cron", "timezone"), "a schedule entry")

    def event_entry(self, event: str, section: str, key: Node, spec: Node) -> None:
        what = {"inputs": "input", "outputs": "output", "secrets": "secret"}[section]
        allowed = schema.SECTION_KEYS.get(f"{event}.{what}", ())
        self.keys(spec, allowed, f'{what} "{getattr(key, "value", "")}" of "{event}"')

    def section(self, name: str, node: Node, key: Node | None) -> None:
        self.keys(node, schema.SECTION_KEYS[name] + (("if",) if name == "snapshot" else ()), f'"{name}"')

    def defaults(self, node: Node) -> None:
        if isinstance(node, Mapping):
            self.keys(node, schema.SECTION_KEYS["defaults"], '"defaults"')
            self.keys(node.get("run"), schema.SECTION_KEYS["defaults.run"], '"defaults.run"')

    def job(self, job: Job) -> None:
        node = job.node
        if node is None:
            return
        self.keys(node, schema.JOB_KEYS, f'job "{job.id}"')
        if "uses" in node:  # a caller job: most job keys belong to the called workflow's jobs
            for key, _ in node.pairs:
                if isinstance(key, Scalar) and key.value in schema.JOB_KEYS and key.value not in schema.CALLER_JOB_KEYS:
                    self.report(
                        key,
                        f'"{key.value}" cannot be used in job "{job.id}", which calls a reusable workflow with "uses"',
                    )
            return
        for name in ("with", "secrets"):
            if name in node:
                self.report(
                    node.key_node(name), f'"{name}" is only for a job that calls a reusable workflow with "uses"'
                )

    def runs_on(self, node: Node) -> None:
        self.keys(node, schema.SECTION_KEYS["runs-on"], '"runs-on"')

    def strategy(self, node: Node) -> None:
        self.keys(node, schema.SECTION_KEYS["strategy"], '"strategy"')

    def container(self, node: Node, what: str, key: Node | None) -> None:
        if not isinstance(node, Mapping):
            return
        extra = ("command", "entrypoint") if what == "service" else ()
        self.keys(node, schema.SECTION_KEYS["container"] + extra, f'"{what}"')
        self.keys(node.get("credentials"), schema.SECTION_KEYS["credentials"], '"credentials"')

    def step(self, node: Mapping, job: Job) -> None:
        self.keys(node, schema.STEP_KEYS, "a step")
        if "run" in node and "with" in node:
            self.report(node.key_node("with"), '"with" cannot be used in a step with "run"')
        if "uses" in node:
            for name in ("shell", "working-directory"):
                if name in node:
                    self.report(node.key_node(name), f'"{name}" cannot be used in a step with "uses"')


class DuplicateKey(WalkRule):
    """The same key twice in one mapping.

    YAML forbids it and GitHub rejects the workflow; some YAML tools keep the last value silently, so
    the file means something else in each tool.

    Bad:

        jobs:
          build:
            runs-on: ubuntu-latest
            runs-on: windows-latest

    Good:

        jobs:
          build:
            runs-on: ubuntu-latest
    """

    code = "GA004"
    name = "duplicate-key"
    message = "Duplicate key"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)
    workflow_only = False

    def document(self, wf: Workflow) -> None:
        for problem in wf.stream.problems:
            if problem.kind == "duplicate-key" and problem.related is not None:
                line, col = problem.related.start
                self.report(problem.range, f"{problem.message}; first defined at line {line + 1}, column {col + 1}")

    def case_duplicates(self, node: Node | None, where: str) -> None:
        """Names GitHub compares case-insensitively (env, inputs, matrix, jobs...) written twice."""
        if not isinstance(node, Mapping):
            return
        seen: dict[str, Scalar] = {}
        for key, _ in node.pairs:
            if not isinstance(key, Scalar) or is_merge_key(key):
                continue
            previous = seen.get(key.value.lower())
            if previous is not None and previous.value != key.value:
                line, col = previous.start_pos
                self.report(
                    key,
                    f'key "{key.value}" is duplicated in {where} (names are case-insensitive); '
                    f"first defined at line {line + 1}, column {col + 1}",
                )
            seen.setdefault(key.value.lower(), key)

    def workflow(self, root: Mapping) -> None:
        self.case_duplicates(root.get("env"), '"env"')
        self.case_duplicates(root.get("jobs"), '"jobs"')

    def event_section(self, event: str, section: str, node: Node, config: Mapping) -> None:
        self.case_duplicates(node, f'"{section}"')

    def job(self, job: Job) -> None:
        for section in ("env", "outputs", "with", "services", "secrets"):
            self.case_duplicates(job.get(section), f'"{section}"')

    def strategy(self, node: Node) -> None:
        if isinstance(node, Mapping):
            self.case_duplicates(node.get("matrix"), '"matrix"')

    def step(self, node: Mapping, job: Job) -> None:
        self.case_duplicates(node.get("env"), '"env"')
        self.case_duplicates(node.get("with"), '"with"')


class UnsupportedMergeKey(WalkRule):
    """GitHub Actions reads anchors and aliases but not the YAML merge key ``<<``.

    Bad:

        env:
          <<: *common
          EXTRA: 1

    Good:

        env: *common
    """

    code = "GA009"
    name = "unsupported-merge-key"
    message = "YAML merge keys are not supported"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)

    def document(self, wf: Workflow) -> None:
        for document in wf.stream.documents:
            for key in document.merge_keys:
                self.report(
                    key,
                    'GitHub Actions does not support the YAML merge key "<<"; '
                    "repeat the keys or use an alias of the whole mapping",
                )
