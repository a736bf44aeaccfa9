"""The bench's synthetic Dockerfiles (tests/bench/common.py) are deterministic, exactly sized and as
valid as the corpus files they come from, so bench figures are comparable from run to run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Context
from infragenius.core.document import Document
from infragenius.languages.dockerfile.parse import parse

from ..conftest import corpus_dir

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str):
    """Import a bench script by path, leaving sys.path and sys.modules as they were."""
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    try:
        spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved_path
        for added in set(sys.modules) - saved_modules:
            if added in ("bench_common", "lsp_client"):
                del sys.modules[added]


@pytest.fixture(scope="module")
def common():
    return _load("bench_common")


@pytest.mark.parametrize("lines", [500, 5000])
def test_synthetic_dockerfile_is_exact_and_deterministic(common, lines: int) -> None:
    corpus_dir("dockerfile")
    files = common.corpus_dockerfiles()
    text = common.synth_dockerfile(files, lines)
    assert text.count("\n") == lines
    assert text == common.synth_dockerfile(files, lines)
    # cutting only after complete instructions adds no syntax error of its own
    if sum(len(syntax_errors(p.read_text("utf-8"))) for p in files) == 0:
        assert syntax_errors(text) == []


def syntax_errors(text: str) -> list:
    document = Document("untitled:Dockerfile", text, "dockerfile")
    ctx = Context(document=document, config=Config())
    parse(document, ctx)
    return ctx.parse_findings


def test_percentile_is_nearest_rank() -> None:
    bench = _load("bench")
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == 50.0
    assert bench.percentile(values, 95) == 95.0
    assert bench.percentile([3.0], 95) == 3.0


def test_edit_script_types_then_deletes(common) -> None:
    bench = _load("bench")
    text = "FROM alpine:3.19\nRUN apk add curl\n"
    edits = bench.edit_script(text, 10)
    assert edits[:5] == [
        (1, 4, "c"),
        (1, 5, "u"),
        (1, 6, "r"),
        (1, 7, "l"),
        (1, 8, " "),
    ]
    lines = text.split("\n")
    for edit in edits:
        bench.apply_local(lines, edit)
    assert "\n".join(lines) == text  # ten edits = type "curl " then delete it
