"""Helm charts: template-aware diagnostics (block balance, includes, .Values paths, functions),
Chart.yaml checks, and the Kubernetes rules on the chart rendered by Helm's own Go SDK."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ...core.rules import EditorFeatures, LanguageSpec

if TYPE_CHECKING:
    from ...core.context import Context, Workspace
    from ...core.document import Document


def _chart_folder(path: Path, root: Path | None) -> Path:
    """A template, values or Chart.yaml file belongs to the nearest folder above it with a Chart.yaml."""
    return next((folder for folder in path.parents if (folder / "Chart.yaml").is_file()), path.parent)


def _rendered_together(a: Path, b: Path, workspace: Workspace) -> bool:
    """Charts rendered together: a parent and its subchart under ``charts/``, or a chart and one it
    takes as a dependency from beside it. An edit in one changes what the other renders."""
    from .chart import load_chart_yaml  # imported when two charts are open, not with the language
    from .dependencies import locate

    if a.parent == b / "charts" or b.parent == a / "charts":
        return True
    for root, other in ((a, b), (b, a)):
        external = locate(root, load_chart_yaml(root, workspace), workspace).external
        if any(folder == other.resolve() for _, folder in external):
            return True
    return False


def _companions(path: Path) -> tuple[Path, ...]:
    """A template's own chart's values.yaml: the rendered findings that a value causes are placed on
    that value (HM008), so the editor shows them there even when only the template is open."""
    where = Path(path)
    if "templates" not in where.parts or where.name.startswith("_"):
        return ()
    values = _chart_folder(where, None) / "values.yaml"
    return (values,) if values.is_file() else ()


def _parse(document: Document, ctx: Context) -> Any:
    from .parse import parse  # with the first document, not when detection reads the spec

    return parse(document, ctx)


def _claims_path(path: PurePath) -> bool:
    """A template under ``templates/`` of a chart, or the chart's own Chart.yaml / values.yaml."""
    try:  # from inside templates/ a bare "x.yaml" names no chart: look at where it really is
        where = Path(path).resolve()
    except (OSError, RuntimeError):
        return False
    if where.name in ("Chart.yaml", "values.yaml", "values.schema.json"):
        return Path(where.parent, "Chart.yaml").is_file() or where.name == "Chart.yaml"
    if "templates" not in where.parts:
        return False
    index = len(where.parts) - 1 - where.parts[::-1].index("templates")
    chart_dir = PurePath(*where.parts[:index]) if index else PurePath(".")
    return Path(chart_dir, "Chart.yaml").is_file()


def _load_rules() -> None:
    from . import rules  # noqa: F401  (importing the rule modules registers their rules)


def _editor() -> EditorFeatures:
    from .features import FEATURES  # with the editor's first request, not with the rules

    return FEATURES


LANGUAGE = LanguageSpec(
    name="helm",
    parse=_parse,
    load_rules=_load_rules,
    editor=_editor,
    comment_prefixes=("#", "{{/*"),
    reports_for=("kubernetes",),
    analysis_unit=_chart_folder,
    unit_marker="Chart.yaml",
    units_related=_rendered_together,
    companions=_companions,
    fence="yaml",
    title="Helm chart template",
    claims_path=_claims_path,
    editor_ids=("helm",),
)
