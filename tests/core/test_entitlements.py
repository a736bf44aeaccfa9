"""The engine takes its entitlements from whoever builds it (issue 17): core never asks tiers/ for the license."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

PRIVILEGED_POD = (
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n"
    "      image: nginx:1.27\n      securityContext:\n        privileged: true\n"
)
PREMIUM = {"premium-rules"}.__contains__


def _codes(engine: Engine, document: Document) -> set[str]:
    return {f.code for f in engine.analyse(document, use_cache=False).findings}


def test_an_engine_without_a_predicate_runs_the_community_rules_only() -> None:
    found = _codes(Engine(Config()), Document("untitled:pod", PRIVILEGED_POD, "kubernetes"))
    assert "K8001" in found and "CK001" not in found


def test_premium_packs_run_when_the_builder_grants_their_feature() -> None:
    found = _codes(Engine(Config(), entitled=PREMIUM), Document("untitled:pod", PRIVILEGED_POD, "kubernetes"))
    assert {"K8001", "CK001"} <= found


def test_the_predicate_is_asked_once_per_feature_and_analysis() -> None:
    asked: list[str] = []

    def entitled(feature: str) -> bool:
        asked.append(feature)
        return False

    Engine(Config(), entitled=entitled).analyse(Document("untitled:pod", PRIVILEGED_POD, "kubernetes"))
    assert asked == ["premium-rules"]


def test_helm_hands_the_predicate_to_the_rules_it_runs_on_the_rendered_chart(tmp_path: Path) -> None:
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    template = tmp_path / "templates" / "pod.yaml"
    template.parent.mkdir()
    template.write_text(PRIVILEGED_POD)
    document = Document(template.as_uri(), PRIVILEGED_POD, "helm", path=template)

    assert "CK001" not in _codes(Engine(Config(), root=tmp_path), document)
    assert "CK001" in _codes(Engine(Config(), root=tmp_path, entitled=PREMIUM), document)
