"""Checks on the chart as Helm renders it: render errors, and the Kubernetes rules on the output,
mapped back to the template line that produced each finding."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ....core.context import Context
from ....core.document import Document, Range
from ....core.findings import Edit, Finding, Fix, Related, Severity
from ...kubernetes.model import Manifests
from ...kubernetes.parse import resources_of
from ...yaml import Mapping, Scalar, parse_yaml
from ..chart import overlaid
from ..origin import Origin, origin_of
from ..provenance import Lines, is_marked, lines_up, strip
from ..render import Snapshot, render_marked, render_snapshot, sdk_available, shares_whole, snapshot, without
from ..subset import left_out
from ._base import HelmRule

_OWN_CHECKS = ("not defined", "unexpected EOF", "unexpected {{end}}", "unexpected {{else}}", "unterminated")


class RenderError(HelmRule):
    """Helm cannot render the chart with its default values.

    The error comes from Helm's own engine (through its Go SDK): a template that fails to execute,
    a ``fail``/``required`` call that fires with the defaults, malformed YAML produced by a template.
    Reported on the template and line Helm names. A chart whose dependencies are neither vendored
    nor found beside it cannot be rendered at all: that is said once, as information, on the first
    missing dependency in Chart.yaml (the template checks stay on); so is a render that fails
    without naming a template (one that runs past the deadline).

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
    aliases = ("helm-lint:templates", "helm-lint:dependencies")
    applies_to = ("template", "chart")

    def check_document(self, model, ctx):
        if model.chart is None or model.path is None or not _render_enabled(ctx):
            return
        if model.kind == "chart":
            yield from self._missing_dependencies(model)
            yield from self._unplaced_failure(model, ctx)
            return
        if not model.chart.renderable:
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

    def _unplaced_failure(self, model, ctx):
        """A render that failed without naming a template (past the deadline, say): said once here,
        since no template can say it."""
        if not model.chart.renderable:
            return
        rendered, _, _ = _rendered(model, ctx)
        if rendered is None or rendered.ok or rendered.error_file is not None:
            return
        first = (rendered.error or "render failed").strip().splitlines()[0]
        yield self.finding(
            Range.of(0, 0, 0, len(ctx.document.line_text(0))),
            f"Helm: {first}; rendered checks are off for this chart",
            severity=Severity.INFORMATION,
        )

    def _missing_dependencies(self, model):
        missing = model.chart.dependencies.missing
        where = _dependency_name(model.stream.root if model.stream else None, missing[0]) if missing else None
        if where is None:
            return
        subject = f"dependency {missing[0]} is" if len(missing) == 1 else f"dependencies {', '.join(missing)} are"
        yield self.finding(
            where,
            f"{subject} not available: run `helm dependency build`; rendered checks are off for this chart",
            severity=Severity.INFORMATION,
        )


def _dependency_name(root, name: str) -> Range | None:
    """The ``name:`` value of dependency ``name`` in Chart.yaml."""
    deps = root.get("dependencies") if isinstance(root, Mapping) else None
    for dep in getattr(deps, "items", ()):
        node = dep.get("name") if isinstance(dep, Mapping) else None
        if isinstance(node, Scalar) and str(node.value) == name:
            return node.range
    return None


