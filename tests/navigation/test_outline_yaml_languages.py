"""The outline (LanguageSpec.symbols) of GitHub Actions workflows and actions, GitLab pipelines and
Kubernetes manifests: exact names, kinds, details, ranges (code points) and nesting, compared with
the expected outlines under outline_yaml/; broken or foreign input answers nothing and never raises."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from infragenius.core.document import Document, Range
from infragenius.core.outline import Symbol
from infragenius.languages.github_actions.outline_symbols import symbols as actions_symbols
from infragenius.languages.gitlab_ci.outline_symbols import symbols as gitlab_symbols
from infragenius.languages.kubernetes.outline_symbols import symbols as kubernetes_symbols

from .support import analysed

HERE = Path(__file__).parent / "outline_yaml"
SYMBOLS = {"github-actions": actions_symbols, "gitlab-ci": gitlab_symbols, "kubernetes": kubernetes_symbols}
CASES = [
    ("github-actions", "workflow.yml", "workflow.json"),
    ("github-actions", "action/action.yml", "action.json"),
    ("gitlab-ci", "gitlab/.gitlab-ci.yml", "gitlab.json"),
    ("kubernetes", "manifests.yaml", "manifests.json"),
]


def outline(language: str, path: Path, text: str | None = None) -> list[dict] | None:
    document, model = analysed(path, language, text)
    items = SYMBOLS[language](document, model)
    if items is not None:
        _check_nesting(items, None)
    return None if items is None else [_plain(item) for item in items]


def _plain(item: Symbol) -> dict:
    """A symbol as the expected files write it: ranges as [line, column, end line, end column]."""
    out: dict = {
        "name": item.name,
        "kind": item.kind,
        "detail": item.detail,
        "range": [*item.range.start, *item.range.end],
        "selection": [*item.selection_range.start, *item.selection_range.end],
    }
    if item.children:
        out["children"] = [_plain(child) for child in item.children]
    return out


def _check_nesting(items: Sequence[Symbol], parent: Range | None) -> None:
    """What lsp/symbols.py relies on: selection inside range, children inside their parent."""
    for item in items:
        rng, selection = item.range, item.selection_range
        assert isinstance(rng, Range) and rng.start <= selection.start and selection.end <= rng.end, item
        assert parent is None or (parent.start <= rng.start and rng.end <= parent.end), item
        _check_nesting(item.children, rng)


@pytest.mark.parametrize(("language", "source", "expected"), CASES)
def test_outline_matches_expected(language: str, source: str, expected: str):
    got = outline(language, HERE / source)
    assert got == json.loads((HERE / expected).read_text("utf-8"))


def test_workflow_step_names_and_details(tmp_path):
    """The spots the expected file covers, spelt out: name, else uses, else the cut first script line."""
    [_on, _permissions, _env, jobs] = outline("github-actions", HERE / "workflow.yml")
    build = jobs["children"][0]
    assert [(s["name"], s["detail"]) for s in build["children"]] == [
        ("actions/checkout@v4", None),
        ("Test", "test"),
        ('echo "the first line of this script is…', None),
        ("actions/cache@v4", "cache"),
        ("step 5", "nothing-to-name"),
    ]
    assert len(build["children"][2]["name"]) <= 40


HALF_TYPED_STEPS = "jobs:\n  build:\n    steps:\n      - \n      - name:\n      - 3\n  test:\n"
GITLAB_SHAPES = "stages: build\nvariables: 3\ninclude: [{file: x.yml}, 4]\njob:\n"
POD = "apiVersion: v1\nkind: Pod\nmetadata: x\nspec:\n  containers:\n    - image: a\n    - 3\n    - name:\n"
BROKEN = [
    ("github-actions", ".github/workflows/a.yml", "", None),
    ("github-actions", ".github/workflows/a.yml", "- just\n- a list\n", None),
    ("github-actions", ".github/workflows/a.yml", HALF_TYPED_STEPS, ["jobs"]),
    (
        "github-actions",
        ".github/workflows/a.yml",
        "on:\njobs: 3\nenv: [a]\npermissions:\n",
        ["on", "jobs", "env", "permissions"],
    ),
    ("github-actions", "action.yml", "runs: composite\ninputs:\n  - x\n", ["runs", "inputs"]),
    ("gitlab-ci", ".gitlab-ci.yml", "", None),
    ("gitlab-ci", ".gitlab-ci.yml", "build:\n  script: [make\n", ["build"]),
    ("gitlab-ci", ".gitlab-ci.yml", GITLAB_SHAPES, ["stages", "variables", "include", "job"]),
    ("kubernetes", "k.yaml", "", []),
    ("kubernetes", "k.yaml", "---\n---\nkind: Pod\n", []),
    ("kubernetes", "k.yaml", POD, ["Pod"]),
]


@pytest.mark.parametrize(("language", "name", "text", "names"), BROKEN)
def test_broken_input_never_raises(tmp_path, language, name, text, names):
    """Top-level names only (None: no outline); the exact shapes are checked below."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    got = outline(language, path, text)
    assert (None if got is None else [item["name"] for item in got]) == names


