"""HM009: ``helm lint`` through the Go SDK, messages on the right file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Workspace
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.helm.rules import lint

from ..helpers import golden_line

CASES = Path(__file__).resolve().parents[1] / "cases" / "helm"
helm_python = pytest.importorskip("helm_python", reason="helm-python-sdk not installed")


def _chart(tmp_path: Path, case: str = "HM009/good") -> Path:
    dest = tmp_path / "web"
    shutil.copytree(CASES / case, dest)
    return dest


def _hm009(path: Path, text: str | None = None, **config) -> list[str]:
    text = path.read_text() if text is None else text
    doc = Document(path.as_uri(), text, "helm", path=path)
    engine = Engine(Config(select=["HM009"]).merged(config) if config else Config(select=["HM009"]))
    return [golden_line(f) for f in engine.analyse(doc, use_cache=False).findings]


def test_messages_are_split_per_file_and_value() -> None:
    report = {
        "messages": [
            {"severity": 1, "path": "Chart.yaml", "error": "icon is recommended"},
            {
                "severity": 3,
                "path": "values.yaml",
                "error": "- at '/a/b': got number, want string\n- at '': missing property 'c'\n",
            },
            {"severity": 3, "path": "templates/", "error": "web/templates/x.yaml:3:4\n  executing ..."},
            {"severity": 2, "path": "/abs/chart", "error": "chart directory is missing these dependencies: common"},
            {"severity": 2, "path": "templates/x.yaml", "error": "object name does not conform"},
        ]
    }
    assert lint._messages(report) == [
        lint.LintMessage(1, "Chart.yaml", "icon is recommended"),
        lint.LintMessage(3, "values.yaml", "got number, want string", "/a/b"),
        lint.LintMessage(3, "values.yaml", "missing property 'c'", ""),
        lint.LintMessage(2, "templates/x.yaml", "object name does not conform"),
    ]


def test_good_chart_is_quiet_in_every_file(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    for path in sorted(p for p in chart.rglob("*") if p.suffix == ".yaml"):
        assert _hm009(path) == [], path


def test_missing_schema_property_points_at_the_deepest_existing_key(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    (chart / "values.schema.json").write_text(
        '{"type": "object", "properties": {"image": {"type": "object", "required": ["pullPolicy"]}}}'
    )
    assert _hm009(chart / "values.yaml") == [
        "2:1-2:6 HM009 helm lint: value at '/image' does not match values.schema.json: missing property 'pullPolicy'"
    ]


def test_unsaved_buffer_is_linted_not_the_file_on_disk(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    values = chart / "values.yaml"
    edited = values.read_text().replace("replicaCount: 2", "replicaCount: many")
    assert _hm009(values, edited) == [
        "1:15-1:19 HM009 helm lint: value at '/replicaCount' does not match values.schema.json: got string, want integer"
    ]
    assert _hm009(values) == []


def test_what_our_own_rules_say_is_not_repeated(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    chart_yaml = chart / "Chart.yaml"
    assert _hm009(chart_yaml, chart_yaml.read_text().replace("version: 1.0.0", "version: 1.0")) == []  # HM006's
    template = chart / "templates" / "attributes.yaml"
    template.write_text(
        "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\nspec: {}\n"
    )
    assert _hm009(template) == []  # K8021 (removed API) says it through the rendered chart


def test_charts_with_unvendored_dependencies_are_not_linted(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    chart_yaml = chart / "Chart.yaml"
    chart_yaml.write_text(
        chart_yaml.read_text()
        + "dependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n"
    )
    (chart / "templates" / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n")
    assert _hm009(chart / "templates" / "a.yaml") == []


def test_render_option_off_turns_lint_off(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    template = chart / "templates" / "a.yaml"
    template.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n")
    assert _hm009(template) == [
        '4:3-4:17 HM009 helm lint: object name does not conform to Kubernetes naming requirements: "Bad_Name"'
    ]
    assert _hm009(template, helm={"render": False}) == []


def test_lint_is_cached_by_chart_content(tmp_path: Path, monkeypatch) -> None:
    chart = _chart(tmp_path)
    calls = []
    real = helm_python.lint
    monkeypatch.setattr(helm_python, "lint", lambda path, **kw: calls.append(path) or real(path, **kw))
    workspace = Workspace()
    lint.lint_chart(chart, workspace)
    lint.lint_chart(chart, workspace)
    assert len(calls) == 1  # values match the schema: one run; the second call is cached
    lint.lint_chart(chart, Workspace({chart / "values.yaml": "replicaCount: three\n"}))
    assert len(calls) == 3  # a schema error: a second run without the schema lints the templates


def test_without_the_sdk_nothing_is_said(tmp_path: Path, monkeypatch) -> None:
    chart = _chart(tmp_path, "HM009/bad")
    monkeypatch.setattr(lint, "sdk_available", lambda: False)
    assert _hm009(chart / "values.yaml") == []


def test_chart_yaml_message_goes_to_the_key_it_names(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    chart_yaml = chart / "Chart.yaml"
    text = chart_yaml.read_text() + "appVersion: 1.10\n"
    assert _hm009(chart_yaml, text) == [
        "6:1-6:11 HM009 helm lint: appVersion should be of type string but it's of type float64"
    ]


def test_empty_name_from_a_required_value_is_an_artefact_of_lint_mode(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    template = chart / "templates" / "a.yaml"
    template.write_text('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "set name" .Values.name }}\n')
    assert _hm009(template) == []