class RenderedManifestFindings(HelmRule):
    """The Kubernetes rules applied to the chart rendered with its default values.

    Each finding of a Kubernetes rule (privileged containers, missing limits, latest tags...) is
    reported under the Kubernetes rule's own code, so selection, severities and suppressions work
    the same as for plain manifests, on the template line that wrote the offending rendered line:
    a plain line, a ``range`` body, or the ``toYaml``/``include`` action that spliced it in. The
    values.yaml key that set the value is added as related information; when the template line
    only splices ``.Values`` in, the finding is reported on that values.yaml key (with the
    template line as related information). A finding that cannot be placed is reported on the
    template's first line, saying so: none is dropped.

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
    applies_to = ("template", "values")

    def check_document(self, model, ctx):
        if model.chart is None or model.path is None or not _render_enabled(ctx) or not model.chart.renderable:
            return
        if model.kind == "values":
            yield from self._on_values(model, ctx)
        elif not model.is_helper and model.path.suffix in (".yaml", ".yml"):
            for finding, origin in _placed(model, ctx, model.path, ctx.document, model.template):
                if not _on_values(origin):
                    yield _on_template(finding, origin, model, ctx.document)

    def _on_values(self, model, ctx):
        """The findings of every template whose line only splices a key of this values.yaml."""
        for path, template in sorted(model.chart.templates.items()):
            if path.name.startswith("_") or path.suffix not in (".yaml", ".yml"):
                continue
            document = Document(path.as_uri(), template.text, "helm", path=path)
            for finding, origin in _placed(model, ctx, path, document, template):
                if _on_values(origin):
                    where = path.relative_to(model.chart.root).as_posix()
                    yield finding.with_(
                        range=origin.value_key.range,
                        message=f"{finding.message} (rendered from {where}:{origin.line + 1} with default values)",
                        related=(Related(origin.range, f"spliced in by {where}:{origin.line + 1}", path.as_uri()),),
                    )


def _placed(model, ctx: Context, path: Path, document: Document, template):
    """(Kubernetes finding on the rendered output of the template at ``path``, its origin)."""
    rendered, name, relative = _rendered(model, ctx, path)
    if rendered is None or not rendered.ok:
        return
    output = rendered.for_template(name, relative)
    if not output or not output.strip():
        return
    findings = _kubernetes_findings(output, ctx)
    lines = _provenance(model, ctx, relative, name, output) if findings else None
    subchart = relative != path.relative_to(model.chart.root).as_posix()
    for finding in findings:
        origin = origin_of(finding.range.start.line, output, lines, template, document, model.chart)
        if subchart:  # rendered with its parent's values, which may override this chart's
            origin = replace(origin, value_path=(), value_key=None)
        fix = _values_fix(finding, output, origin, model.chart) if _on_values(origin) else None
        yield finding.with_(fix=fix, related=(), data={"rendered": True}), origin


def _values_fix(finding: Finding, output: str, origin: Origin, chart) -> Fix | None:
    """The rendered finding's fix moved to values.yaml when it only rewrites the value a values key
    sets (``allowPrivilegeEscalation: true`` -> ``false``): that key holds the same plain scalar.
    Edits that add keys are not moved: where they belong in values.yaml is the chart's design."""
    fix, rng = finding.fix, finding.range
    if fix is None or len(fix.edits) != 1 or fix.edits[0].range != rng or rng.start.line != rng.end.line:
        return None
    status, node = chart.lookup(list(origin.value_path))
    if status != "found" or not isinstance(node, Scalar) or node.style or node.start_pos.line != node.end_pos.line:
        return None
    rows = output.split("\n")
    written = rows[rng.start.line][rng.start.column : rng.end.column] if rng.start.line < len(rows) else None
    if written != node.value:
        return None
    return Fix(fix.title, (Edit(node.range, fix.edits[0].new_text),), fix.applicability)


def _on_values(origin: Origin) -> bool:
    return origin.splice and origin.value_key is not None


def _on_template(finding: Finding, origin: Origin, model, document: Document) -> Finding:
    if origin.range is None:  # never dropped: said on the first line
        row = finding.range.start.line + 1
        return finding.with_(
            fix=None,
            range=Range.of(0, 0, 0, len(document.line_text(0))),
            message=f"{finding.message} (rendered with default values, line {row} of the output; "
            "the template line that wrote it could not be found)",
        )
    related = []
    if origin.value_key is not None:
        related.append(
            Related(
                origin.value_key.range,
                f"set in values.yaml: {'.'.join(origin.value_path)}",
                model.chart.values_path.as_uri(),
            )
        )
    if origin.define is not None:
        name, path, line = origin.define
        related.append(Related(Range.of(line, 0, line, 0), f'written by define "{name}"', path.as_uri()))
    return finding.with_(
        range=origin.range,
        message=f"{finding.message} (rendered with default values)",
        related=tuple(related),
        fix=None,
    )


def _provenance(model, ctx: Context, relative: str, name: str, output: str) -> Lines | None:
    """Which template line wrote each rendered row, when the marked render lines up with the plain one."""
    marked = render_marked(_render_snapshot(model, ctx, model.path)[0])
    if marked is None or not marked.ok or relative not in marked.markers:
        return None
    text = marked.for_template(name, relative)
    lines = strip(text, marked.markers[relative]) if text is not None else None
    return lines if lines is not None and lines_up(lines, output) else None


