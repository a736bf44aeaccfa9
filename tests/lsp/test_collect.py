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


def test_the_full_collection_waits_for_a_pause_in_the_results(monkeypatch):
    import asyncio

    from infragenius.lsp import state as state_module

    monkeypatch.setattr(state_module, "IDLE_COLLECT_S", 0.05)
    collected: list[str] = []
    monkeypatch.setattr(state_module, "_collect_all", lambda: collected.append("full"))

    async def session() -> None:
        state = State()
        state.loop = asyncio.get_running_loop()
        try:
            state._analyses_since_gc, state._last_full_gc = 60, 0.0  # a full collection is due
            for _ in range(3):  # results in a burst: each one pushes the full collection back
                state.collect_garbage()
                await asyncio.sleep(0.01)
                assert state._idle_collection is not None
            await asyncio.to_thread(state.executor.submit(int).result, 10)
            assert collected == []
            await asyncio.sleep(0.2)  # the pause
            await asyncio.to_thread(state.executor.submit(int).result, 10)
            assert collected == ["full"] and state._analyses_since_gc == 0 and state._idle_collection is None
        finally:
            state.executor.shutdown(wait=True)
            gc.unfreeze()

    asyncio.run(asyncio.wait_for(session(), 30))
