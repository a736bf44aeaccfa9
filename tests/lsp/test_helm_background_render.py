"""A Helm template's render runs in the background (issue 18): the template checks of a newer edit
are published while an older render still runs, a render is never queued behind a stale one, a stale
render's result is never published, and edits render when the user pauses (or saves), not per keystroke.

In-process: the real ``State`` and ``Diagnostics`` with a fake client, and a render held back by an
event so that the order of events is the test's, not the machine's."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from test_helm_two_passes import TEMPLATE, _chart, codes

from infragenius.core.config import Config
from infragenius.lsp.diagnostics import Diagnostics
from infragenius.lsp.state import State

WAIT_S = 10.0  # every wait is bounded: a broken pipeline fails the test instead of hanging the run


class FakeServer:
    """Records what the diagnostics feature writes to the protocol as typed params: ``published``
    those of the template (``uri``), ``others`` the rest (its values.yaml, published as it is not open)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.others: list[lsp.PublishDiagnosticsParams] = []
        self.protocol = self

    def _send_data(self, message: dict) -> None:
        params = default_converter().structure(message["params"], lsp.PublishDiagnosticsParams)
        (self.published if params.uri == self.uri else self.others).append(params)


async def until(condition: Callable[[], bool], what: str) -> None:
    for _ in range(int(WAIT_S / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


class HeldRender:
    """Wraps ``State.analyse_now``: records which versions the full (rendering) pass started for, and
    holds the render of ``held`` until ``release`` is set."""

    def __init__(self, state: State, held: int | None = None) -> None:
        self.real = state.analyse_now
        self.held = held
        self.started: list[int] = []
        self.holding = threading.Event()
        self.release = threading.Event()
        state.analyse_now = self  # type: ignore[method-assign]

    def __call__(self, document, generation, quick=False):
        if not quick:
            self.started.append(document.version)
            if document.version == self.held:
                self.holding.set()
                self.release.wait(WAIT_S)
        return self.real(document, generation, quick)


def _session(tmp_path, **helm) -> tuple[State, FakeServer, Diagnostics, str]:
    path = _chart(tmp_path)
    state = State()
    state.set_config(Config().merged({"helm": helm}))
    state.debounce_ms = 0
    fake = FakeServer(path.as_uri())
    return state, fake, Diagnostics(fake, state), path.as_uri()


def _passes(fake: FakeServer) -> list[tuple[int | None, list[str]]]:
    return [(p.version, codes(p)) for p in fake.published]


def _edit(state: State, diagnostics: Diagnostics, uri: str, version: int) -> None:
    state.documents.update(uri, f"# edit {version}\n{TEMPLATE}", version)
    diagnostics.schedule(uri, edited=True)


async def test_template_checks_are_published_while_an_older_render_runs(tmp_path):
    state, fake, diagnostics, uri = _session(tmp_path, render_idle_ms=0)
    render = HeldRender(state, held=1)
    try:
        state.documents.open(uri, TEMPLATE, 1)
        diagnostics.schedule(uri)
        await until(render.holding.is_set, "the render of version 1")
        _edit(state, diagnostics, uri, 2)
        await until(lambda: len(fake.published) == 2, "version 2's template checks, with version 1 rendering")
        _edit(state, diagnostics, uri, 3)  # version 2's render waits behind version 1's: dropped, never run
        await until(lambda: len(fake.published) == 3, "version 3's template checks")
        render.release.set()
        await until(lambda: len(fake.published) == 4, "version 3's rendered findings")
        await asyncio.sleep(0.2)  # anything of version 1 or 2 would come now
        assert _passes(fake) == [(1, ["HM003"]), (2, ["HM003"]), (3, ["HM003"]), (3, ["HM003", "K8018"])]
        assert render.started == [1, 3]  # version 2 was never rendered: no render queued behind a stale one
    finally:
        render.release.set()
        state.shutdown()


async def test_edits_render_once_the_user_pauses(tmp_path):
    state, fake, diagnostics, uri = _session(tmp_path, render_idle_ms=300)
    render = HeldRender(state)
    try:
        state.documents.open(uri, TEMPLATE, 1)
        diagnostics.schedule(uri)  # an open renders at once
        await until(lambda: len(fake.published) == 2, "version 1's two passes")
        for version in (2, 3, 4):  # typing: each edit restarts the idle wait
            _edit(state, diagnostics, uri, version)
            await until(lambda v=version: fake.published[-1].version == v, f"version {version}'s template checks")
        await until(lambda: len(fake.published) == 6, "version 4's rendered findings")
        assert _passes(fake)[2:] == [(2, ["HM003"]), (3, ["HM003"]), (4, ["HM003"]), (4, ["HM003", "K8018"])]
        assert render.started == [1, 4]
    finally:
        state.shutdown()


async def test_render_on_save_waits_for_the_save(tmp_path):
    state, fake, diagnostics, uri = _session(tmp_path, render_on="save", render_idle_ms=0)
    render = HeldRender(state)
    try:
        state.documents.open(uri, TEMPLATE, 1)
        diagnostics.schedule(uri)
        await until(lambda: len(fake.published) == 2, "version 1's two passes")
        _edit(state, diagnostics, uri, 2)
        await until(lambda: len(fake.published) == 3, "version 2's template checks")
        await asyncio.sleep(0.3)
        assert render.started == [1]  # an edit alone does not render
        diagnostics.schedule(uri)  # what didSave does
        await until(lambda: len(fake.published) == 5, "version 2's passes after the save")
        assert _passes(fake)[2:] == [(2, ["HM003"]), (2, ["HM003"]), (2, ["HM003", "K8018"])]
        assert render.started == [1, 2]
    finally:
        state.shutdown()


async def test_completion_and_definition_do_not_wait_for_a_render(tmp_path):
    state, _fake, diagnostics, uri = _session(tmp_path, render_idle_ms=0)
    render = HeldRender(state, held=1)
    try:
        state.documents.open(uri, TEMPLATE, 1)
        diagnostics.schedule(uri)
        await until(render.holding.is_set, "the render of version 1")
        found = await asyncio.wait_for(state.analysed(uri, model_only=True), WAIT_S)  # the render is still held
        assert found is not None
        analysis, _ = found
        assert analysis.model.kind == "template" and analysis.document is state.documents.get(uri)
        assert sorted({f.code for f in analysis.findings}) == ["HM003"]  # the template checks' analysis
        assert render.started == [1]
    finally:
        render.release.set()
        state.shutdown()
