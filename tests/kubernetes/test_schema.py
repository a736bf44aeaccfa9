"""Schema validation of manifests (K8029 unknown field, K8030 wrong type, K8031 missing required)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.kubernetes import schema
from infragenius.languages.yaml import parse_yaml

from ..helpers import analyse, golden_line

pytest.importorskip("kubernetes_validate", reason="kubernetes-validate not installed")
SCHEMA = Config(select=["K8029", "K8030", "K8031"])
CASES = Path(__file__).resolve().parents[1] / "cases"


def _lines(text: str) -> list[str]:
    return [golden_line(f) for f in analyse(text, "kubernetes", config=SCHEMA)]


def test_loads_the_newest_bundled_schemas() -> None:
    schemas = schema.load_schemas()
    assert schemas is not None and schemas.version.startswith("1.")
    assert schemas.kinds[("apps/v1", "Deployment")] == "io.k8s.api.apps.v1.Deployment"
    assert schemas.kinds[("v1", "Service")] == "io.k8s.api.core.v1.Service"
    assert ("v1", "PodList") not in {(a, k) for a, k in schemas.kinds if k.endswith("List")}


def test_suggestion_ignores_case() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  Labels: {a: b}\n"
    assert _lines(text) == ["5:3-5:9 K8029 Unknown field 'Labels' in ConfigMap.metadata (did you mean 'labels'?)"]


def test_no_suggestion_when_nothing_is_close() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nzzz: 1\n"
    assert _lines(text) == ["5:1-5:4 K8029 Unknown field 'zzz' in ConfigMap"]


@pytest.mark.parametrize(
    "api,kind",
    [("monitoring.coreos.com/v1", "ServiceMonitor"), ("apps/v1beta1", "Deployment"), ("example.com/v1", "Widget")],
)
def test_kinds_without_a_schema_are_skipped(api: str, kind: str) -> None:
    text = f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: x\nspec:\n  anything: [1]\n  replicas: 'x'\n"
    assert _lines(text) == []


def test_placeholders_are_not_judged() -> None:
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  ${EXTRA}: x\nspec:\n  replicas: ${REPLICAS}\n"
        "  selector: {matchLabels: {a: b}}\n  template:\n    spec:\n      containers:\n"
        "        - name: c\n          image: '{{ .image }}'\n          ports:\n            - containerPort: $(PORT)\n"
    )
    assert _lines(text) == []


def test_yaml_1_1_booleans_are_booleans_for_kubernetes() -> None:
    base = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: {}\n  containers: [{name: c, image: i}]\n"
    assert _lines(base.replace("{}", "yes", 1)) == []
    assert _lines(base.replace("{}", "'yes'", 1)) == [
        "6:16-6:21 K8030 Pod.spec.hostNetwork must be a boolean, not a string 'yes'"
    ]


def test_block_value_of_the_wrong_type_is_reported_at_its_key() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  - a\n  - b\n"
    assert _lines(text) == ["5:1-5:5 K8030 ConfigMap.data must be a mapping, not a list"]


def test_misspelt_required_field_is_reported_once() -> None:
    text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n    - Port: 80\n"
    assert _lines(text) == ["7:7-7:11 K8029 Unknown field 'Port' in Service.spec.ports[0] (did you mean 'port'?)"]


def test_merge_keys_leave_the_mapping_alone() -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: c\n---\napiVersion: v1\nkind: ConfigMap\n"
        "metadata:\n  <<: *m\n  labels: {a: b}\n"
    )
    assert _lines(text) == []


def test_items_of_a_list_are_validated() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c}\n    dta: {}\n"
    assert _lines(text) == ["7:5-7:8 K8029 Unknown field 'dta' in ConfigMap (did you mean 'data'?)"]


def test_quantities_and_int_or_string_accept_both() -> None:
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: i\n"
        "      resources: {limits: {cpu: 1, memory: 1Gi}, requests: {cpu: 0.5, memory: '512Mi'}}\n"
        "      readinessProbe: {httpGet: {port: http}}\n      livenessProbe: {httpGet: {port: 8080}}\n"
    )
    assert _lines(text) == []


def test_every_object_is_validated_once_for_the_three_rules(monkeypatch) -> None:
    calls = []
    real = schema.validate

    def counting(root, api, kind):
        calls.append(kind)
        return real(root, api, kind)

    monkeypatch.setattr("infragenius.languages.kubernetes.rules.schema.validate", counting)
    _lines(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"
    )
    assert calls == ["ConfigMap", "Secret"]


def test_without_the_schema_package_nothing_is_said(monkeypatch) -> None:
    monkeypatch.setattr(schema, "load_schemas", lambda: None)
    assert _lines("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nzzz: 1\n") == []


def test_validation_cost_per_file() -> None:
    """A 300-line file of real-looking objects validates in a few milliseconds once schemas are loaded."""
    schema.load_schemas()
    text = (CASES / "kubernetes" / "K8030" / "good.yaml").read_text()
    stream = parse_yaml("---\n".join([text] * 8))
    roots = [d.root for d in stream.documents]
    started = time.perf_counter()
    for root in roots:
        assert schema.validate(root, "apps/v1", "Deployment") == []
    assert time.perf_counter() - started < 0.5  # ~2 ms measured; generous for a loaded machine


def test_findings_in_rendered_charts_map_back_to_the_template(tmp_path: Path) -> None:
    pytest.importorskip("helm_python", reason="helm-python-sdk not installed")
    chart = tmp_path / "web"
    shutil.copytree(CASES / "helm" / "HM008" / "good", chart)
    path = chart / "templates" / "deployment.yaml"
    text = path.read_text()
    assert "imagePullPolicy" not in text
    text = text.replace("          image:", "          imagePullPolcy: Always\n          image:", 1)
    doc = Document(path.as_uri(), text, "helm", path=path)
    findings = Engine(Config(select=["HM008", "K8029"])).analyse(doc, use_cache=False).findings
    row = text.splitlines().index("          imagePullPolcy: Always")
    assert [(f.code, f.range.start.line, f.range.start.column) for f in findings] == [("K8029", row, 10)]
    assert "did you mean 'imagePullPolicy'?" in findings[0].message


def test_a_crd_definition_with_every_schema_feature_is_valid() -> None:
    assert _lines((CASES / "kubernetes" / "K8029" / "good-crd.yaml").read_text()) == []


def test_yaml_1_1_booleans_count_for_the_security_rules() -> None:
    """``runAsNonRoot: yes`` is true for the API server (YAML 1.1), so K8003 stays quiet; quoted, it is a type error."""
    pod = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: {net}\n  containers:\n    - name: c\n"
        "      image: i:1\n      securityContext:\n        runAsNonRoot: {root}\n"
    )
    found = {f.code for f in analyse(pod.format(net="on", root="yes"), "kubernetes")}
    assert "K8007" in found and "K8003" not in found and "K8030" not in found
    found = {f.code for f in analyse(pod.format(net="off", root="'yes'"), "kubernetes")}
    assert "K8007" not in found and {"K8003", "K8030"} <= found
