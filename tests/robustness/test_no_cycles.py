"""A discarded analysis is freed by reference counting, not left for the garbage collector.

The language server runs full collections rarely (they pause edits, see ``lsp/state.py``), so a
model that forms a reference cycle stays in memory until the next one: with 1,000 open documents
that was half of the server's 310 MB. Every fixture's analysis must leave no cyclic garbage.
"""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.context import Workspace
from infragenius.core.document import Document
from infragenius.core.engine import Engine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file())


def _cyclic_garbage(action) -> Counter:
    """Types of the objects that only a cycle-collecting pass would free after ``action()``."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        action()
        gc.collect()
        return Counter(type(o).__qualname__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_analysis_leaves_no_cyclic_garbage(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    def analyse_and_drop() -> None:
        engine = Engine(Config(), Workspace({}), path.parent)
        analysis = engine.analyse(Document.from_path(path, text), use_cache=False)
        assert analysis.findings is not None

    analyse_and_drop()  # first use: lazy imports, schemas and module-level caches
    garbage = _cyclic_garbage(analyse_and_drop)
    assert garbage == Counter(), f"cyclic garbage after analysing {path.name}: {garbage.most_common(8)}"


class _Loop:
    def __init__(self) -> None:
        self.me = self


def test_a_cycle_is_caught() -> None:
    assert _cyclic_garbage(_Loop)["_Loop"] == 1


def test_terraform_file_models_evicted_from_the_parse_cache_are_freed() -> None:
    import importlib

    parse = importlib.import_module("infragenius.languages.terraform.parse")

    text = (FIXTURES / "terraform" / "main.tf").read_text(encoding="utf-8")

    def parse_and_evict() -> None:
        model = parse.parse_file(None, text)
        assert model.blocks and all(b.file is model for b in model.blocks)
        parse._FILES.clear()

    parse_and_evict()
    assert _cyclic_garbage(parse_and_evict) == Counter()
