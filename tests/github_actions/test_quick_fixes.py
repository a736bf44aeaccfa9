"""Every "did you mean" in a workflow comes with its fix: safe for one candidate, unsafe for several."""

from __future__ import annotations

from infragenius.core.document import Document
from infragenius.core.findings import apply_edits

from ..helpers import analyse


def _fixed(text: str, code: str) -> tuple[list, str]:
    findings = [f for f in analyse(text, "github-actions", ".github/workflows/ci.yml") if f.code == code]
    doc = Document(uri="untitled:ci.yml", text=text, language="github-actions")
    edits = [e for f in findings if f.fix for e in f.fix.edits]
    return findings, apply_edits(text, edits, doc)


def test_branchs_becomes_branches_safely():
    text = "on:\n  push:\n    branchs: [main]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
    (finding,), fixed = _fixed(text, "GA001")
    assert finding.fix.applicability == "safe"
    assert finding.fix.title == 'Replace "branchs" with "branches"'
    assert "    branches: [main]\n" in fixed


def test_a_quoted_key_keeps_its_quotes():
    text = 'on: push\njobs:\n  a:\n    "runs-onn": ubuntu-latest\n    steps:\n      - run: make\n'
    _, fixed = _fixed(text, "GA001")
    assert '    "runs-on": ubuntu-latest\n' in fixed


def test_a_misspelt_key_beside_the_right_one_gets_no_rename():
    text = (
        "on: push\njobs:\n  a:\n    runs_on: ubuntu-latest\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
    )
    (finding,), _ = _fixed(text, "GA001")
    assert finding.fix is None
    assert finding.message == 'unknown key "runs_on" in job "a" (a misspelling of "runs-on", which is set too)'


def test_needs_with_two_equally_close_jobs_is_unsafe_and_names_both():
    text = (
        "on: push\njobs:\n"
        "  build-a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        "  build-b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        "  test:\n    needs: build-c\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
    )
    (finding,), fixed = _fixed(text, "GA010")
    assert finding.fix.applicability == "unsafe"
    assert finding.fix.title == 'Replace "build-c" with "build-a"'
    assert [alt.title for alt in finding.fix.alternatives] == ['Replace "build-c" with "build-b"']
    assert "    needs: build-a\n" in fixed


def test_a_context_typed_with_an_underscore_for_the_dot():
    text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github_event_name }}\n"
    (finding,), fixed = _fixed(text, "GA021")
    assert finding.message == 'undefined context "github_event_name"; did you mean "github.event_name"?'
    assert "echo ${{ github.event_name }}" in fixed


def test_a_retired_runner_image_is_not_renamed_to_a_neighbour():
    text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-20.04\n    steps:\n      - run: make\n"
    (finding,), _ = _fixed(text, "GA015")
    assert "retired" in finding.message and finding.fix is None
