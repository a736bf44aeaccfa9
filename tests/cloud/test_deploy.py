"""The service's deployment (issue 22): ``server/deploy/Dockerfile`` and the Helm chart in
``server/deploy/chart`` pass our own check with no finding at all, lint clean and render through Helm's
Go SDK into what a stateless, autoscaled service needs, with every secret read from a Secret."""

from __future__ import annotations

from pathlib import Path

import pytest

import yaml
from infragenius.cli import main

DEPLOY = Path(__file__).resolve().parents[2] / "server" / "deploy"
CHART = DEPLOY / "chart"
SECRET_SETTINGS = {
    "DATABASE_URL",
    "SESSION_SECRET",
    "UPSTREAM_API_KEY",
    "BILLING_WEBHOOK_SECRET",
    "LICENSE_PRIVATE_KEY",
}


def test_dockerfile_and_chart_pass_check_with_no_finding(capsys):
    assert main(["check", str(DEPLOY), "--fail-on", "information", "--no-cache"]) == 0
    assert capsys.readouterr().out == "All checks passed (11 file(s)).\n"


helm_python = pytest.importorskip("helm_python", reason="helm-python-sdk not installed")


def _render(values: dict | None = None) -> dict[str, dict]:
    chart = helm_python.Chart.load(str(CHART))
    try:
        manifests = chart.render(values or {}, name="ig", namespace="cloud")
    finally:
        chart.close()
    return {doc["kind"]: doc for text in manifests.values() for doc in yaml.safe_load_all(text) if doc}


def test_chart_lints_clean():
    assert helm_python.lint(str(CHART), strict=True) == {"total_charts_linted": 1, "messages": [], "errors": []}


def test_chart_renders_a_stateless_autoscaled_service():
    made = _render()
    assert set(made) == {
        "Deployment",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Service",
        "Ingress",
        "Job",
        "CronJob",
    }
    hpa = made["HorizontalPodAutoscaler"]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "ig-infragenius-cloud"}
    assert hpa["metrics"] == [
        {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}
    ]
    assert "replicas" not in made["Deployment"]["spec"]  # the HPA owns the count
    assert made["PodDisruptionBudget"]["spec"]["minAvailable"] == 1
    job = made["Job"]
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]
    purge = made["CronJob"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert purge["args"] == ["admin", "purge"]
    api = made["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert api["args"][-2:] == ["--region", "eu-central-1"]


def test_every_secret_comes_from_a_secret_object():
    made = _render()
    pods = [
        made["Deployment"]["spec"]["template"],
        made["Job"]["spec"]["template"],
        made["CronJob"]["spec"]["jobTemplate"]["spec"]["template"],
    ]
    for pod in pods:
        env = {e["name"]: e for e in pod["spec"]["containers"][0]["env"]}
        for name in SECRET_SETTINGS:
            assert set(env[name]) == {"name", "valueFrom"}
            assert env[name]["valueFrom"]["secretKeyRef"]["name"] == "infragenius-cloud"
    assert "Secret" not in made  # the chart never holds a secret's value


def test_ingress_can_be_left_out():
    assert "Ingress" not in _render({"ingress": {"enabled": False}})
