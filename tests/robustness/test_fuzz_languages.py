"""Mutated real files of every registered language other than Dockerfile never break the engine.

Seeds are a spread of corpus files per kind (skipped when ../shared/corpus is absent or the language
is not available); mutations cut, duplicate, re-indent and insert syntax-significant tokens. The same
invariants as the Dockerfile fuzzing: no exception, no IG002, no crashed rule, ranges in the document,
a per-document time budget.
"""

from __future__ import annotations

import shutil
import time
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine
from infragenius.core.rules import REGISTRY

from ..conftest import CORPUS
from .invariants import analysis_problems
from .test_fuzz_dockerfile import EXAMPLES, FUZZ

BUDGET_S = 3.0
ENGINE = Engine(Config())
# language -> (corpus kind, file suffixes used as seeds, virtual file name the text is analysed as)
LANGUAGES = {
    "terraform": ("terraform", (".tf",), "main.tf"),
    "github-actions": ("github-actions", (".yml", ".yaml"), ".github/workflows/ci.yml"),
    "gitlab-ci": ("gitlab-ci", (".yml", ".yaml"), ".gitlab-ci.yml"),
    "compose": ("compose", (".yml", ".yaml"), "compose.yaml"),
    "bake": ("compose", (".hcl",), "docker-bake.hcl"),
}
TOKENS = [
    "\n",
    "\r\n",
    "\t",
    "  ",
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    "{",
    "}",
    "[",
    "]",
    '"',
    "'",
    "#",
    "&a",
    "*a",
    "!!str",
    "|",
    ">-",
    "${{",
    "}}",
    "${{ github.event.issue.title }}",
    "${",
    "${var.x}",
    "=",
    "==",
    "<<EOT\n",
    "EOT\n",
    "/*",
    "*/",
    "//",
    "resource",
    "variable",
    "module",
    '"aws_s3_bucket"',
    "on:",
    "jobs:",
    "steps:",
    "run: ",
    "uses: ",
    "script:",
    "stages:",
    "include:",
    "extends:",
    "needs:",
    "\x00",
    "\ufeff",
    "\U0001f600",
    "%",
    "@",
    "`",
    "\\",
]


@cache
def seeds(kind: str, suffixes: tuple[str, ...]) -> tuple[str, ...]:
    root = CORPUS / kind
    if not root.is_dir():
        return ()
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes)
    step = max(1, len(paths) // 12)
    texts = [p.read_text("utf-8", "replace") for p in paths[::step]]
    return tuple(t[:6000] for t in texts)  # bounded, so each example stays fast


@st.composite
def mutated(draw, texts: tuple[str, ...], tokens: list[str] = TOKENS) -> str:
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 5))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 120)))
        op = draw(st.sampled_from(["cut", "dup", "insert", "indent", "truncate"]))
        if op == "cut":
            text = text[:a] + text[b:]
        elif op == "dup":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "insert":
            text = text[:a] + "".join(draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6))) + text[a:]
        elif op == "indent":
            text = (
                text[:a] + text[a:b].replace("\n", "\n" + draw(st.sampled_from([" ", "  ", "\t", "    "]))) + text[b:]
            )
        else:
            text = text[:a]
    return text


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_mutated_corpus_files(language: str) -> None:
    kind, suffixes, name = LANGUAGES[language]
    if not (CORPUS / kind).is_dir():
        pytest.skip(f"corpus not available at {CORPUS / kind}")
    if REGISTRY.language(language) is None:
        pytest.skip(f"language {language!r} is not available")
    texts = seeds(kind, suffixes)
    assert texts, f"no seed files under {CORPUS / kind}"
    path = Path("/fuzz") / name

    @settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))
    @given(mutated(texts))
    def run(text: str) -> None:
        check(language, path, text)

    run()


def check(language: str, path: Path, text: str) -> None:
    document = Document(path.as_uri(), text, language, path=path)
    started = time.perf_counter()
    analysis = ENGINE.analyse(document, use_cache=False)
    elapsed = time.perf_counter() - started
    assert analysis_problems(analysis) == []
    assert elapsed < BUDGET_S, f"{elapsed:.2f} s for {len(text)} characters"


