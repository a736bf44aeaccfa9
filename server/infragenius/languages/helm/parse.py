"""The Helm model of one document: which part of a chart it is, its chart, and its template actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...core.context import Context, Workspace
from ...core.document import Document
from ..yaml import YamlStream
from .chart import Chart, absolute, find_chart_root, load_chart, overlaid, parsed_yaml, scanned
from .gotemplate import Template


@dataclass
class HelmDocument:
    kind: str  # "template", "chart" (Chart.yaml), "values" (values.yaml), "other"
    path: Path | None
    chart: Chart | None
    template: Template | None = None
    stream: YamlStream | None = None
    # the charts this analysis rendered or linted, by root, read once (``rules.rendered.chart_snapshot``)
    snapshots: dict = field(default_factory=dict, repr=False)

    @property
    def is_helper(self) -> bool:
        return self.path is not None and self.path.name.startswith("_")


def parse(document: Document, ctx: Context | None = None) -> HelmDocument:
    path = absolute(document.path) if document.path is not None else None
    workspace = ctx.workspace if ctx is not None else Workspace()
    root = find_chart_root(path)
    chart = load_chart(root, overlaid(workspace, path, document.text)) if root is not None else None
    if path is not None and path.name == "Chart.yaml":
        return _yaml_document("chart", path, document, chart, ctx)
    if path is not None and path.name == "values.yaml":
        return _yaml_document("values", path, document, chart, ctx)
    template = scanned(path or Path(document.uri), document.text)
    if ctx is not None:
        for action in template.actions:
            if not action.terminated:
                rng = document.range_of(action.start, min(action.start + 2, len(document.text)))
                ctx.syntax_error(
                    rng,
                    "Unterminated template action: missing }}"
                    if not action.comment
                    else "Unterminated comment: missing */}}",
                )
    return HelmDocument("template", path, chart, template=template)


def _yaml_document(kind: str, path: Path, document: Document, chart: Chart | None, ctx: Context | None) -> HelmDocument:
    stream = parsed_yaml(document.text)
    if ctx is not None:
        for problem in stream.syntax_errors:
            ctx.syntax_error(problem.range, problem.message)
    return HelmDocument(kind, path, chart, stream=stream)
