"""What ``infragenius check`` imports: its own floor, the format it prints, not the AI stack (issue 17)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from infragenius.cli import FORMATS
from infragenius.core.document import Document
from infragenius.report import FileResult, render

PROBE = """
import sys
from infragenius.__main__ import main
main(["check", sys.argv[1], "--format", "json", "--no-cache"])
loaded = sorted(m for m in sys.modules if m.startswith(("infragenius.ai.", "infragenius.report.")))
print(" ".join(loaded), file=sys.stderr)
"""


def test_check_imports_the_one_renderer_it_prints_and_no_ai_service(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\n")
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(dockerfile)], capture_output=True, text=True, timeout=120, check=False
    )
    loaded = run.stderr.split()
    assert "infragenius.report.json" in loaded
    assert not {"infragenius.report.sarif", "infragenius.report.text", "infragenius.report.github"} & set(loaded)
    assert [m for m in loaded if m.startswith("infragenius.ai.")] == ["infragenius.ai.cli"]  # its commands only


START_UP_PROBE = """
import sys
from infragenius.__main__ import main
main(["check", *sys.argv[1:], "--format", "json", "--no-cache"])
print(" ".join(sorted(m for m in ("httpx", "packaging", "pathspec") if m in sys.modules)), file=sys.stderr)
"""


def test_checking_named_files_imports_no_network_client_nor_folder_walking(tmp_path: Path) -> None:
    # start-up cost (issue 18): the marketplace client (httpx), its index checks (packaging) and the
    # .gitignore matcher (pathspec) are for other commands, or for walking a folder
    workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    run = subprocess.run(
        [sys.executable, "-c", START_UP_PROBE, str(workflow), str(tmp_path / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode in (0, 1), run.stderr
    assert run.stderr.split() == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_cli_format_renders(fmt: str) -> None:
    result = FileResult("Dockerfile", Document("untitled:x", "FROM alpine\n", "dockerfile"), [])
    assert isinstance(render(fmt, [result]), str)


def test_an_unknown_format_is_named_in_the_error() -> None:
    with pytest.raises(ValueError, match="'yaml'"):
        render("yaml", [])
