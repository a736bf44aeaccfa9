"""The command line on fixtures/compose: what it reports, and what ``--fix`` makes of the file (the safe fixes:
the obsolete version line removed, the restart policy and the misspelt healthcheck corrected)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "compose"
FIXED = Path(__file__).with_name("fixture_compose.fixed.yaml")


def _check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "infragenius", "check", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_json_report(tmp_path):
    done = _check("--format", "json", "fixtures/compose", cwd=ROOT)
    assert done.returncode == 1, done.stderr
    found = [
        (f["code"], f["location"]["row"], f["location"]["column"], bool(f["fix"])) for f in json.loads(done.stdout)
    ]
    assert found == [
        ("DC009", 2, 1, True),
        ("DC005", 18, 14, True),
        ("DC010", 21, 12, False),
        ("DC001", 25, 5, True),
        ("DC016", 33, 9, True),
    ]


def test_fix_applies_the_safe_fixes(tmp_path):
    project = tmp_path / "compose"
    shutil.copytree(FIXTURE, project)
    done = _check("--fix", str(project), cwd=tmp_path)
    assert "Fixed 3 findings." in done.stdout, done.stdout + done.stderr
    assert (project / "compose.yaml").read_text("utf-8") == FIXED.read_text("utf-8")
