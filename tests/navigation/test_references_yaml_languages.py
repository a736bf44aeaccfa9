"""Find references for GitHub Actions, GitLab CI and Kubernetes: exact locations, the declaration first
when asked for, nothing on names that declare or reference nothing, and no errors on broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.document import Document, Position, Range
from infragenius.languages.github_actions.references import references as actions_references
from infragenius.languages.gitlab_ci.references import references as gitlab_references
from infragenius.languages.kubernetes.references import references as kubernetes_references

from .support import analysed, at

FILES = Path(__file__).parent / "references_yaml"
WORKFLOW = FILES / "workflow.yml"
MANIFESTS = FILES / "manifests.yaml"
PIPELINE = FILES / "gitlab" / ".gitlab-ci.yml"
TEMPLATES = FILES / "gitlab" / "ci" / "templates.yml"


def _ranges(answer) -> list[tuple]:
    """``(file name | None, line, start column, end column)`` of single-line targets."""
    out = []
    for path, rng in answer or []:
        assert rng.start.line == rng.end.line
        out.append((path.name if path else None, rng.start.line, rng.start.column, rng.end.column))
    return out


# -- GitHub Actions -------------------------------------------------------------------------------
WORKFLOW_CASES = [
    # job id: its key, a needs: item, needs.<job> in an expression
    ("build:", 0, 0, [(12, 2, 7), (28, 11, 16), (32, 28, 33), (35, 12, 17), (36, 14, 19)]),
    ("needs: build", 8, 0, [(12, 2, 7), (28, 11, 16), (32, 28, 33), (35, 12, 17), (36, 14, 19)]),
    ("needs.test", 7, 0, [(27, 2, 6), (35, 19, 23), (39, 49, 53)]),
    # a job output: its key and needs.<job>.outputs.<name>
    ("version: ${{", 0, 0, [(20, 6, 13), (32, 42, 49)]),
    # step ids: only that job's expressions (job outputs, later steps, a bare if:)
    ("id: meta", 5, 0, [(22, 12, 16), (20, 25, 29), (24, 28, 32), (25, 18, 22)]),
    ("steps.meta.outputs.x", 7, 0, [(31, 12, 16), (33, 28, 32)]),
    # matrix keys, inputs, secrets
    ("python:", 0, 0, [(16, 8, 14), (24, 63, 69)]),
    ("matrix.python", 8, 0, [(16, 8, 14), (24, 63, 69)]),
    ("target:", 0, 0, [(4, 6, 12), (26, 29, 35), (39, 29, 35)]),
    ("secrets.TOKEN", 9, 0, [(7, 6, 11), (32, 65, 70)]),
    # env: the job's MODE shadows the workflow's in build, not in test
    ("MODE: release", 0, 0, [(10, 2, 6), (33, 54, 58)]),
    ("MODE: debug", 0, 0, [(18, 6, 10), (24, 81, 85)]),
    ("env.MODE", 5, 1, [(10, 2, 6), (33, 54, 58)]),
    # a job nobody needs: its key alone
    ("lonely:", 0, 0, [(40, 2, 8)]),
    # declarations nothing reads: themselves
    ("UNUSED", 0, 0, [(43, 6, 12)]),
    ("id: quiet", 4, 0, [(45, 12, 17)]),
]


@pytest.mark.parametrize("needle, delta, nth, expected", WORKFLOW_CASES)
def test_workflow_references(needle, delta, nth, expected):
    document, model = analysed(WORKFLOW, "github-actions")
    position = at(document.text, needle, delta, nth)
    assert _ranges(actions_references(document, model, position, True)) == [(None, *e) for e in expected]
    without = [(None, *e) for e in expected[1:]]
    assert _ranges(actions_references(document, model, position, False)) == without


@pytest.mark.parametrize(
    "needle, delta, nth",
    [
        ("matrix.python", 8, 1),  # the test job has no matrix
        ("runs-on", 0, 0),  # a keyword
        ("echo", 0, 0),  # plain text in a run script
        ("version=1", 0, 0),
        ("ubuntu-latest", 0, 0),
    ],
)
def test_workflow_names_without_references(needle, delta, nth):
    document, model = analysed(WORKFLOW, "github-actions")
    assert actions_references(document, model, at(document.text, needle, delta, nth), True) is None


# -- GitLab CI ------------------------------------------------------------------------------------
GITLAB_CASES = [
    # a job: its key, needs (plain and job:), dependencies; not another project's job
    ("build:", 0, 0, [(None, 3, 0, 5), (None, 9, 10, 15), (None, 11, 6, 11), (None, 18, 11, 16)]),
    ("job: build", 6, 0, [(None, 3, 0, 5), (None, 9, 10, 15), (None, 11, 6, 11), (None, 18, 11, 16)]),
    # a job of the local include: extends and !reference here and in the included file
    (".base", 1, 0, [("templates.yml", 0, 0, 5), (None, 5, 11, 16), (None, 13, 18, 23), ("templates.yml", 5, 11, 16)]),
    ("job: lint", 6, 0, [("templates.yml", 3, 0, 4), (None, 9, 23, 27)]),
    ("on_stop: stop", 10, 0, [(None, 24, 0, 4), (None, 23, 13, 17)]),
    ("stop:", 0, 1, [(None, 24, 0, 4), (None, 23, 13, 17)]),
    # stages: the stages: item and every job's stage:, included jobs too
    ("[build, test", 1, 0, [(None, 2, 9, 14), (None, 4, 9, 14)]),
    ("stage: test", 8, 0, [(None, 2, 16, 20), (None, 8, 9, 13), ("templates.yml", 4, 9, 13)]),
    ("deploy,", 1, 0, [(None, 2, 22, 28), (None, 16, 9, 15), (None, 25, 9, 15)]),
    # declarations nothing uses: themselves
    ("unused]", 1, 0, [(None, 2, 30, 36)]),
    ("deploy:", 0, 0, [(None, 15, 0, 6)]),
]


def _pipeline():
    return analysed(PIPELINE, "gitlab-ci")


@pytest.mark.parametrize("needle, delta, nth, expected", GITLAB_CASES)
def test_gitlab_references(needle, delta, nth, expected):
    document, model = _pipeline()
    position = at(document.text, needle, delta, nth)
    assert _ranges(gitlab_references(document, model, position, True)) == expected
    assert _ranges(gitlab_references(document, model, position, False)) == expected[1:]


def test_gitlab_paths_are_the_included_file():
    document, model = _pipeline()
    answer = gitlab_references(document, model, at(document.text, "job: lint", 6), True)
    assert answer[0] == (TEMPLATES, Range.of(3, 0, 3, 4))


@pytest.mark.parametrize(
    "needle, delta, nth",
    [
        ("job: build", 6, 1),  # a job of another project
        ("needs: build", 8, 0),  # a variable called needs
        ("script", 0, 0),  # a keyword
        ("prod", 0, 0),  # an environment name
        ("ci/templates.yml", 3, 0),  # an include's file is not a name
    ],
)
def test_gitlab_names_without_references(needle, delta, nth):
    document, model = _pipeline()
    assert gitlab_references(document, model, at(document.text, needle, delta, nth), True) is None


# -- Kubernetes -----------------------------------------------------------------------------------
CONFIG_MAP = [(3, 8, 18), (34, 35, 45), (38, 40, 50), (45, 18, 28)]
KUBERNETES_CASES = [
    # a ConfigMap: envFrom, configMapKeyRef, a volume; not the Secret of the same name
    ("name: app-config", 6, 0, CONFIG_MAP),
    ("{name: app-config}", 7, 0, CONFIG_MAP),
    ("name: app-config", 6, 1, [(10, 8, 18), (41, 37, 47)]),
    ("{name: app-config, key: token", 7, 0, [(10, 8, 18), (41, 37, 47)]),
    ("name: runner", 6, 0, [(15, 8, 14), (29, 26, 32)]),
    ("runner", 0, 1, [(15, 8, 14), (29, 26, 32)]),
    # a Service named by an Ingress backend; the Deployment of the same name is not a Service
    ("name: web", 6, 1, [(50, 8, 11), (68, 20, 23)]),
    ("{name: web", 7, 0, [(50, 8, 11), (68, 20, 23)]),
    ("name: web", 6, 0, [(20, 8, 11)]),
    # a workload's pod label: the Service selector selecting it (not the Deployment's own selector)
    ("labels: {app", 10, 0, [(27, 15, 18), (53, 4, 7)]),
    ("labels: {app: web", 15, 0, [(27, 15, 18), (53, 4, 7)]),
    # a ConfigMap of another namespace than the Deployment's
    ("name: app-config", 6, 7, [(59, 8, 18)]),
]


@pytest.mark.parametrize("needle, delta, nth, expected", KUBERNETES_CASES)
def test_kubernetes_references(needle, delta, nth, expected):
    document, model = analysed(MANIFESTS, "kubernetes")
    position = at(document.text, needle, delta, nth)
    assert _ranges(kubernetes_references(document, model, position, True)) == [(None, *e) for e in expected]
    assert _ranges(kubernetes_references(document, model, position, False)) == [(None, *e) for e in expected[1:]]


@pytest.mark.parametrize(
    "needle, delta, nth",
    [
        ("name: app-config", 8, 2),  # a container's name
        ("app: web", 5, 2),  # a Service selector names workloads, not one object
        ("LEVEL", 0, 0),
        ("kind: Service", 6, 0),
    ],
)
def test_kubernetes_names_without_references(needle, delta, nth):
    document, model = analysed(MANIFESTS, "kubernetes")
    assert kubernetes_references(document, model, at(document.text, needle, delta, nth), True) is None


# -- broken input ---------------------------------------------------------------------------------
BROKEN = [
    ("github-actions", actions_references, "jobs:\n  a:\n    needs: [b\n    steps:\n      - run: ${{ steps.\n"),
    ("gitlab-ci", gitlab_references, "build:\n  needs: [\n  stage: \n!reference [\n"),
    ("kubernetes", kubernetes_references, "kind: Pod\nmetadata:\n  name: {\nspec:\n  serviceAccountName: [\n"),
]


@pytest.mark.parametrize("language, references, text", BROKEN)
def test_broken_input_and_no_model_never_raise(tmp_path, language, references, text):
    path = tmp_path / "file.yml"
    path.write_text(text, "utf-8")
    document, model = analysed(path, language)
    for line in range(8):
        for column in (0, 3, 12, 40):
            references(document, model, Position(line, column), True)
    empty = Document(uri=path.as_uri(), text="", language=language, path=path)
    assert references(empty, None, Position(0, 0), True) is None
    assert references(document, None, Position(99, 99), False) is None
