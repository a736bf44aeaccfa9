"""Kubernetes manifests: documents, lists, broken YAML, rendered real charts."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.detect import detect

from ..conftest import corpus_dir
from ..helpers import analyse, codes

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n"


def test_detected_by_content() -> None:
    assert detect(Path("deploy/app.yaml"), POD) == "kubernetes"
    assert detect(Path("deploy/values.yml"), "replicas: 2\n") is None


def test_items_of_a_list_are_checked() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        "  " + line + "\n" for line in ("- " + POD.replace("\n", "\n  ")).splitlines()
    )
    assert "K8001" in codes(analyse(text, "kubernetes"))


def test_broken_document_does_not_hide_the_others() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\ndata: [unclosed\n---\n" + POD
    found = codes(analyse(text, "kubernetes"))
    assert "IG001" in found and "K8001" in found


def test_templated_labels_are_unknown_not_mismatched() -> None:
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels:\n"
        "      app: web\n  template:\n    metadata:\n      labels: {}\n    spec:\n      containers: []\n"
    )
    assert "K8023" in codes(analyse(text, "kubernetes"))
    assert "K8023" not in codes(analyse(text.replace("labels: {}", "labels: null"), "kubernetes"))


def test_rendered_charts_give_only_reviewed_findings() -> None:
    """Render real charts with default values (Helm's Go SDK) and check what the rules say."""
    helm = pytest.importorskip("helm_python", reason="helm-python-sdk not installed")
    root = corpus_dir("helm") / "prometheus-community-helm-charts" / "charts"
    found: dict[str, set[str]] = {}
    for chart in ("prometheus-node-exporter", "kube-state-metrics", "prometheus-blackbox-exporter"):
        rendered = helm.Chart.load(str(root / chart)).render({}, name="test", namespace="monitoring")
        found[chart] = {
            f.code for name, text in rendered.items() if name.endswith(".yaml") for f in analyse(text, "kubernetes")
        }
    # Reviewed by hand: node-exporter really uses hostNetwork/hostPID and mounts /, /proc and /sys;
    # none of the charts sets CPU/memory requests by default; kube-state-metrics sets
    # automountServiceAccountToken: true (it needs the API), which K8012 respects.
    assert found["prometheus-node-exporter"] == {"K8005", "K8007", "K8008", "K8010", "K8014", "K8015"}
    assert found["kube-state-metrics"] == {"K8014", "K8015"}
    assert found["prometheus-blackbox-exporter"] == {"K8014", "K8015"}
