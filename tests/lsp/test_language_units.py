"""The editor plumbing asks a language's ``LanguageSpec`` what it knows (issue 17 "one door per
language"): which files form one analysis unit, which units are analysed together, which files other
analyses read, its code-fence name. A new language needs no edit here, only its spec and one registry line."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.document import Document
from infragenius.core.result_cache import ResultCache
from infragenius.core.rules import LANGUAGES, REGISTRY, LanguageSpec
from infragenius.lsp.documents import Documents, is_input_file
from infragenius.lsp.hover import _fence


def _demo_spec() -> LanguageSpec:
    return LanguageSpec(
        name="demo",
        parse=lambda document, ctx: None,
        analysis_unit=lambda path, root: root or path.parent,
        units_related=lambda a, b, workspace: b.parent == a,
        input_files=frozenset({"demo.lock"}),
        fence="demo-fence",
    )


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LANGUAGES, "demo", _demo_spec)
    monkeypatch.setattr(REGISTRY, "_specs", dict(REGISTRY._specs))  # forgotten after the test


def _doc(path: Path, language: str | None) -> Document:
    return Document(path.as_uri(), "", language, path=path)


def test_a_new_language_plugs_in_through_its_spec_alone(demo, tmp_path: Path) -> None:
    documents = Documents()
    documents.root = tmp_path
    inner = tmp_path / "sub"
    assert documents.group(_doc(inner / "a.demo", "demo")) == ("demo", tmp_path)
    assert not ResultCache.cacheable("demo")  # a folder is its unit: a new file there would not be noticed
    assert _fence("demo") == "demo-fence"
    assert is_input_file((tmp_path / "demo.lock").as_uri())


def test_units_analysed_together_are_re_checked_together(demo, tmp_path: Path) -> None:
    documents = Documents()
    parent, child = _doc(tmp_path / "p.demo", "demo"), _doc(tmp_path / "c" / "c.demo", "demo")
    for document in (parent, child):  # put in directly: detection knows no demo files
        documents._open[document.uri] = document
    assert documents.siblings(parent) == [child]


def test_the_languages_units(tmp_path: Path) -> None:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
    documents = Documents()
    documents.root = tmp_path
    assert documents.group(_doc(chart / "templates" / "pod.yaml", "helm")) == ("helm", chart)
    assert documents.group(_doc(tmp_path / "net" / "main.tf", "terraform")) == ("terraform", tmp_path / "net")
    assert documents.group(_doc(tmp_path / ".gitlab-ci.yml", "gitlab-ci")) == ("gitlab-ci", tmp_path)
    assert documents.group(_doc(tmp_path / "Dockerfile", "dockerfile")) is None
    assert [ResultCache.cacheable(name) for name in ("dockerfile", "kubernetes", "terraform", "helm")] == [
        True,
        True,
        False,
        False,
    ]


def test_a_kustomization_is_an_input_once_kubernetes_is_loaded(tmp_path: Path) -> None:
    REGISTRY.spec("kubernetes")
    assert is_input_file((tmp_path / "kustomization.yaml").as_uri())
    assert not is_input_file((tmp_path / "deployment.yaml").as_uri())


def test_editor_language_ids_and_included_files_come_from_the_specs(tmp_path: Path) -> None:
    documents = Documents()
    documents.root = tmp_path
    assert documents.open("untitled:Untitled-1", "RUN true\n", 1, "containerfile").language == "dockerfile"
    assert documents.open("untitled:Untitled-2", "x = 1\n", 1, "opentofu").language == "terraform"
    assert documents.open("untitled:Untitled-3", "a: 1\n", 1, "plaintext").language is None
    included = documents.open((tmp_path / "ci" / "build.yml").as_uri(), "a: 1\n", 1)
    assert included.language is None
    assert documents.group(included) == ("gitlab-ci", tmp_path)  # a pipeline may include it
    assert documents.group(_doc(tmp_path / "notes.txt", None)) is None