# Found by this fuzzing (fixed since; kept as regression cases: they xfail with the reason if they return).
YAML_EOF_BUG = (
    "languages/yaml/compose._syntax_problem: PyYAML's end-of-input mark is one line past a last line with no newline"
)
KNOWN_BUGS = [
    (
        "github-actions",
        ".github/workflows/ci.yml",
        "name: Run memory report\n\npermissions: {",
        YAML_EOF_BUG,
    ),
    (
        "github-actions",
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  test:\n    strategy:\n      matrix:\n        a:\n          - [",
        YAML_EOF_BUG,
    ),
    ("gitlab-ci", ".gitlab-ci.yml", "stages: [", YAML_EOF_BUG),
]


@pytest.mark.parametrize("language, name, text, reason", KNOWN_BUGS)
def test_known_bugs(language: str, name: str, text: str, reason: str) -> None:
    if REGISTRY.language(language) is None:
        pytest.skip(f"language {language!r} is not available")
    path = Path("/fuzz") / name
    analysis = ENGINE.analyse(Document(path.as_uri(), text, language, path=path), use_cache=False)
    if analysis_problems(analysis):
        pytest.xfail(reason)
    check(language, path, text)


HELM_CHART = "helm/prometheus-community-helm-charts/charts/prometheus-blackbox-exporter"
HELM_TOKENS = [
    "{{",
    "}}",
    "{{-",
    "-}}",
    "{{ .Values.",
    '{{ include "',
    "{{ end }}",
    "{{ if ",
    "{{ range ",
    "| nindent 4",
    "$.",
    "\r\n",
]


def test_mutated_helm_templates(tmp_path: Path) -> None:
    """Templates of a real chart (copied, so that the chart renders) mutated like the files above,
    plus Go-template tokens. Fewer examples: each one renders the chart with Helm's SDK."""
    source = CORPUS / HELM_CHART
    if not source.is_dir():
        pytest.skip(f"corpus not available at {source}")
    if REGISTRY.language("helm") is None:
        pytest.skip("language 'helm' is not available")
    chart = tmp_path / "chart"
    shutil.copytree(source, chart)
    templates = sorted((chart / "templates").glob("*.yaml"))
    texts = tuple(p.read_text("utf-8") for p in templates)
    engine = Engine(Config(), root=chart)

    @settings(FUZZ, max_examples=max(EXAMPLES // 8, 1))
    @given(st.integers(0, len(templates) - 1), st.data())
    def run(index: int, data) -> None:
        text = data.draw(mutated(texts[index : index + 1], TOKENS + HELM_TOKENS))
        document = Document(templates[index].as_uri(), text, "helm", path=templates[index])
        started = time.perf_counter()
        analysis = engine.analyse(document, use_cache=False)
        assert analysis_problems(analysis) == []
        assert time.perf_counter() - started < BUDGET_S

    run()


HELM_KNOWN_BUGS = [
    (
        'a: 1\r\nname: {{ template "x\r\n',
        "helm Go-template scanner: a token that runs to a CRLF line end includes the \\r (HM002 end column past the line)",
    ),
]


@pytest.mark.parametrize("text, reason", HELM_KNOWN_BUGS)
def test_helm_known_bugs(tmp_path: Path, text: str, reason: str) -> None:
    if REGISTRY.language("helm") is None:
        pytest.skip("language 'helm' is not available")
    (tmp_path / "templates").mkdir()
    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n", "utf-8")
    (tmp_path / "values.yaml").write_text("replicas: 1\n", "utf-8")
    path = tmp_path / "templates" / "x.yaml"
    path.write_text(text, "utf-8", newline="")
    analysis = Engine(Config(), root=tmp_path).analyse(
        Document(path.as_uri(), text, "helm", path=path), use_cache=False
    )
    if analysis_problems(analysis):
        pytest.xfail(reason)
    assert analysis_problems(analysis) == []
