"""Garbage after an analysis (lsp/state.py ``collect_garbage``): the analysis an edit replaced is torn
down once the diagnostics are out, not while the next keystroke waits, and what survives is frozen."""

from __future__ import annotations

import gc
import weakref

from infragenius.lsp.state import State

URI = "file:///w/Dockerfile"
TEXT = "FROM node:latest\nRUN apt-get install curl\n"


def test_a_replaced_analysis_is_torn_down_after_publication_and_survivors_are_frozen():
    state = State()
    try:
        first_doc = state.documents.open(URI, TEXT, 1)
        first = state.executor.submit(state.analyse_now, first_doc, state.config_generation).result(timeout=60)
        assert first is not None and first.findings
        replaced = weakref.ref(first)
        del first
        second_doc = state.documents.update(URI, TEXT.replace("curl", "wget"), 2)
        state.executor.submit(state.analyse_now, second_doc, state.config_generation).result(timeout=60)
        assert replaced() is not None  # the edit's diagnostics go out first
        frozen = gc.get_freeze_count()
        state.collect_garbage()
        state.executor.submit(int).result(timeout=60)  # queued behind the collection
        assert replaced() is None
        assert gc.get_freeze_count() > frozen
    finally:
        state.executor.shutdown(wait=True)
        gc.unfreeze()  # the test process as it was
