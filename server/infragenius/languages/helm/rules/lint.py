"""``helm lint`` through Helm's Go SDK, each message reported on the file (and line) it is about."""

from __future__ import annotations

import logging
import re
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache

from ....core.context import Workspace
from ....core.document import Range
from ....core.findings import Severity
from ...kubernetes.rules.objects import REMOVED_APIS
from ...yaml import Mapping, Node, Scalar, Sequence
from ..native_log import helm_stderr
from ..render import NativeWorker, Snapshot, materialised, sdk_available, snapshot
from ._base import HelmRule
from .rendered import _render_enabled, lint_target

log = logging.getLogger(__name__)
_CACHE: LRUCache = LRUCache(maxsize=64)

_SEVERITY = {3: Severity.ERROR, 2: Severity.WARNING, 1: Severity.INFORMATION}
# Chart.yaml messages that HM006 already reports (missing fields, SemVer, apiVersion, type, deps).
_CHART_YAML_OURS = ("is required", "semver", "apiversion", "chart type", "dependenc")
# Said of most real charts and harmless: not worth a squiggle on every Chart.yaml.
_COSMETIC = frozenset({"icon is recommended"})
_DEPRECATED = re.compile(r"^(?P<api>\S+) (?P<kind>\S+) is deprecated")
_OBJECT_NAME = re.compile(r'^object name does not conform to Kubernetes naming requirements: "(?P<name>[^"]*)"')
_YAML_LINE = re.compile(r"yaml: line (?P<line>\d+):")
_SCHEMA = re.compile(r"^- at '(?P<pointer>[^']*)': (?P<why>.*)$")
_ABOUT_KEY = re.compile(r"^(?P<key>\w+) (?:is recommended|is required|should be)")
_CHART_YAML_KEYS_OURS = frozenset({"apiVersion", "name", "version", "type", "dependencies"})
_UNKNOWN_FIELD = re.compile(r'unknown field "(?P<key>[^"]+)"')


@dataclass(frozen=True)
class LintMessage:
    severity: int  # Helm's: 0 unknown, 1 info, 2 warning, 3 error
    path: str  # relative to the chart root ("Chart.yaml", "templates/x.yaml")
    error: str
    pointer: str | None = None  # values.yaml schema messages: the JSON pointer of the value


def lint_chart(root: Path, workspace: Workspace) -> list[LintMessage] | None:
    return lint_snapshot(snapshot(root, workspace)) if sdk_available() else None


def lint_snapshot(snap: Snapshot) -> list[LintMessage] | None:
    """``helm lint`` of the chart as the editor has it; cached by the content of every file."""
    if not sdk_available():
        return None
    messages = LINTER.wait(_started(snap), f"helm lint of {snap.root.name}")
    if messages is None:  # past the deadline: remembered as clean, like a render that timed out
        _CACHE[snap.key] = done = Future()
        done.set_result([])
        return []
    return messages


def start_lint(snap: Snapshot) -> None:
    """Start ``helm lint`` of the chart on its own thread, so that it runs while the chart renders."""
    if sdk_available():
        _started(snap)


def _started(snap: Snapshot) -> Future:
    future = _CACHE.get(snap.key)
    if future is None:
        future = _CACHE[snap.key] = LINTER.submit(_lint, snap)
    return future


LINTER = NativeWorker("helm-lint")


def _lint(snap: Snapshot) -> list[LintMessage]:
    import helm_python

    try:
        with materialised(snap) as source, helm_stderr(log):
            messages = _messages(helm_python.lint(str(source)))
            if any(m.pointer is not None for m in messages):
                # Values that break the schema stop Helm before the templates are linted: lint
                # the rest again without the schema.
                rest = _messages(helm_python.lint(str(source), skip_schema_validation=True))
                messages = [m for m in messages if m.path == "values.yaml"] + [
                    m for m in rest if m.path != "values.yaml"
                ]
    except Exception as exc:  # noqa: BLE001 - native code: a failure is logged, never raised into the server
        log.warning("helm lint failed: %s", type(exc).__name__)
        return []
    return messages


def _messages(report: dict) -> list[LintMessage]:
    out = []
    for raw in report.get("messages") or ():
        path, error = str(raw.get("path", "")), str(raw.get("error", "")).strip()
        severity = int(raw.get("severity", 0) or 0)
        if not path or path.endswith("/") or Path(path).is_absolute():
            continue  # "templates/": render errors (HM007 says them); the chart folder: dependencies
        if path == "values.yaml" and error.startswith("- at "):
            for line in error.splitlines():
                match = _SCHEMA.match(line.strip())
                if match:
                    out.append(LintMessage(severity, path, match.group("why"), match.group("pointer")))
            continue
        out.append(LintMessage(severity, path, error))
    return out


