"""Helm's "did you mean" findings carry the fix (issue 19 §1): define names, values paths, functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.findings import apply_edits

from ..helpers import analyse, write_files

CASES = Path(__file__).resolve().parent.parent / "cases" / "helm"


def _fixes(path: Path, code: str) -> tuple[list[tuple[str, str, str]], str]:
    """(message, fix title, applicability) of each ``code`` finding, and the text with the fixes applied."""
    text = decode(path.read_bytes())
    findings = [f for f in analyse(text, "helm", path, Config(select=[code])) if f.code == code]
    doc = Document(uri=path.resolve().as_uri(), text=text, language="helm", path=path)
    fixed = apply_edits(text, [e for f in findings if f.fix for e in f.fix.edits], doc)
    return [(f.message, f.fix.title if f.fix else "", f.fix.applicability if f.fix else "") for f in findings], fixed


def test_a_misspelt_define_name_is_replaced_in_its_quotes():
    found, fixed = _fixes(CASES / "HM002/bad/templates/deployment.yaml", "HM002")
    assert [(title, how) for _, title, how in found] == [('Replace "web.lables" with "web.labels"', "safe")]
    assert '    {{- include "web.labels" . | nindent 4 }}\n' in fixed


def test_a_misspelt_values_key_is_replaced_in_the_path():
    found, fixed = _fixes(CASES / "HM003/bad/templates/deployment.yaml", "HM003")
    assert [(title, how) for _, title, how in found if title] == [
        ('Replace "replicas" with "replicaCount"', "safe"),
        ('Replace "repositroy" with "repository"', "safe"),
    ]
    assert "replicas: {{ .Values.replicaCount }}" in fixed
    assert ".Values.image.repository }}" in fixed


def test_the_missing_key_is_the_one_suggested_for_in_a_deep_path(tmp_path):
    write_files(
        tmp_path,
        {
            "Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            "values.yaml": "image:\n  repository: nginx\n  pull:\n    policy: Always\n",
            "templates/cm.yaml": "data:\n  a: {{ .Values.image.pulll.policy }}\n  b: {{ $.Values.image.repositry }}\n",
        },
    )
    found, fixed = _fixes(tmp_path / "templates/cm.yaml", "HM003")
    assert [m for m, _, _ in found] == [
        ".Values.image.pulll.policy is not defined in values.yaml (did you mean 'pull'?)",
        ".Values.image.repositry is not defined in values.yaml (did you mean 'repository'?)",
    ]
    assert fixed == "data:\n  a: {{ .Values.image.pull.policy }}\n  b: {{ $.Values.image.repository }}\n"


def test_a_key_that_a_path_cannot_name_is_not_suggested(tmp_path):
    # .Values.my-key is a template parse error: such a key is read with index, not with a path
    write_files(
        tmp_path,
        {
            "Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            "values.yaml": "log-level: info\n",
            "templates/cm.yaml": "data:\n  a: {{ .Values.loglevel }}\n",
        },
    )
    found, _ = _fixes(tmp_path / "templates/cm.yaml", "HM003")
    assert found == [(".Values.loglevel is not defined in values.yaml", "", "")]


def test_a_misspelt_function_is_replaced():
    found, fixed = _fixes(CASES / "HM004/bad/templates/cm.yaml", "HM004")
    assert [(title, how) for _, title, how in found] == [('Replace "upperr" with "upper"', "safe"), ("", "")]
    assert "| upper }}" in fixed


VALUES = """securityContext:
  allowPrivilegeEscalation: true
  readOnlyRootFilesystem: false
"""
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: api:1.4.2
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
"""


def test_a_hardening_fix_of_a_value_goes_to_values_yaml(tmp_path):
    pytest.importorskip("helm_python", reason="helm-python-sdk not installed")
    write_files(
        tmp_path,
        {
            "Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
            "values.yaml": VALUES,
            "templates/deployment.yaml": DEPLOYMENT,
        },
    )
    path = tmp_path / "values.yaml"
    findings = [
        f for f in analyse(VALUES, "helm", path, Config(select=["HM008", "K8"])) if f.code in ("K8002", "K8004")
    ]
    assert [(f.code, f.range.start.line, f.fix.title if f.fix else None) for f in findings] == [
        ("K8002", 1, "Set allowPrivilegeEscalation: false"),
        ("K8004", 2, "Set readOnlyRootFilesystem: true"),
    ]
    doc = Document(path.as_uri(), VALUES, "helm", path=path)
    assert apply_edits(VALUES, [e for f in findings for e in f.fix.edits], doc) == (
        "securityContext:\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n"
    )
    # on the template, where the edit would have to go through toYaml, no fix
    template = tmp_path / "templates/deployment.yaml"
    on_template = [
        f for f in analyse(DEPLOYMENT, "helm", template, Config(select=["HM008", "K8"])) if f.code.startswith("K8")
    ]
    assert on_template and all(f.fix is None for f in on_template)
