"""``check --baseline`` / ``--write-baseline``: only findings the baseline does not record fail the run;
a finding that moved with the lines above it is still the baselined one; identical findings are counted."""

from __future__ import annotations

import json

import pytest

from .conftest import EXPECTED


@pytest.fixture
def baselined(cli, project):
    """The project with its 4 findings recorded in baseline.json."""
    run = cli("check", "--write-baseline", "baseline.json")
    assert (run.code, run.err) == (0, "infragenius: wrote 4 finding(s) to the baseline baseline.json\n")
    assert run.out == "All checks passed (3 file(s)).\n4 baselined findings not shown.\n"
    return project / "baseline.json"


def _insert(path, row: int, line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(row, line + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def test_the_baseline_file_is_sorted_json_with_names_relative_to_it(baselined):
    assert baselined.read_text(encoding="utf-8") == (EXPECTED / "project.baseline.json").read_text(encoding="utf-8")


def test_findings_that_moved_are_still_baselined(cli, project, baselined):
    _insert(project / "Dockerfile", 1, "RUN echo a new first step")
    _insert(project / "Dockerfile", 0, "# a header comment")
    _insert(project / "sub" / "app.dockerfile", 0, "")
    run = cli("check", "--baseline", "baseline.json")
    assert (run.code, run.out) == (0, "All checks passed (3 file(s)).\n4 baselined findings not shown.\n")


def test_a_finding_whose_neighbour_changed_is_still_baselined(cli, project, baselined):
    dockerfile = project / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text(encoding="utf-8").replace("# comment", "# another comment"))
    assert cli("check", "--baseline", "baseline.json").code == 0


def test_a_new_finding_fails_the_run_alone(cli, project, baselined):
    _insert(project / "Dockerfile", 2, "MAINTAINER someone@example.com")
    run = cli("check", "--baseline", "baseline.json")
    assert run.code == 1
    assert run.out == (
        "Dockerfile:3:1: DF001 [*] [warning] MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors\n"
        "Found 1 finding (1 warning) in 3 file(s).\n"
        "[*] 1 fixable with `infragenius check --fix`.\n"
        "4 baselined findings not shown.\n"
    )


def test_identical_findings_are_counted_not_merged(cli, project, baselined):
    app = project / "sub" / "app.dockerfile"
    app.write_text(app.read_text(encoding="utf-8") * 2, encoding="utf-8")  # the same two findings again, below
    rows = json.loads(cli("check", "--baseline", "baseline.json", "--format", "json").out)
    # two new findings, one of each rule: the baselined ones are those with the neighbours they had (the
    # first FROM starts the file, the last maintainer ends it); the two in the middle are new
    assert [(r["code"], r["filename"], r["location"]["row"]) for r in rows] == [
        ("DF001", "sub/app.dockerfile", 2),
        ("DF002", "sub/app.dockerfile", 3),
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_every_format_leaves_baselined_findings_out_and_says_so_on_stderr(cli, baselined, fmt):
    run = cli("check", "--baseline", "baseline.json", "--format", fmt)
    assert run.code == 0
    assert run.err == "infragenius: 4 baselined finding(s) not shown\n"
    if fmt == "json":
        assert run.out == "[]\n"
    elif fmt == "sarif":
        assert json.loads(run.out)["runs"][0]["results"] == []
    else:
        assert run.out == ""


def test_the_baseline_works_from_another_working_directory(cli, project, baselined, monkeypatch):
    monkeypatch.chdir(project / "sub")
    run = cli("check", ".", "--baseline", "../baseline.json", "--config", "../../.infragenius.toml")
    assert (run.code, run.out) == (0, "All checks passed (2 file(s)).\n2 baselined findings not shown.\n")


def test_stdin_is_checked_against_the_baseline(cli, project, baselined):
    text = (project / "Dockerfile").read_bytes()
    run = cli("check", "-", "--stdin-filename", "Dockerfile", "--baseline", "baseline.json", stdin=text)
    assert (run.code, run.out) == (0, "All checks passed (1 file(s)).\n2 baselined findings not shown.\n")


@pytest.mark.parametrize(
    "content, message",
    [
        ("{", "baseline.json: the baseline is not valid JSON"),
        ("[" * 200_000, "baseline.json: the baseline is not valid JSON"),
        (
            '{"tool": "infragenius", "format": 1, "fingerprints": "v1", "findings": 7}',
            "baseline.json: a baseline entry",
        ),
        ('{"findings": []}', "baseline.json: not an infragenius baseline (write one with --write-baseline)"),
        (
            '{"tool": "infragenius", "format": 1, "fingerprints": "v0", "findings": []}',
            "baseline.json: a baseline of another infragenius version; write it again with --write-baseline",
        ),
        (
            '{"tool": "infragenius", "format": 1, "fingerprints": "v1", "findings": [{"code": "DF001"}]}',
            "baseline.json: a baseline entry lacks filename, code, context or line",
        ),
    ],
)
def test_an_unusable_baseline_is_a_usage_error(cli, project, content, message):
    (project / "baseline.json").write_text(content)
    run = cli("check", "--baseline", "baseline.json")
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"infragenius: error: {message}")


def test_a_missing_baseline_is_a_usage_error(cli, project):
    run = cli("check", "--baseline", "missing.json")
    assert run.code == 2
    assert run.err == "infragenius: error: missing.json: cannot read the baseline: No such file or directory\n"


def test_baseline_and_write_baseline_exclude_each_other(cli, project):
    assert cli("check", "--baseline", "a.json", "--write-baseline", "b.json").code == 2


def test_a_tree_without_findings_gets_an_empty_baseline_that_later_runs_read(cli, isolated):
    run = cli("check", "--write-baseline", "baseline.json")
    assert (run.code, run.out) == (0, "No supported file checked.\n")
    assert "infragenius: wrote 0 finding(s) to the baseline baseline.json\n" in run.err
    (isolated / "Dockerfile").write_text("FROM alpine:latest\n")
    run = cli("check", "--baseline", "baseline.json", "--format", "json")
    assert run.code == 1 and [(r["code"], r["filename"]) for r in json.loads(run.out)] == [("DF002", "Dockerfile")]
