"""Checks on the chart as Helm renders it: render errors, and the Kubernetes rules on the output,
mapped back to the template line that produced each finding."""

from __future__ import annotations

import re
from pathlib import Path

from ....core.context import Context
from ....core.document import Document, Range
from ....core.findings import Finding, Severity
from ...kubernetes.parse import resources_of
from ...kubernetes.model import Manifests
from ...yaml import Mapping, Scalar, parse_yaml
from ..chart import overlaid
from ..render import Snapshot, render_snapshot, sdk_available, snapshot
from ._base import HelmRule

_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z0-9_.\-/]+|\"[^\"]+\"|'[^']+'):(?:\s|$)")
_ACTION = re.compile(r"\{\{.*?\}\}")
_OWN_CHECKS = ("not defined", "unexpected EOF", "unexpected {{end}}", "unexpected {{else}}", "unterminated")


class RenderError(HelmRule):
    """Helm cannot render the chart with its default values.

    The error comes from Helm's own engine (through its Go SDK): a template that fails to execute,
    a ``fail``/``required`` call that fires with the defaults, malformed YAML produced by a template.
    Reported on the template and line Helm names.

    Bad:

        replicas: {{ .Values.replicaCount | add "x" }}

    Good:

        replicas: {{ .Values.replicaCount }}
    """

    code = "HM007"
    name = "render-error"
    message = "Helm cannot render the chart"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("helm-lint:templates",)

    def check_document(self, model, ctx):
        if model.chart is None or model.path is None or not _render_enabled(ctx):
            return
        if model.chart.incomplete_defines:
            return  # a dependency cannot be found (not vendored, not beside the chart): rendering cannot work
        rendered, name, relative = _rendered(model, ctx)
        if rendered is None or rendered.ok or rendered.error_file is None:
            return
        if rendered.error_file not in (f"{name}/{relative}", relative):
            return
        if any(marker in rendered.error for marker in _OWN_CHECKS):
            return  # the template checks (HM001, HM004) already report this, at the exact token
        line = max((rendered.error_line or 1) - 1, 0)
        col = max((rendered.error_col or 1) - 1, 0)
        text = ctx.document.line_text(line)
        first = rendered.error.strip().splitlines()
        message = first[-1].strip() if first else "render failed"
        yield self.finding(Range.of(line, min(col, len(text)), line, len(text)), f"Helm: {message}")


class RenderedManifestFindings(HelmRule):
    """The Kubernetes rules applied to the chart rendered with its default values.

    Each finding of a Kubernetes rule (privileged containers, missing limits, latest tags...) is
    reported on the template line that produced the offending key, under the Kubernetes rule's own
    code, so selection, severities and suppressions work the same as for plain manifests. When the
    line cannot be found with certainty (e.g. a value spliced in with ``toYaml``), nothing is said.

    Bad:

        securityContext:
          privileged: {{ .Values.privileged }}   # values.yaml: privileged: true

    Good:

        securityContext:
          privileged: false
    """

    code = "HM008"
    name = "rendered-manifest"
    message = "Kubernetes finding in the rendered chart"
    severity = Severity.WARNING
    tags = ("security", "no-peer")
    emits = ("K8",)  # findings keep the Kubernetes rule's code

    def check_document(self, model, ctx):
        if model.chart is None or model.path is None or model.is_helper or not _render_enabled(ctx):
            return
        if model.path.suffix not in (".yaml", ".yml") or model.chart.incomplete_defines:
            return
        rendered, name, relative = _rendered(model, ctx)
        if rendered is None or not rendered.ok:
            return
        output = rendered.for_template(name, relative)
        if not output or not output.strip():
            return
        for finding in _kubernetes_findings(output, ctx):
            mapped = _map_back(finding, output, ctx.document)
            if mapped is not None:
                yield finding.with_(
                    range=mapped, message=f"{finding.message} (rendered with default values)", data={"rendered": True}
                )


def _rendered(model, ctx: Context):
    """(the chart rendered, its name, the template's path in it); ``helm lint`` (HM009) is started on
    its own thread first, so that the two Helm calls run side by side."""
    root, name, relative = render_target(model.chart.root, model.chart.name, model.path, ctx)
    if not sdk_available():
        return None, name, relative
    if ctx.config.is_selected("HM009"):
        from .lint import start_lint  # lint.py imports this module

        start_lint(chart_snapshot(model, ctx, model.chart.root))
    return render_snapshot(chart_snapshot(model, ctx, root)), name, relative