def _rendered(model, ctx: Context, path: Path | None = None):
    """(the chart rendered, its name, the template's path in it); ``helm lint`` (HM009) is started on
    its own thread first, so that the two Helm calls run side by side."""
    if not sdk_available():
        return None, *render_target(model.chart.root, model.chart.name, path or model.path, ctx)[1:]
    if ctx.config.is_selected("HM009"):
        from .lint import start_lint  # lint.py imports this module

        start_lint(lint_target(model, ctx, settled=False))
    snap, name, relative = _render_snapshot(model, ctx, path or model.path)
    return render_snapshot(snap), name, relative


def _render_snapshot(model, ctx: Context, path: Path) -> tuple[Snapshot, str, str]:
    """(what to render for the template at ``path``, the chart's name, the template's path in it):
    for the document's own template, the chart without the templates its output does not need,
    unless that fails to render (it named a template left out in a way ``subset`` cannot see, say
    by a name in a file handed to ``tpl``): then the whole chart, whose render says what is wrong."""
    root, name, relative = render_target(model.chart.root, model.chart.name, path, ctx)
    if path == model.path and model.kind == "template":
        subset = template_snapshot(model, ctx, root, relative)
        if not subset.left_out or _renders(subset):
            return subset, name, relative
    return chart_snapshot(model, ctx, root), name, relative


def _renders(snap: Snapshot) -> bool:
    rendered = render_snapshot(snap)
    return rendered is not None and rendered.ok


def lint_target(model, ctx: Context, settled: bool = True) -> Snapshot:
    """What ``helm lint`` (HM009) runs on for this document: lint's messages about a template are
    about that template alone, so a template's lint needs only what its render needs. ``settled``:
    the render has been asked for, so a subset that fails to render is known (lint the whole chart);
    when lint is started beside the render, the subset is linted on the chance that it renders."""
    root = model.chart.root
    if model.kind == "template":
        subset = template_snapshot(model, ctx, root, model.path.relative_to(root).as_posix())
        if not settled or not subset.left_out or _renders(subset):
            return subset
    return chart_snapshot(model, ctx, root)


def chart_snapshot(model, ctx: Context, root: Path) -> Snapshot:
    """The chart at ``root`` as this analysis sees it, read and hashed once: HM007, HM008 and HM009
    all need it (every file of bitnami's nginx and its library: ~13 ms a time)."""
    if root not in model.snapshots:
        model.snapshots[root] = snapshot(root, _workspace(ctx, model))
    return model.snapshots[root]


def template_snapshot(model, ctx: Context, root: Path, relative: str) -> Snapshot:
    """The chart at ``root`` without the manifest templates that the output of the template at
    ``relative`` does not depend on (``subset``): on bitnami's nginx a render of ~10 ms instead of
    ~150. A helper (``_helpers.tpl``) or a subchart's template rendered through its parent keeps
    the whole chart: what a helper does shows only where it is included; so does a template whose
    chart's whole render is shared by its templates (``render.shares_whole``)."""
    key = (root, relative)
    if key not in model.snapshots:
        whole = chart_snapshot(model, ctx, root)
        if root != model.chart.root or not is_marked(relative) or shares_whole(whole, relative):
            model.snapshots[key] = whole
        else:
            templates = {path.relative_to(root).as_posix(): t for path, t in model.chart.templates.items()}
            values = _workspace(ctx, model).read_text(root / "values.yaml") or ""
            model.snapshots[key] = without(whole, left_out(relative, templates, values))
    return model.snapshots[key]


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
    sub = Context(document=document, config=ctx.config, workspace=ctx.workspace, model=manifests, entitled=ctx.entitled)
    out: list[Finding] = []
    from ....core.engine import enabled_rules

    for rule in enabled_rules("kubernetes", ctx.config, ctx.entitled):
        try:
            out.extend(list(rule().check(sub)))
        except Exception:  # noqa: BLE001, S112 (a crashing rule never hides the others)
            continue
    return out
