"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("INFRAGENIUS_CORPUS", ROOT.parent / "shared" / "corpus"))


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
