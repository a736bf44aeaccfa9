"""The parsed workflow: YAML nodes plus what rules share (jobs, steps, every expression)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from typing import Any

from ...core.document import Document, Range
from ...core.weak import WeakLink
from ..yaml import Mapping, Node, Scalar, Sequence, YamlStream, scalar_offsets
from .expressions import Embedded, Expr, ExprError, find_expressions, parse_expression


@dataclass
class Step:
    node: Mapping
    index: int

    def get(self, key: str) -> Node | None:
        return self.node.get(key)

    def str(self, key: str) -> str | None:
        value = self.node.get(key)
        return value.value if isinstance(value, Scalar) and not value.is_null else None


@dataclass
class Job:
    id: str
    key: Scalar
    node: Mapping | None
    steps: list[Step] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        return self.node.get(key) if self.node is not None else None


@dataclass
class ExprSite:
    """One expression in the file and where it sits."""

    scalar: Scalar
    path: tuple[str, ...]  # keys from the root, job ids as "<job>", step indexes as "<step>"
    place: str | None  # key of schema.AVAILABILITY, None where no table entry applies
    embedded: Embedded
    ast: Expr | None
    error: ExprError | None
    owner: InitVar[Workflow]  # kept as the weak ``workflow``: the workflow lists its sites
    whole: bool  # the value is one ``${{ }}`` (possibly with surrounding spaces)
    implicit: bool = False  # an ``if:`` written without ``${{ }}``
    job_id: str | None = None  # the job the expression is in
    workflow = WeakLink()  # not a field: set from ``owner``

    def __post_init__(self, owner: Workflow) -> None:
        self.workflow = owner

    def range(self, start: int, end: int) -> Range:
        """Range in the document of inner offsets [start, end) of this expression."""
        base = self.embedded.inner_start
        return self.workflow.value_range(self.scalar, base + start, base + end)

    @property
    def full_range(self) -> Range:
        return self.workflow.value_range(self.scalar, self.embedded.start, self.embedded.end)


@dataclass
class Workflow:
    document: Document
    stream: YamlStream
    kind: str  # "workflow" or "action"
    root: Mapping | None
    jobs: list[Job] = field(default_factory=list)
    expressions: list[ExprSite] = field(default_factory=list)
    _offsets: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def value_range(self, scalar: Scalar, start: int, end: int) -> Range:
        shift = _direct_shift(scalar)
        if shift is not None:  # the value is the source text itself (one line, no escapes)
            line, col = scalar.start_pos.line, scalar.start_pos.column + shift
            return Range.of(line, col + start, line, col + max(end, start))
        offsets = self._offsets.get(id(scalar))
        if offsets is None:
            offsets = self._offsets[id(scalar)] = scalar_offsets(scalar, self.document.text)
        s = offsets[min(start, len(offsets) - 1)]
        e = offsets[min(end - 1, len(offsets) - 1)] + 1 if end > start else s
        return self.document.range_of(s, e)

    def once(self, key: Any, compute: Callable[[], Any]) -> Any:
        """Compute something several rules share (e.g. the structure check) once per analysis."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def on(self) -> Node | None:
        return self.root.get("on") if self.root is not None else None

    def events(self) -> dict[str, tuple[Scalar, Node | None]]:
        """Event name -> (name node, its configuration node or None)."""
        on = self.on
        out: dict[str, tuple[Scalar, Node | None]] = {}
        if isinstance(on, Scalar) and not on.is_null:
            out[on.value] = (on, None)
        elif isinstance(on, Sequence):
            for item in on.items:
                if isinstance(item, Scalar):
                    out.setdefault(item.value, (item, None))
        elif isinstance(on, Mapping):
            for key, value in on.items():
                if isinstance(key, Scalar):
                    out.setdefault(key.value, (key, value))
        return out


def _direct_shift(scalar: Scalar) -> int | None:
    if scalar.start_pos.line != scalar.end_pos.line:
        return None
    width = scalar.end - scalar.start
    if scalar.style == "" and width == len(scalar.value):
        return 0
    if scalar.style in ("'", '"') and width == len(scalar.value) + 2:
        return 1
    return None


def build(document: Document, stream: YamlStream, kind: str) -> Workflow:
    root = stream.root
    wf = Workflow(document, stream, kind, root if isinstance(root, Mapping) else None)
    if wf.root is None:
        return wf
    jobs = wf.root.get("jobs") if kind == "workflow" else None
    if isinstance(jobs, Mapping):
        for key, value in jobs.items():
            if not isinstance(key, Scalar):
                continue
            job = Job(key.value, key, value if isinstance(value, Mapping) else None)
            steps = job.get("steps")
            if isinstance(steps, Sequence):
                job.steps = [Step(s, i) for i, s in enumerate(steps.items) if isinstance(s, Mapping)]
            wf.jobs.append(job)
    _collect_expressions(wf)
    return wf


