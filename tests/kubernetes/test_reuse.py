"""Reusing an unchanged object's findings (languages/kubernetes/reuse.py): after every edit of a series,
the engine that reuses its previous model finds exactly what a fresh engine finds."""

from __future__ import annotations

import random

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.languages.kubernetes.rules.security import PrivilegedContainer
from infragenius.languages.yaml import parse_yaml

from ..conftest import ROOT
from ..random_edits import random_edit

CASES = ROOT / "tests" / "cases" / "kubernetes"

# lines an edit inserts: a document separator, keys that change findings, comments, a broken line
LINES = (
    "---",
    "# a comment",
    "",
    "      privileged: true",
    "  namespace: default",
    "          image: nginx:latest",
    "metadata: {name: x",
    "  annotations:\n    ignore-check.kube-linter.io/privileged-container: test",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort",
)
TYPED = ("x", " ", ":", "-", "'", "#", "")


def _stream() -> str:
    """Every bad case of the Kubernetes rules as one multi-document file (many findings, many rules)."""
    parts = [p.read_text("utf-8").strip("\n") for p in sorted(CASES.rglob("bad*.yaml"))]
    return "\n---\n".join(p for p in parts if p.strip()) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_of_a_manifest_stream(seed, tmp_path):
    path = tmp_path / "manifests.yaml"
    text = _stream()
    rng = random.Random(seed)
    reusing = Engine(Config(), root=tmp_path)
    reusing.analyse(Document(path.as_uri(), text, "kubernetes", 1, path))
    lines, before_break = text.split("\n"), None
    for version in range(2, 42):
        if before_break is not None:  # undo an edit that broke the YAML: reuse starts again from there
            lines, before_break = before_break, None
        else:
            kept = list(lines)
            random_edit(lines, rng, LINES, TYPED)
            before_break = kept if parse_yaml("\n".join(lines)).blanked_lines else None
        edited = "\n".join(lines)
        reused = reusing.analyse(Document(path.as_uri(), edited, "kubernetes", version, path)).findings
        fresh = Engine(Config(), root=tmp_path).analyse(Document(path.as_uri(), edited, "kubernetes", version, path))
        assert [(f, f.data) for f in reused] == [(f, f.data) for f in fresh.findings], f"seed {seed}, v{version}"


def test_an_edit_checks_only_the_objects_of_the_document_it_changed(monkeypatch, tmp_path):
    path = tmp_path / "manifests.yaml"
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{n}\nspec:\n  containers:\n    - name: c\n      image: a:1\n"
    text = "---\n".join(pod.format(n=n) + "      securityContext: {privileged: true}\n" for n in range(6))
    engine = Engine(Config(), root=tmp_path)
    before = engine.analyse(Document(path.as_uri(), text, "kubernetes", 1, path)).findings
    checked: list[str] = []
    original = PrivilegedContainer.check_container

    def counting(self, container, resource):
        checked.append(resource.name)
        return original(self, container, resource)

    monkeypatch.setattr(PrivilegedContainer, "check_container", counting)
    edited = text.replace("  name: p2\n", "  name: p2\n  # why\n")
    after = engine.analyse(Document(path.as_uri(), edited, "kubernetes", 2, path)).findings
    assert checked == ["p2"]
    k8001 = [f.range.start.line for f in after if f.code == "K8001"]
    moved_at = text.index("  name: p2\n")
    line = text[:moved_at].count("\n")
    assert k8001 == [f.range.start.line + (f.range.start.line > line) for f in before if f.code == "K8001"]
