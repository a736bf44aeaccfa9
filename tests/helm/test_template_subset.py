"""A template's rendered checks render it with only the templates it needs (``subset``): its helpers,
the templates it includes by path, the chart's values and subcharts; not the chart's other manifests."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infragenius.core.context import Workspace
from infragenius.languages.helm.render import render_snapshot, snapshot, without
from infragenius.languages.helm.subset import left_out

from ..helpers import analyse, write_files

pytest.importorskip("helm_python", reason="helm-python-sdk not installed")

HELPERS = '{{- define "app.name" -}}app{{- end -}}\n'
CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "app.name" . }}\ndata:\n  a: b\n'
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.name" . }}
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    spec:
      containers:
        - name: web
          image: {{ .Values.image }}
          securityContext:
            privileged: true
"""
SLOW = "# {{ range until 25000000 }}x{{ end }}\n"  # about 2 s of Go


def _chart(root: Path, **extra: str) -> None:
    write_files(
        root,
        {
            "Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            "values.yaml": "image: nginx:1.27.2\n",
            "templates/_helpers.tpl": HELPERS,
            "templates/configmap.yaml": CONFIGMAP,
            "templates/deployment.yaml": DEPLOYMENT,
            "templates/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
            "templates/NOTES.txt": "Installed {{ .Release.Name }}\n",
            **extra,
        },
    )


def _templates(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in (root / "templates").rglob("*") if p.is_file()}


def test_left_out_keeps_helpers_and_templates_included_by_path(tmp_path: Path) -> None:
    _chart(tmp_path, **{"templates/shared.yaml": '{{ define "app.more" }}x{{ end }}\n'})
    assert left_out("templates/deployment.yaml", _templates(tmp_path), "image: nginx\n") == {
        "templates/service.yaml",
        "templates/NOTES.txt",
    }
    assert left_out("templates/service.yaml", _templates(tmp_path), "") == {
        "templates/deployment.yaml",
        "templates/configmap.yaml",
        "templates/NOTES.txt",
    }


def test_nothing_is_left_out_when_a_path_is_built_at_render_time(tmp_path: Path) -> None:
    dynamic = DEPLOYMENT.replace('(print $.Template.BasePath "/configmap.yaml")', "(print $.Template.BasePath .path)")
    _chart(tmp_path, **{"templates/deployment.yaml": dynamic})
    assert left_out("templates/deployment.yaml", _templates(tmp_path), "") == frozenset()
    _chart(tmp_path)  # values handed to tpl could include a template by path
    assert (
        left_out("templates/deployment.yaml", _templates(tmp_path), 'x: "{{ $.Template.BasePath }}"\n') == frozenset()
    )
    assert left_out("templates/missing.yaml", _templates(tmp_path), "") == frozenset()


def test_the_subset_renders_what_the_template_needs_only(tmp_path: Path) -> None:
    _chart(tmp_path)
    whole = snapshot(tmp_path, Workspace())
    subset = without(whole, left_out("templates/deployment.yaml", _templates(tmp_path), ""))
    rendered = render_snapshot(subset)
    assert rendered.ok and sorted(rendered.manifests) == [
        "web/templates/configmap.yaml",
        "web/templates/deployment.yaml",
    ]
    assert (
        rendered.manifests["web/templates/deployment.yaml"]
        == render_snapshot(whole).manifests["web/templates/deployment.yaml"]
    )
    assert subset.key != whole.key  # cached apart from the whole chart's render


def test_a_slow_sibling_template_does_not_hold_up_a_template_s_rendered_findings(tmp_path: Path) -> None:
    _chart(tmp_path, **{"templates/slow.yaml": SLOW})
    path = tmp_path / "templates" / "deployment.yaml"
    started = time.perf_counter()
    found = analyse(path.read_text(), "helm", path)
    assert time.perf_counter() - started < 1.0  # the whole chart takes ~2 s to render
    assert [(f.code, f.range.start.line + 1) for f in found if f.code == "K8001"] == [("K8001", 20)]


def test_a_template_that_fails_elsewhere_does_not_hide_this_one_s_findings(tmp_path: Path) -> None:
    _chart(tmp_path, **{"templates/broken.yaml": '{{ fail "set .Values.secret" }}\n'})
    deployment = tmp_path / "templates" / "deployment.yaml"
    assert "K8001" in [f.code for f in analyse(deployment.read_text(), "helm", deployment)]
    broken = tmp_path / "templates" / "broken.yaml"
    (error,) = [f for f in analyse(broken.read_text(), "helm", broken) if f.code == "HM007"]
    assert "set .Values.secret" in error.message


def test_an_unsaved_template_left_out_is_not_written_into_the_copy(tmp_path: Path) -> None:
    _chart(tmp_path)
    service = tmp_path / "templates" / "service.yaml"
    workspace = Workspace({service: '{{ fail "unsaved" }}\n'})
    subset = without(snapshot(tmp_path, workspace), left_out("templates/deployment.yaml", _templates(tmp_path), ""))
    assert render_snapshot(subset).ok


def test_a_template_named_in_a_way_the_subset_cannot_see_renders_with_the_whole_chart(tmp_path: Path) -> None:
    """``include "web/templates/configmap.yaml"`` names a template by its full name, not through
    BasePath: the subset leaves it out and fails to render, so the whole chart is rendered instead
    (no render error that Helm would not give, and the findings are there)."""
    by_name = DEPLOYMENT.replace('(print $.Template.BasePath "/configmap.yaml")', '"web/templates/configmap.yaml"')
    _chart(tmp_path, **{"templates/deployment.yaml": by_name})
    assert "templates/configmap.yaml" in left_out("templates/deployment.yaml", _templates(tmp_path), "")
    path = tmp_path / "templates" / "deployment.yaml"
    found = [(f.code, f.range.start.line + 1) for f in analyse(path.read_text(), "helm", path)]
    assert ("K8001", 20) in found and not [code for code, _ in found if code in ("HM007", "HM009")]
