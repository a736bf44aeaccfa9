"""A Terraform folder whose files are symlinks into the folder above (test fixtures, examples):
findings are reported under the path the user asked for, once, and judged in that folder's module."""

from __future__ import annotations

import json
import os

import pytest

from infragenius.cli import main

MAIN = 'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n  tags   = { owner = var.owner }\n}\n'
VARIABLES = 'variable "name" {\n  type = string\n}\n\nvariable "owner" {\n  type = string\n}\n'
FIXTURE = 'module "under_test" {\n  source = "../"\n  name   = var.name\n}\n'


@pytest.fixture
def module(tmp_path, monkeypatch):
    """mod/ (main.tf, variables.tf) and mod/fixture/ (its own main.tf, variables.tf -> ../variables.tf)."""
    monkeypatch.setenv("INFRAGENIUS_CACHE_DIR", str(tmp_path / "_cache"))
    work = tmp_path / "work"
    (work / "mod" / "fixture").mkdir(parents=True)
    (work / "mod" / "main.tf").write_text(MAIN)
    (work / "mod" / "variables.tf").write_text(VARIABLES)
    (work / "mod" / "fixture" / "main.tf").write_text(FIXTURE)
    os.symlink("../variables.tf", work / "mod" / "fixture" / "variables.tf")
    monkeypatch.chdir(work)
    return work


def _check(capsys, *paths: str) -> list[tuple[str, int, str]]:
    main(["check", *paths, "--select", "TF002", "--format", "json", "--exit-zero"])
    rows = json.loads(capsys.readouterr().out)
    return [(r["filename"], r["location"]["row"], r["message"]) for r in rows]


UNUSED_IN_FIXTURE = ("mod/fixture/variables.tf", 5, "Variable `owner` is declared but not used")


@pytest.mark.parametrize("path", ["mod/fixture", "./mod/fixture/", "mod/fixture/variables.tf"])
def test_symlinked_file_is_reported_under_the_path_asked_for(module, capsys, path) -> None:
    assert _check(capsys, path) == [UNUSED_IN_FIXTURE]


def test_from_inside_the_folder(module, capsys, monkeypatch) -> None:
    monkeypatch.chdir(module / "mod" / "fixture")
    assert _check(capsys, ".") == [("variables.tf", 5, "Variable `owner` is declared but not used")]


def test_cached_result_of_the_parent_is_not_reused_for_the_fixture(module, capsys) -> None:
    """Same bytes, other module: the parent's cached (clean) result must not answer for the fixture."""
    assert _check(capsys, "mod") == []
    assert _check(capsys, "mod/fixture") == [UNUSED_IN_FIXTURE]


def test_a_file_reached_twice_is_reported_once(module, capsys) -> None:
    assert _check(capsys, "mod/fixture", "mod/fixture/variables.tf") == [UNUSED_IN_FIXTURE]
