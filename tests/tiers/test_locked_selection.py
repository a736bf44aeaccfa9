"""A selection the license does not cover says so: ``check --select CD`` on Community exits 2 with the tier
that unlocks it; a mixed selection runs what is granted and prints one note (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infragenius.cli import main
from infragenius.tiers import state

from .conftest import make

DOCKERFILE = "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\n"
EXPECTED = dict(
    line.split(": ", 1)
    for line in (Path(__file__).parent / "expected" / "locked_selection.txt").read_text().splitlines()
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    return tmp_path


@pytest.mark.parametrize("selector", ["CD", "CK"])
def test_a_pack_alone_on_community_exits_2_naming_the_tier(keys, project, capsys, selector) -> None:
    rc = main(["check", "--no-cache", "--select", selector, "Dockerfile"])
    out, err = capsys.readouterr()
    assert rc == 2
    assert err == f"infragenius: error: {EXPECTED[selector]}\n"
    assert out == ""  # never "All checks passed"


def test_a_mixed_selection_runs_what_is_granted_with_one_note(keys, project, capsys) -> None:
    rc = main(["check", "--no-cache", "--format", "json", "--select", "CD,DF", "--select", "CD001", "Dockerfile"])
    out, err = capsys.readouterr()
    codes = {finding["code"] for finding in json.loads(out)}
    assert rc == 1 and codes and all(code.startswith("DF") for code in codes)
    notes = [line for line in err.splitlines() if line.startswith("infragenius: note:")]
    assert notes == [
        "infragenius: note: "
        + EXPECTED["CD"]
        + "; "
        + EXPECTED["CD"].replace("CD (", "CD001 (", 1)
        + "; those rules were not run"
    ]


def test_professional_runs_the_pack_without_a_note(keys, project, capsys) -> None:
    state.set_editor_token(make(keys, tier="professional"))
    rc = main(["check", "--no-cache", "--format", "json", "--select", "CD", "Dockerfile"])
    out, err = capsys.readouterr()
    assert rc == 1 and "note" not in err
    assert [(f["code"], f["location"]["row"]) for f in json.loads(out)] == [("CD001", 1), ("CD002", 1)]


@pytest.mark.parametrize("argv", [[], ["--select", "ALL"], ["--select", "DF"]])
def test_no_note_when_no_pack_is_named(keys, project, capsys, argv) -> None:
    main(["check", "--no-cache", *argv, "Dockerfile"])
    assert "requires" not in capsys.readouterr().err


def test_license_status_on_community_says_how_to_upgrade(keys, capsys) -> None:
    assert main(["license", "status"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == [
        "Tier: Community",
        (
            "No license: Community (all rules, editor and CLI, local AI). To upgrade: `infragenius login`, then "
            "`infragenius license trial` (14 days of Professional) or `license refresh` after checkout."
        ),
    ]
