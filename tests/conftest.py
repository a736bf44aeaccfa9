"""Shared test helpers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from infragenius import app

app.compose()  # the tests run the program as its entry points wire it (infragenius/app.py)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("INFRAGENIUS_CORPUS", ROOT.parent / "shared" / "corpus"))


def pytest_configure(config):
    """A shared embedded model that a test starts (ai/daemon.py) is the run's own, in a private folder, and
    leaves 20 s after its last use instead of staying on the machine for minutes (tests/ai narrows this).
    Models pulled with ``ai pull`` are the run's own too: the developer's would replace the shipped one."""
    if "INFRAGENIUS_AI_RUN_DIR" not in os.environ:
        os.environ["INFRAGENIUS_AI_RUN_DIR"] = tempfile.mkdtemp(prefix="infragenius-ai-run-")
        os.environ.setdefault("INFRAGENIUS_AI_IDLE_S", "20")
    os.environ.setdefault("INFRAGENIUS_AI_MODELS_DIR", tempfile.mkdtemp(prefix="infragenius-ai-models-"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite expected files from current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def corpus_dir(kind: str) -> Path:
    path = CORPUS / kind
    if not path.is_dir():
        pytest.skip(f"corpus not available at {path} (it lives in ../shared/corpus beside the repo)")
    return path