def _collect_expressions(wf: Workflow) -> None:
    """Every expression, in document order. A node's path is built only when it is needed (for
    collections and for scalars that can hold an expression), since most scalars hold none."""
    seen: set[int] = set()
    # (node, its parent's path, its own segment or None for the root, job id)
    stack: list[tuple[Node, tuple[str, ...], str | None, str | None]] = [(wf.root, (), None, None)]
    while stack:
        node, parent, segment, job_id = stack.pop()
        if node.anchor:  # only an alias's target (an anchored node) can be reached twice
            if id(node) in seen:
                continue
            seen.add(id(node))
        cls = node.__class__
        if cls is Scalar:
            # only an ``if:`` holds an expression written without ${{ }}
            if segment == "if" or "${{" in node.value:
                _scalar_expressions(wf, node, parent + (segment,) if segment is not None else parent, job_id)
            continue
        path = parent + (segment,) if segment is not None else parent
        if cls is Mapping:
            in_jobs = path == ("jobs",)
            in_env = path[-1:] == ("env",)
            generic = _generic_segment(path)
            for key, value in reversed(node.pairs):
                name = key.value if key.__class__ is Scalar else "?"
                if in_env and key.__class__ is Scalar and "${{" in name:
                    # a computed variable name sees the same contexts as the values
                    _scalar_expressions(wf, key, path + ("<name>",), name if in_jobs else job_id)
                stack.append((value, path, generic or name, name if in_jobs else job_id))
        elif cls is Sequence:
            marker = "<step>" if path[-1:] == ("steps",) else "<item>"
            for item in reversed(node.items):
                stack.append((item, path, marker, job_id))


def _generic_segment(path: tuple[str, ...]) -> str | None:
    """The segment standing for every key under ``path`` where ids are generalised so that paths
    match the availability table (None: keys stand for themselves)."""
    if path == ("jobs",):
        return "<job>"
    if len(path) == 3 and path[0] == "jobs" and path[2] == "services":
        return "<service>"
    if len(path) > 1 and path[-1] in ("env", "with", "outputs", "secrets", "inputs"):
        return "<name>"
    return None


def _scalar_expressions(wf: Workflow, node: Scalar, path: tuple[str, ...], job_id: str | None) -> None:
    value = node.value
    found = find_expressions(value) if "${{" in value else []
    implicit = False
    if not found:
        is_if = path[-1:] == ("if",) and (
            len(path) == 3 and path[0] == "jobs" or path[-3:-1] == ("steps", "<step>") or path[-2:-1] == ("snapshot",)
        )
        if not is_if or node.is_null or not value.strip():
            return
        found = [Embedded(0, 0, len(value), len(value), value)]
        implicit = True
    place = place_of(path)
    for emb in found:
        ast, error = None, None
        if not emb.closed:
            error = ExprError("${{ is not closed with }}", -3, -0)
        else:
            ast, error = _parse_cached(emb.inner)
        whole = implicit or value.strip() == value[emb.start : emb.end].strip() and len(found) == 1
        wf.expressions.append(ExprSite(node, path, place, emb, ast, error, wf, whole, implicit, job_id))


@functools.lru_cache(maxsize=8192)
def _parse_cached(inner: str) -> tuple[Expr | None, ExprError | None]:
    """Parse once per distinct text: an edit re-analyses the whole file, whose expressions mostly
    did not change (rules only read the trees, so sharing them is safe)."""
    try:
        return parse_expression(inner), None
    except ExprError as exc:
        return None, exc


def place_of(path: tuple[str, ...]) -> str | None:
    """The context-availability key (schema.AVAILABILITY) for a value at ``path``."""
    if not path:
        return None
    head = path[0]
    if head in ("run-name", "concurrency", "env"):
        return head
    if head == "defaults" and path[1:2] == ("run",):
        return "defaults.run"
    if head == "on":
        if path[1:2] == ("workflow_call",) and len(path) >= 5:
            if path[2] == "inputs" and path[4] == "default":
                return "on.workflow_call.inputs.default"
            if path[2] == "outputs" and path[4] == "value":
                return "on.workflow_call.outputs.value"
        return None
    if head != "jobs" or len(path) < 3:
        return None
    key, rest = path[2], path[3:]
    if key == "steps":
        if len(rest) >= 2 and rest[0] == "<step>":
            place = f"jobs.steps.{rest[1]}"
            from .schema import AVAILABILITY

            return place if place in AVAILABILITY else None
        return None
    if key == "environment" and rest[:1] == ("url",):
        return "jobs.environment.url"
    if key == "container":
        if rest[:1] in (("credentials",), ("env",)):
            return f"jobs.container.{rest[0]}"
        return "jobs.container"
    if key == "services":
        if len(rest) >= 2 and rest[1] in ("credentials", "env"):
            return f"jobs.services.{rest[1]}"
        return "jobs.services"
    if key == "snapshot":
        return "jobs.snapshot.if" if rest == ("if",) else None
    if key == "defaults":
        return "jobs.defaults.run" if rest[:1] == ("run",) else None
    if key in (
        "concurrency",
        "continue-on-error",
        "env",
        "environment",
        "if",
        "name",
        "outputs",
        "runs-on",
        "secrets",
        "strategy",
        "timeout-minutes",
        "with",
    ):
        return f"jobs.{key}"
    return None
