"""Dependencies found outside charts/: a library chart beside the chart (a monorepo of charts) or a
file:// repository is rendered and linted as if `helm dependency build` had vendored it."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.context import Workspace
from infragenius.languages.helm.dependencies import satisfies
from infragenius.languages.helm.render import render_chart

from ..helpers import analyse, codes

LIBRARY = {
    "Chart.yaml": "apiVersion: v2\nname: common\nversion: 2.31.10\ntype: library\n",
    "templates/_names.tpl": '{{- define "common.names.fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n',
}
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "common.names.fullname" . }}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27.2
          securityContext:
            privileged: true
"""


def _chart(root: Path, dependency: str) -> Path:
    files = {
        "Chart.yaml": f"apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n{dependency}",
        "values.yaml": "{}\n",
        "templates/deployment.yaml": DEPLOYMENT,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / "templates" / "deployment.yaml"


def _library(root: Path, version: str = "2.31.10") -> None:
    for name, text in LIBRARY.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text.replace("2.31.10", version), encoding="utf-8")


OCI = "- name: common\n  repository: oci://registry-1.docker.io/bitnamicharts\n  version: 2.x.x\n"


def test_a_library_beside_the_chart_is_used(tmp_path: Path) -> None:
    template = _chart(tmp_path / "web", OCI)
    _library(tmp_path / "common")
    findings = analyse(DEPLOYMENT, "helm", template)
    privileged = [f for f in findings if f.code == "K8001"]
    assert [(f.range.start.line, f.message) for f in privileged] == [
        (15, "Container 'web' of Deployment 'release-name-web' runs privileged (rendered with default values)")
    ]
    assert "HM002" not in codes(findings)  # the include is defined by the library


def test_a_library_whose_version_does_not_match_is_not_used(tmp_path: Path) -> None:
    template = _chart(tmp_path / "web", OCI)
    _library(tmp_path / "common", version="3.0.0")
    assert codes(analyse(DEPLOYMENT, "helm", template)) == []  # not rendered, and no guess either


def test_a_file_repository_is_used(tmp_path: Path) -> None:
    template = _chart(
        tmp_path / "charts-src" / "web", "- name: common\n  repository: file://../../libs/common\n  version: ^2.0.0\n"
    )
    _library(tmp_path / "libs" / "common")
    assert "K8001" in codes(analyse(DEPLOYMENT, "helm", template))


def test_a_missing_dependency_keeps_the_chart_silent(tmp_path: Path) -> None:
    template = _chart(tmp_path / "web", OCI)
    assert codes(analyse(DEPLOYMENT, "helm", template)) == []


def test_a_missing_dependency_is_said_once_on_chart_yaml(tmp_path: Path) -> None:
    template = _chart(
        tmp_path / "web", OCI + "- name: redis\n  repository: https://charts.bitnami.com/bitnami\n  version: 20.x.x\n"
    )
    (template.parent / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: {{ .Values.nme }}\n")
    (template.parent.parent / "values.yaml").write_text("name: web\n")
    chart_yaml = template.parent.parent / "Chart.yaml"
    found = analyse(chart_yaml.read_text(), "helm", chart_yaml)
    assert [(f.code, f.severity.label, f.range.start.line, f.message) for f in found] == [
        (
            "HM007",
            "information",
            4,
            "dependencies common, redis are not available: run `helm dependency build`; rendered checks are off for this chart",
        )
    ]
    assert codes(analyse(DEPLOYMENT, "helm", template)) == []  # nothing rendered, nothing guessed
    cm = template.parent / "cm.yaml"
    assert codes(analyse(cm.read_text(), "helm", cm)) == ["HM003"]  # the template checks stay on


def test_a_dependency_vendored_as_an_archive_is_rendered(tmp_path: Path) -> None:
    import tarfile

    template = _chart(tmp_path / "web", OCI)
    _library(tmp_path / "build" / "common")
    (tmp_path / "web" / "charts").mkdir()
    with tarfile.open(tmp_path / "web" / "charts" / "common-2.31.10.tgz", "w:gz") as archive:
        archive.add(tmp_path / "build" / "common", arcname="common")
    privileged = [f for f in analyse(DEPLOYMENT, "helm", template) if f.code == "K8001"]
    assert [f.range.start.line for f in privileged] == [15]  # Helm reads the archive: rendered checks run


def test_the_render_sees_unsaved_edits_of_the_library(tmp_path: Path) -> None:
    _chart(tmp_path / "web", OCI)
    _library(tmp_path / "common")
    names = tmp_path / "common" / "templates" / "_names.tpl"
    edited = names.read_text().replace("{{ .Release.Name }}-", "edited-")
    plain = render_chart(tmp_path / "web", Workspace())
    buffered = render_chart(tmp_path / "web", Workspace({names: edited}))
    assert "name: release-name-web" in plain.for_template("web", "templates/deployment.yaml")
    assert "name: edited-web" in buffered.for_template("web", "templates/deployment.yaml")
    assert names.read_text() == LIBRARY["templates/_names.tpl"]  # the file itself is untouched


@pytest.mark.parametrize(
    ("version", "constraint", "expected"),
    [
        ("2.31.10", "2.x.x", True),
        ("2.31.10", "^2.0.0", True),
        ("2.31.10", "~2.31", True),
        ("2.31.10", ">= 2.0.0, < 3.0.0", True),
        ("2.31.10", "1.x || 2.x", True),
        ("2.31.10", None, True),
        ("3.0.0", "2.x.x", False),
        ("2.31.10", "~2.30", False),
        ("2.31.10", "not a range", False),
        ("garbage", "2.x.x", False),
    ],
)
def test_version_constraints(version, constraint, expected) -> None:
    assert satisfies(version, constraint) is expected


def test_definition_of_an_include_opens_the_library(tmp_path: Path) -> None:
    from infragenius.core.config import Config
    from infragenius.core.context import Context
    from infragenius.core.document import Document
    from infragenius.languages.helm.definition import definition
    from infragenius.languages.helm.parse import parse

    template = _chart(tmp_path / "web", OCI)
    _library(tmp_path / "common")
    document = Document(template.as_uri(), DEPLOYMENT, "helm", path=template)
    model = parse(document, Context(document=document, config=Config()))
    target, _, _ = definition(document, model, document.position_at(DEPLOYMENT.index("common.names")))
    assert target == (tmp_path / "common" / "templates" / "_names.tpl").resolve()
