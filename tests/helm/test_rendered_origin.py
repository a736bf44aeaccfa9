"""Findings on the rendered chart are placed on the template line (or values.yaml key) that wrote
them, carry the value's origin as related information, and are never dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Workspace
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.helm import provenance
from infragenius.languages.helm.gotemplate import scan
from infragenius.languages.helm.render import render_marked, render_snapshot, snapshot

pytest.importorskip("helm_python", reason="helm-python-sdk not installed")

CASES = Path(__file__).parent.parent / "cases" / "helm" / "HM008"


def _chart(tmp_path: Path, case: str) -> Path:
    dest = tmp_path / case
    shutil.copytree(CASES / case, dest)
    return dest


def _findings(path: Path, code: str) -> list:
    document = Document(path.as_uri(), path.read_text(), "helm", path=path)
    found = Engine(Config(select=["HM008", "K8"])).analyse(document, use_cache=False).findings
    return [f for f in found if f.code == code]


def test_template_line_names_the_value_that_set_it(tmp_path) -> None:
    chart = _chart(tmp_path, "bad")
    (finding,) = _findings(chart / "templates" / "deployment.yaml", "K8001")
    (related,) = finding.related
    assert (finding.range.start.line + 1, related.uri, related.range.start.line + 1) == (
        26,
        (chart / "values.yaml").as_uri(),
        10,
    )
    assert related.message == "set in values.yaml: securityContext.privileged"


def test_a_spliced_value_is_reported_on_values_yaml_with_the_splice_as_related(tmp_path) -> None:
    chart = _chart(tmp_path, "bad_splices")
    (finding,) = _findings(chart / "values.yaml", "K8006")
    (related,) = finding.related
    template = chart / "templates" / "daemonset.yaml"
    assert (finding.range.start.line + 1, related.uri, related.range.start.line + 1) == (5, template.as_uri(), 23)
    assert related.message == "spliced in by templates/daemonset.yaml:23"
    assert not [f for f in _findings(template, "K8006")]  # once, on values.yaml


def test_content_of_an_include_names_its_define(tmp_path) -> None:
    chart = _chart(tmp_path, "bad_splices")
    (finding,) = [f for f in _findings(chart / "templates" / "daemonset.yaml", "K8001")]
    (related,) = finding.related
    assert (finding.range.start.line + 1, related.uri, related.range.start.line + 1, related.message) == (
        31,
        (chart / "templates" / "_helpers.tpl").as_uri(),
        1,
        'written by define "web.sidecar"',
    )


def test_an_include_inside_with_is_not_taken_for_the_value(tmp_path) -> None:
    chart = _chart(tmp_path, "bad_splices")
    template = chart / "templates" / "daemonset.yaml"
    include = '      {{- include "web.sidecar" . | nindent 6 }}\n'
    template.write_text(
        template.read_text().replace(include, "      {{- with .Values.agent }}\n" + include + "      {{- end }}\n")
    )
    assert [f.range.start.line + 1 for f in _findings(template, "K8001")] == [32]
    assert [f.range.start.line + 1 for f in _findings(chart / "values.yaml", "K8001")] == [3]  # the agent's own


def test_a_subchart_value_the_parent_overrides_stays_on_the_template(tmp_path) -> None:
    from ..helpers import write_files

    sub = tmp_path / "app" / "charts" / "agent"
    write_files(
        tmp_path / "app",
        {
            "Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: agent\n  version: 0.1.0\n",
            "values.yaml": "agent:\n  securityContext:\n    privileged: true\n",
        },
    )
    write_files(
        sub,
        {
            "Chart.yaml": "apiVersion: v2\nname: agent\nversion: 0.1.0\n",
            "values.yaml": "securityContext:\n  privileged: false\n",
            "templates/pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  containers:\n"
            "  - name: agent\n    image: agent:1.0.0\n    securityContext:\n"
            "      {{- toYaml .Values.securityContext | nindent 6 }}\n",
        },
    )
    assert [f.range.start.line + 1 for f in _findings(sub / "templates" / "pod.yaml", "K8001")] == [10]
    assert _findings(sub / "values.yaml", "K8001") == []  # it says false: the parent sets true


def test_without_markers_a_line_is_placed_by_its_keys(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("infragenius.languages.helm.rules.rendered.lines_up", lambda lines, plain: False)
    chart = _chart(tmp_path, "bad")
    assert [f.range.start.line + 1 for f in _findings(chart / "templates" / "deployment.yaml", "K8001")] == [26]


def test_a_finding_that_cannot_be_placed_is_said_on_the_first_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("infragenius.languages.helm.rules.rendered.lines_up", lambda lines, plain: False)
    chart = _chart(tmp_path, "bad_splices")
    found = _findings(chart / "templates" / "daemonset.yaml", "K8001")
    assert [(f.range.start.line, f.message) for f in found] == [
        (
            0,
            (
                "Container 'agent' of DaemonSet 'agent' runs privileged (rendered with default values, line 26 of the "
                "output; the template line that wrote it could not be found)"
            ),
        ),
        (
            0,
            (
                "Container 'sidecar' of DaemonSet 'agent' runs privileged (rendered with default values, line 37 of the "
                "output; the template line that wrote it could not be found)"
            ),
        ),
    ]


TRIMS = """\
{{- /* a comment first */ -}}
a: 1

  {{- if true }}
b: 2
{{- end }}
{{ "c: 3" -}}

d: 4
list:
{{- range list 1 2 }}
- {{ . }}
{{- end }}
e: |
  {{- "text" | nindent 2 }}
  tail
"""


def test_markers_strip_back_to_the_plain_render(tmp_path) -> None:
    chart = tmp_path / "trims"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: trims\nversion: 0.1.0\n")
    (chart / "templates" / "cm.yaml").write_text(TRIMS)
    snap = snapshot(chart, Workspace())
    plain = render_snapshot(snap).manifests["trims/templates/cm.yaml"]
    marked = render_marked(snap)
    lines = provenance.strip(marked.manifests["trims/templates/cm.yaml"], marked.markers["templates/cm.yaml"])
    assert lines.text == plain
    assert plain == "a: 1\nb: 2\nc: 3d: 4\nlist:\n- 1\n- 2\ne: |\n  text\n  tail\n"
    assert lines.rows == (1, 4, 6, 9, 11, 11, 13, 14, 15)  # 0-based template lines


def test_no_marker_inside_actions_or_defines() -> None:
    text = '{{- define "x" }}\nkey: v\n{{- end }}\na: {{ include "x"\n  . }}\n'
    marked = provenance.mark(text, scan(text), 0)
    assert [line for line in marked.split("\n") if "\x1e" in line] == ["\x1e0:3:n\x1f"]