def test_unclosed_flow_sequence(tmp_path):
    """The parser blanks the broken line: the job is still there, empty."""
    text = "on: push\njobs:\n  build:\n    runs-on: [ubuntu\n"
    got = outline("github-actions", tmp_path / ".github" / "workflows" / "a.yml", text)
    assert [
        (s["name"], s["range"], [(c["name"], c["range"], c.get("children")) for c in s["children"]]) for s in got
    ] == [
        ("on", [0, 0, 0, 8], [("push", [0, 4, 0, 8], None)]),
        ("jobs", [1, 0, 2, 8], [("build", [2, 2, 2, 7], None)]),
    ]


def test_empty_values(tmp_path):
    text = "on:\njobs: 3\nenv: [a]\npermissions:\n"
    got = outline("github-actions", tmp_path / ".github" / "workflows" / "a.yml", text)
    assert [(s["name"], s["kind"], s["range"], s["selection"], s.get("children")) for s in got] == [
        ("on", "event", [0, 0, 0, 3], [0, 0, 0, 2], None),
        ("jobs", "namespace", [1, 0, 1, 7], [1, 0, 1, 4], None),
        ("env", "namespace", [2, 0, 2, 8], [2, 0, 2, 3], None),
        ("permissions", "key", [3, 0, 3, 12], [3, 0, 3, 11], None),
    ]


def test_half_typed_steps(tmp_path):
    """A null step item has no symbol; a step with an empty name is numbered by its place."""
    path = tmp_path / ".github" / "workflows" / "a.yml"
    [jobs] = outline("github-actions", path, HALF_TYPED_STEPS)
    build, test = jobs["children"]
    assert (build["name"], build["detail"], test["name"], test["detail"]) == ("build", None, "test", None)
    assert [(s["name"], s["range"]) for s in build["children"]] == [("step 2", [4, 8, 4, 13])]


def test_gitlab_broken_shapes(tmp_path):
    """A bare stage, a number as an include, a job with no body (its stage is not guessed)."""
    got = outline("gitlab-ci", tmp_path / ".gitlab-ci.yml", GITLAB_SHAPES)
    assert [(s["name"], s["kind"], s["detail"], [c["name"] for c in s.get("children", [])]) for s in got] == [
        ("stages", "enum", None, ["build"]),
        ("variables", "namespace", None, []),
        ("include", "module", None, []),
        ("job", "class", None, []),
    ]


def test_kubernetes_unnamed_container(tmp_path):
    """No metadata.name: the kind alone, selected at its value; containers without a name."""
    [pod] = outline("kubernetes", tmp_path / "k.yaml", POD)
    assert (pod["name"], pod["selection"]) == ("Pod", [1, 6, 1, 9])
    assert [(c["name"], c["detail"], c["range"]) for c in pod["children"]] == [
        ("?", "a", [5, 6, 5, 14]),
        ("?", None, [7, 6, 7, 11]),
    ]


@pytest.mark.parametrize("language", sorted(SYMBOLS))
def test_no_model_or_a_foreign_one(language):
    document = Document(uri="file:///x.yml", text="a: 1\n", language=language)
    assert SYMBOLS[language](document, None) is None
    assert SYMBOLS[language](document, object()) is None
    _, other = analysed(HERE / "manifests.yaml", "kubernetes")
    if language != "kubernetes":
        assert SYMBOLS[language](document, other) is None
