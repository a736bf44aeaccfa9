"""``check`` on files it does not analyse says so instead of "All checks passed" (issue 19).

Like ruff ("No Python files found under the given path(s)"), finding nothing to analyse is a warning
on stderr and exit 0: a pre-commit run or a CI step over a tree without such files is not a failure.
"""

from __future__ import annotations

import json

from .conftest import Run

NOTHING = "infragenius: warning: no supported file found in the given paths; nothing was checked"


def _write(isolated, name: str, text: str) -> None:
    path = isolated / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_an_unsupported_file_is_not_reported_as_passed(cli, isolated):
    _write(isolated, "README.md", "# hello\n")
    run: Run = cli("check", "README.md")
    assert run.code == 0
    assert run.out.splitlines() == ["No supported file checked."]
    assert run.err.splitlines() == ["infragenius: warning: README.md: not a supported file type; skipped", NOTHING]


def test_a_directory_without_supported_files(cli, isolated):
    _write(isolated, "docs/index.md", "# docs\n")
    run = cli("check", "docs")
    assert (run.code, run.out, run.err.splitlines()) == (0, "No supported file checked.\n", [NOTHING])


def test_machine_formats_stay_valid_and_empty(cli, isolated):
    _write(isolated, "README.md", "# hello\n")
    run = cli("check", "README.md", "--format", "json")
    assert (run.code, json.loads(run.out)) == (0, [])
    assert NOTHING in run.err.splitlines()


def test_skipped_files_are_not_counted_beside_checked_ones(cli, isolated):
    _write(isolated, "README.md", "# hello\n")
    _write(isolated, "Dockerfile", "FROM alpine:3.19\nUSER app\n")
    run = cli("check", "README.md", "Dockerfile")
    assert run.out.splitlines() == ["All checks passed (1 file(s))."]
    assert run.err.splitlines() == ["infragenius: warning: README.md: not a supported file type; skipped"]