def chart_snapshot(model, ctx: Context, root: Path) -> Snapshot:
    """The chart at ``root`` as this analysis sees it, read and hashed once: HM007, HM008 and HM009
    all need it (every file of bitnami's nginx and its library: ~13 ms a time)."""
    if root not in model.snapshots:
        model.snapshots[root] = snapshot(root, _workspace(ctx, model))
    return model.snapshots[root]


def render_target(root: Path, name: str, path: Path, ctx: Context) -> tuple[Path, str, str]:
    """(chart to render, its name, the template's path in it as Helm names it). A subchart vendored
    in a parent's ``charts/`` only ever renders through the parent, with the parent's values,
    globals and ``condition``: rendered alone it would fail on ``.Values.global`` or judge values the
    parent overrides. So render the top chart and find the template under ``charts/<sub>/``."""
    relative = path.relative_to(root).as_posix()
    while root.parent.name == "charts" and (root.parent.parent / "Chart.yaml").is_file():
        relative = f"charts/{root.name}/{relative}"
        root = root.parent.parent
        name = _chart_name(root, ctx) or root.name
    return root, name, relative


def _chart_name(root: Path, ctx: Context) -> str | None:
    mapping = parse_yaml(ctx.workspace.read_text(root / "Chart.yaml") or "").root
    node = mapping.get("name") if isinstance(mapping, Mapping) else None
    return str(node.value) if isinstance(node, Scalar) and node.value is not None else None


def _render_enabled(ctx: Context) -> bool:
    options = ctx.options("helm")
    return getattr(options, "render", True)


def _workspace(ctx: Context, model):
    return overlaid(ctx.workspace, model.path, ctx.document.text)


def _kubernetes_findings(text: str, ctx: Context) -> list[Finding]:
    document = Document("rendered:" + ctx.document.uri, text, "kubernetes")
    manifests = Manifests(parse_yaml(text), [])
    manifests.resources = resources_of(manifests.stream)
    sub = Context(document=document, config=ctx.config, workspace=ctx.workspace, model=manifests)
    out: list[Finding] = []
    from ....core.engine import enabled_rules

    for rule in enabled_rules("kubernetes", ctx.config):
        try:
            out.extend(list(rule().check(sub)))
        except Exception:  # a crashing rule never hides the others
            continue
    return out


def _static(line: str) -> str:
    """A template line with its actions blanked out (keeps columns)."""
    return _ACTION.sub(lambda m: " " * len(m.group()), line)


def _map_back(finding: Finding, rendered: str, template: Document) -> Range | None:
    """The template line that wrote the rendered line of ``finding``: the only line with the same
    YAML key, or among several the one whose enclosing keys match best."""
    lines = rendered.splitlines()
    row = finding.range.start.line
    if row >= len(lines):
        return None
    match = _KEY.match(lines[row])
    if match is None:
        return None
    key = match.group(2)
    rendered_path = _key_path(lines, row)
    candidates = []
    for number, line in enumerate(template.lines):
        static = _static(line)
        m = _KEY.match(static)
        if m is not None and m.group(2) == key:
            candidates.append(number)
    statics = [_static(line) for line in template.lines]
    need = min(3, len(rendered_path))  # the key and its parents must match, not just the key
    scored = sorted(
        ((_common_suffix(_key_path(statics, n), rendered_path), n) for n in candidates), reverse=True
    )
    scored = [(score, n) for score, n in scored if score >= need]
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None  # unknown or ambiguous: say nothing rather than point at the wrong line
    candidates = [scored[0][1]]
    number = candidates[0]
    text = template.line_text(number)
    start = len(text) - len(text.lstrip())
    if text.lstrip().startswith("- "):
        start += 2
    return Range.of(number, start, number, len(text.rstrip()))


def _key_path(lines: list[str], row: int) -> list[str]:
    """Keys enclosing ``row`` by indentation (a rough YAML path, enough to tell lines apart)."""
    path: list[str] = []
    match = _KEY.match(lines[row])
    indent = len(match.group(1)) if match else len(lines[row]) - len(lines[row].lstrip())
    if match:
        path.append(match.group(2))
    for i in range(row - 1, -1, -1):
        m = _KEY.match(lines[i])
        if m is None:
            continue
        level = len(m.group(1))
        if level < indent:
            path.append(m.group(2))
            indent = level
            if level == 0:
                break
    return path


def _common_suffix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
