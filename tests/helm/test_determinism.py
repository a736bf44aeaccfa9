"""Renders are deterministic (stand-ins for Helm's random functions), and the log lines Helm's Go
library writes to stderr go to our logger instead."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from infragenius.core.context import Workspace
from infragenius.languages.helm.render import render_chart
from infragenius.languages.helm.rules.lint import lint_chart

from ..helpers import analyse

pytest.importorskip("helm_python", reason="helm-python-sdk not installed")

RANDOM = """{{- $suffix := randNumeric 3 }}
apiVersion: v1
kind: Pod
metadata:
  name: "{{ .Release.Name }}-test-{{ randAlphaNum 5 | lower }}"
  annotations:
    suffix: "{{ $suffix }}"
    id: {{ uuidv4 | quote }}
    port: "{{ randInt 1000 2000 }}"
    at: {{ now | date "2006" | quote }}
    token: {{ 8 | randAlpha | quote }}
spec:
  containers:
    - name: check
      image: busybox:latest
"""


def _chart(root: Path, template: str, values: str = "{}\n") -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 1.0.0\n")
    (root / "values.yaml").write_text(values)
    (root / "templates" / "pod.yaml").write_text(template)
    return root / "templates" / "pod.yaml"


def test_random_functions_render_the_same_every_time(tmp_path) -> None:
    _chart(tmp_path / "a", RANDOM)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    first = render_chart(tmp_path / "a", Workspace()).for_template("web", "templates/pod.yaml")
    second = render_chart(tmp_path / "b", Workspace()).for_template("web", "templates/pod.yaml")
    assert first == second
    assert 'name: "release-name-test-rand5"' in first


def test_messages_are_the_same_every_time(tmp_path) -> None:
    pod = _chart(tmp_path / "a", RANDOM)
    messages = [f.message for f in analyse(RANDOM, "helm", pod) if f.code == "K8018"]
    assert messages == [
        (
            "Image 'busybox:latest' of container 'check' of Pod 'release-name-test-rand5' uses the latest tag "
            "(rendered with default values)"
        )
    ]


def test_helm_log_lines_go_to_our_logger(tmp_path, capfd, caplog) -> None:
    _chart(tmp_path / "a", '{{ fail "set .Values.key: the placeholder is not a key" }}\n')
    with caplog.at_level(logging.DEBUG, logger="infragenius.languages.helm"):
        lint_chart(tmp_path / "a", Workspace())
    assert capfd.readouterr().err == ""
    assert any("funcMap fail" in r.getMessage() and r.levelno == logging.DEBUG for r in caplog.records)
