"""GitHub Actions analysis end to end: recovery, CRLF, config, action.yml, the corpus."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.findings import Severity
from infragenius.core.rules import REGISTRY

from ..conftest import corpus_dir
from ..helpers import analyse, golden_line

WF = ".github/workflows/ci.yml"


def _lines(text: str, path: str = WF, **settings) -> list[str]:
    return [golden_line(f) for f in analyse(text, "github-actions", path, **settings)]


def test_language_is_registered_with_its_rules():
    spec = REGISTRY.language("github-actions")
    assert spec is not None and spec.name == "github-actions"
    codes = {r.code for r in REGISTRY.rules_for("github-actions")}
    assert {"GA001", "GA010", "GA020", "GA030", "GA040"} <= codes
    assert REGISTRY.get("zizmor:template-injection").code == "GA030"


def test_half_typed_workflow_reports_syntax_error_and_analyses_the_rest():
    text = (
        "on: push\n"
        "permissions: {}\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n"
        "      - uses\n"
        "        with: x\n"
        "  test:\n"
        "    needs: biuld\n"
        "    runs-on: ubuntu-latest\n"
        "    steps: [{run: make}]\n"
    )
    lines = _lines(text)
    assert "9:13-9:14 IG001 invalid YAML: mapping values are not allowed in this context" in lines
    codes = [line.split()[1] for line in lines]
    assert "GA030" in codes and "GA010" in codes


def test_crlf_positions_match_lf():
    text = "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n"
    lf = _lines(text)
    crlf = _lines(text.replace("\n", "\r\n"))
    assert lf == crlf == ['7:23-7:26 GA021 undefined context "foo"']


def test_duplicate_keys_in_workflow():
    text = "on: push\njobs:\n  a:\n    runs-on: x\n    runs-on: y\n    steps: [{run: make}]\n"
    assert '5:5-5:12 GA004 key "runs-on" is duplicated; first defined at line 4, column 5' in _lines(text)


def test_self_hosted_labels_from_config_silence_the_runner_check():
    text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-lastest\n    steps: [{run: make}]\n"
    assert any("GA015" in line for line in _lines(text))
    assert not any(
        "GA015" in line
        for line in _lines(text, **{"github-actions": {"self-hosted-runner-labels": ["ubuntu-lastest"]}})
    )


def test_self_hosted_label_patterns_from_config():
    text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-oldest\n    steps: [{run: make}]\n"
    expected = (
        '4:14-4:27 GA015 unknown runner label "ubuntu-oldest": GitHub hosts no such image (known: ubuntu-latest, '
        "ubuntu-24.04, ubuntu-22.04, ubuntu-slim); if it is a larger or self-hosted runner, list it in "
        "github-actions.self-hosted-runner-labels"
    )
    assert [line for line in _lines(text) if "GA015" in line] == [expected]
    configured = {"github-actions": {"self-hosted-runner-labels": ["ubuntu-*"]}}
    assert not any("GA015" in line for line in _lines(text, **configured))
    # once the project lists its labels, any other label is unknown
    gpu = text.replace("ubuntu-oldest", "[gpu, ubuntu-big]")
    assert not any("GA015" in line for line in _lines(gpu))
    assert [line for line in _lines(gpu, **configured) if "GA015" in line] == [
        '4:15-4:18 GA015 unknown runner label "gpu": not a GitHub-hosted label nor one of github-actions.self-hosted-runner-labels'
    ]


def test_action_metadata_is_not_checked_as_a_workflow():
    text = "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.a }}\n      shell: bash\n"
    assert _lines(text, ".github/actions/x/action.yml") == []


def test_empty_and_garbage_files_do_not_crash():
    for text in [
        "",
        "\n",
        "[",
        "on:",
        "jobs: 1",
        "- a\n- b\n",
        "on: push\njobs:\n  a: [1, 2]\n",
        "on: {push: 1}\njobs: {}\n",
    ]:
        findings = analyse(text, "github-actions", WF)
        assert all(f.code != "IG002" for f in findings), text


# actionlint judges syntax, types and references, not supply chain: its "ok" files use ubuntu:latest
# containers on purpose. GA049 is judged on the real workflows (test_corpus_precision.py) instead.
# Nor secrets in env: anchors.yaml writes a password out (PASS: P@ssw0rd), a real GA034 pinned in
# test_corpus_precision.py.
NOT_ACTIONLINTS_CONCERN = frozenset({"GA049", "GA034"})


def test_actionlint_ok_files_have_no_warning_or_error():
    ok = corpus_dir("github-actions") / "actionlint" / "testdata" / "ok"
    problems = []
    for path in sorted(ok.glob("*.y*ml")):
        for f in analyse(path.read_text("utf-8"), "github-actions", Path(".github/workflows") / path.name):
            if f.severity <= Severity.WARNING and f.code not in NOT_ACTIONLINTS_CONCERN:
                problems.append(f"{path.name}: {golden_line(f)}")
    assert problems == []


def test_real_workflows_analyse_without_internal_errors():
    root = corpus_dir("github-actions")
    seen = 0
    for path in sorted(root.rglob("*.y*ml")):
        if "actionlint" in path.parts:
            continue
        name = path.name if "workflows" in path.parts else "action.yml"
        findings = analyse(path.read_text("utf-8"), "github-actions", Path(".github/workflows") / name)
        assert not [f for f in findings if f.code in ("IG001", "IG002")], path
        seen += 1
    assert seen > 50


def test_hover_on_keys_contexts_functions_and_events():
    from infragenius.core.document import Document, Position
    from infragenius.core.engine import Engine

    text = "on: pull_request\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.ref }} ${{ toJSON(matrix) }}\n"
    doc = Document("file:///r/.github/workflows/ci.yml", text, "github-actions", path=Path(".github/workflows/ci.yml"))
    analysis = Engine().analyse(doc)
    spec = REGISTRY.language("github-actions")

    def at(line: int, col: int):
        return spec.hover(doc, analysis.model, Position(line, col))

    assert at(3, 6).startswith("**runs-on**:")
    assert at(5, 24).startswith("**github** context:")
    assert at(5, 42).startswith("`toJSON(value)`")
    assert at(0, 6).startswith("**pull_request** event; activity types: assigned")
    assert at(3, 20) is None  # a plain value


def test_half_typed_prefixes_of_real_workflows_never_crash_a_rule():
    """Every prefix of a real workflow (cut mid-line, as while typing) parses and no rule crashes."""
    from infragenius.core.config import Config
    from infragenius.core.document import Document
    from infragenius.core.engine import Engine

    root = corpus_dir("github-actions")
    files = [root / "cli/.github/workflows/deployment.yml", root / "tokio/.github/workflows/ci.yml"]
    engine = Engine(Config())
    runs = 0
    for path in files:
        if not path.is_file():
            continue
        text = path.read_text("utf-8")[:6000]
        for cut in range(0, len(text), 97):
            doc = Document(f"file:///t/{runs}.yml", text[:cut], "github-actions", path=Path(WF))
            analysis = engine.analyse(doc, use_cache=False)
            assert analysis.rule_errors == [], (path.name, cut)
            assert not [f for f in analysis.findings if f.code == "IG002"], (path.name, cut)
            runs += 1
    assert runs > 50


def test_pragma_above_a_step_covers_the_whole_step():
    text = (
        "on: issues\n"
        "permissions: {}\n"
        "jobs:\n"
        "  triage:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      # infragenius: ignore[GA030]\n"
        "      - run: |\n"
        "          echo start\n"
        '          echo "${{ github.event.issue.title }}"\n'
        '      - run: echo "${{ github.event.issue.body }}"  # infragenius: ignore[zizmor:template-injection]\n'
        '      - run: echo "${{ github.event.comment.body }}"\n'
    )
    assert [line.split()[0] for line in _lines(text) if "GA030" in line] == ["12:24-12:49"]