class HelmLint(HelmRule):
    """``helm lint`` reports a problem in the chart.

    The chart is linted by Helm's own code (through its Go SDK, no binary needed) and every message
    is shown on the file it names: Chart.yaml, values.yaml (values that break values.schema.json,
    at the offending value), or the template (deprecated API versions, invalid object names, YAML
    that does not parse once rendered). Messages that our own checks already give (render errors,
    Chart.yaml fields, removed API versions) are not repeated, and charts with a dependency that is
    neither vendored (``helm dependency build``) nor found beside the chart are not linted.

    Bad:

        # values.schema.json says replicaCount is an integer
        replicaCount: "two"

    Good:

        replicaCount: 2
    """

    code = "HM009"
    name = "helm-lint"
    message = "helm lint reports a problem"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("helm-lint:lint", "helm-lint:values")
    applies_to = ("template", "chart", "values", "other")

    def check_document(self, model, ctx):
        chart = model.chart
        if chart is None or model.path is None or not _render_enabled(ctx) or not chart.renderable:
            return
        try:
            relative = model.path.relative_to(chart.root).as_posix()
        except ValueError:
            return
        messages = lint_snapshot(lint_target(model, ctx))
        for message in messages or ():
            if message.path != relative or _ours(message) or message.error in _COSMETIC:
                continue
            where, text = _locate(message, ctx, model)
            yield self.finding(
                where, f"helm lint: {text}", severity=_SEVERITY.get(message.severity, Severity.INFORMATION)
            )


def _ours(message: LintMessage) -> bool:
    """Said already by another rule (Chart.yaml fields: HM006, removed API versions: K8021), or an
    artefact of lint mode."""
    if message.path == "Chart.yaml":
        about = _ABOUT_KEY.match(message.error)
        if about and about.group("key") in _CHART_YAML_KEYS_OURS:
            return True
        return any(marker in message.error.lower() for marker in _CHART_YAML_OURS)
    name = _OBJECT_NAME.match(message.error)
    if name and not name.group("name"):
        return True  # empty only because lint renders ``required`` as "" (HM005 covers required)
    match = _DEPRECATED.match(message.error)
    if match:
        api, kind = match.group("api"), match.group("kind")
        return (api, kind) in REMOVED_APIS or (api, "*") in REMOVED_APIS
    return False


def _locate(message: LintMessage, ctx, model) -> tuple[Range, str]:
    document = ctx.document
    if message.pointer is not None:
        return _values_range(
            message.pointer, model, document
        ), f"value at '{message.pointer or '/'}' does not match values.schema.json: {message.error}"
    error = _one_line(message.error)
    match = _UNKNOWN_FIELD.search(error)
    if match and model.stream is not None and isinstance(model.stream.root, Mapping):
        key = model.stream.root.key_node(match.group("key"))
        if key is not None:  # Helm 2's ``engine:`` in Chart.yaml, say
            return key.range, f"{error.split('; ')[0]}: {match.group()}"
    match = _ABOUT_KEY.match(error)
    if match and model.stream is not None and isinstance(model.stream.root, Mapping):
        key = model.stream.root.key_node(match.group("key"))
        if key is not None:
            return key.range, error
    match = _DEPRECATED.match(error)
    if match:
        found = _find_line(
            document, re.compile(r"^\s*apiVersion:\s*[\"']?" + re.escape(match.group("api")) + r"[\"']?\s*$")
        )
        if found is not None:  # the version itself
            row = found.start.line
            column = document.line_text(row).index(match.group("api"), found.start.column)
            return Range.of(row, column, row, column + len(match.group("api"))), error
    match = _OBJECT_NAME.match(error)
    if match:
        literal = re.compile(r"^\s*name:\s*[\"']?" + re.escape(match.group("name")) + r"[\"']?\s*$")
        found = _find_line(document, literal)
        if found is not None:
            return found, error.split(": metadata.name:", 1)[0]
        return _first_line(document), error.split(": metadata.name:", 1)[0]
    match = _YAML_LINE.search(error)
    if match and "{{" not in document.text:
        row = int(match.group("line")) - 1  # without actions the rendered lines are the template's
        if 0 <= row < len(document.lines):
            return _line(document, row), error
    return _first_line(document), error


def _one_line(error: str) -> str:
    """Helm's multi-line messages (a cause indented under the summary) as one line."""
    return "; ".join(line.strip() for line in error.splitlines() if line.strip())


def _values_range(pointer: str, model, document) -> Range:
    node: Node | None = model.stream.root if model.stream is not None else None
    last: Node | None = None
    for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]:
        if isinstance(node, Mapping) and part in node:
            last, node = node.key_node(part), node.get(part)
        elif isinstance(node, Sequence) and part.isdigit() and int(part) < len(node.items):
            last, node = node.items[int(part)], node.items[int(part)]
        else:
            break  # a missing property: point at the deepest key that exists
    else:
        if isinstance(node, Scalar):
            return node.range
    return last.range if last is not None else _first_line(document)


def _find_line(document, pattern: re.Pattern) -> Range | None:
    """The only line matching ``pattern`` (several: ambiguous, so None)."""
    rows = [i for i, line in enumerate(document.lines) if pattern.match(line)]
    return _line(document, rows[0]) if len(rows) == 1 else None


def _line(document, row: int) -> Range:
    text = document.line_text(row)
    start = len(text) - len(text.lstrip())
    return Range.of(row, start, row, len(text.rstrip()))


def _first_line(document) -> Range:
    return _line(document, 0) if document.lines else Range.of(0, 0, 0, 0)
