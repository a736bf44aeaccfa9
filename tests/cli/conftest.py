"""Run the ``infragenius`` command in-process, isolated from the user's cache and config."""

from __future__ import annotations

import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from infragenius.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = FIXTURES.parent / "expected"
# Other rules are being written in parallel: CLI tests pin the selection to the two stable rules.
STABLE = 'select = ["DF001", "DF002"]\n'


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test gets its own cache folder and a working directory whose config selects DF001, DF002."""
    monkeypatch.setenv("INFRAGENIUS_CACHE_DIR", str(tmp_path / "_cache"))
    work = tmp_path / "work"
    work.mkdir()
    (work / ".infragenius.toml").write_text(STABLE)
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def project(isolated, monkeypatch):
    """A copy of fixtures/project as the working directory (its findings are in expected/project.*)."""
    target = isolated / "project"
    shutil.copytree(FIXTURES / "project", target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture
def cli(capsys, monkeypatch):
    def run(*argv: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
