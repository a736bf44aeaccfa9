"""The language server's pieces in-process: staleness, edits, positions, markdown, extension points."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time

import pytest
from lsprotocol import types as lsp
from pygls.protocol import default_converter

from infragenius.core.config import Config
from infragenius.core.document import Document, Position, Range
from infragenius.core.engine import Engine
from infragenius.core.findings import Edit, Fix, apply_edits
from infragenius.lsp import code_actions
from infragenius.lsp import server as server_module
from infragenius.lsp.convert import Positions, compatible_fixes, fix_from_data, fix_to_data
from infragenius.lsp.diagnostics import Diagnostics
from infragenius.lsp.hover import docs_markdown, find_rule
from infragenius.lsp.state import State

URI = "file:///w/Dockerfile"


class FakeServer:
    """Records what the diagnostics feature writes to the protocol (wire dicts) as typed params."""

    def __init__(self) -> None:
        self.published: list[lsp.PublishDiagnosticsParams] = []
        self.protocol = self

    def _send_data(self, message: dict) -> None:
        assert message["method"] == lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
        self.published.append(default_converter().structure(message["params"], lsp.PublishDiagnosticsParams))


def _state() -> State:
    state = State()
    state.set_config(Config())
    state.debounce_ms = 0
    return state


async def test_a_result_for_an_older_version_is_never_published():
    state, fake = _state(), FakeServer()
    diagnostics = Diagnostics(fake, state)
    started, release = threading.Event(), threading.Event()
    real = state.analyse_now

    def slow_first(document, generation, *args):
        if document.version == 1:
            started.set()
            release.wait(5)
        return real(document, generation, *args)

    state.analyse_now = slow_first
    state.documents.open(URI, "FROM node:latest\n", 1)
    diagnostics.schedule(URI)
    for _ in range(1000):  # bounded: a wrapper that fails must fail the test, not hang the run
        if started.is_set():
            break
        await asyncio.sleep(0.005)
    assert started.is_set(), "version 1 was never analysed"
    state.documents.update(URI, "MAINTAINER x\n", 2)  # arrives while version 1 is being analysed
    diagnostics.schedule(URI)
    release.set()
    for _ in range(500):
        if fake.published:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert [p.version for p in fake.published] == [2]
    state.executor.shutdown()


def test_queued_work_for_a_superseded_document_is_skipped():
    state = _state()
    old = state.documents.open(URI, "FROM node:latest\n", 1)
    state.documents.update(URI, "FROM node:22\n", 2)
    assert state.analyse_now(old, state.config_generation) is None
    current = state.documents.get(URI)
    assert state.analyse_now(current, state.config_generation - 1) is None
    assert state.analyse_now(current, state.config_generation) is not None


# -- ignore edits ----------------------------------------------------------------------------
def _ignore(text: str, language: str, line: int, code: str, model=None) -> str:
    doc = Document(URI, text, language)
    edit = code_actions.ignore_edit(doc, model, line, code)
    return apply_edits(text, [edit], doc) if edit else text


def test_ignore_comment_goes_at_the_end_of_a_yaml_or_hcl_line():
    assert _ignore("jobs:\n  a:\n    runs-on: x   \n", "github-actions", 2, "GA001") == (
        "jobs:\n  a:\n    runs-on: x  # infragenius: ignore[GA001]\n"
    )
    assert _ignore('resource "a" "b" {\n  acl = "public"\n}\n', "terraform", 1, "TF001").splitlines()[1] == (
        '  acl = "public"  # infragenius: ignore[TF001]'
    )


def test_ignore_goes_above_a_heredoc_opener():
    text = 'resource "a" "b" {\n  policy = <<EOF\n{}\nEOF\n}\n'
    assert _ignore(text, "terraform", 1, "TF020").splitlines()[1:3] == [
        "  # infragenius: ignore[TF020]",
        "  policy = <<EOF",
    ]


def test_ignore_adds_the_code_to_an_existing_pragma():
    assert _ignore("a: b  # infragenius: ignore[GA002]\n", "github-actions", 0, "GA001") == (
        "a: b  # infragenius: ignore[GA002, GA001]\n"
    )
    text = "FROM a\n  # infragenius: ignore[DF003]\n  RUN x\n"
    assert _ignore(text, "dockerfile", 2, "DF004") == "FROM a\n  # infragenius: ignore[DF003, DF004]\n  RUN x\n"


def test_dockerfile_ignore_goes_above_the_whole_instruction():
    text = "FROM alpine:3.20\n  RUN apk add \\\n# a comment inside\n    curl\n"
    assert _ignore(text, "dockerfile", 3, "DF010") == (
        "FROM alpine:3.20\n  # infragenius: ignore[DF010]\n  RUN apk add \\\n# a comment inside\n    curl\n"
    )


def test_dockerfile_ignore_uses_the_model_for_heredocs():
    text = "FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\n"
    doc = Document(URI, text, "dockerfile")
    model = Engine(Config()).analyse(doc, use_cache=False).model
    assert _ignore(text, "dockerfile", 2, "DF010", model).splitlines()[1] == "# infragenius: ignore[DF010]"


# -- conversions -----------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, column", [("utf-16", 4), ("utf-8", 6), ("utf-32", 3)])
def test_positions_round_trip_in_each_encoding(encoding, column):
    doc = Document(URI, "a😀bc\n")
    positions = Positions(doc, encoding)
    assert positions.to_lsp(Position(0, 3)) == lsp.Position(line=0, character=column)
    assert positions.from_lsp(lsp.Position(line=0, character=column)) == Position(0, 3)
    assert positions.from_lsp(lsp.Position(line=0, character=999)) == Position(0, 4)


def test_fix_survives_the_round_trip_through_diagnostic_data():
    fix = Fix("Do it", (Edit(Range.of(1, 0, 1, 10), "LABEL x"),), "safe")
    assert fix_from_data(json.loads(json.dumps({"fix": fix_to_data(fix)}))) == fix
    assert fix_from_data({"fix": {"title": "x", "edits": [[1, 2]]}}) is None
    assert fix_from_data(None) is None


def test_fix_all_takes_whole_fixes_that_do_not_overlap():
    doc = Document(URI, "abcdef\n")
    a = Fix("a", (Edit(Range.of(0, 0, 0, 2), "X"), Edit(Range.of(0, 5, 0, 6), "Y")))
    b = Fix("b", (Edit(Range.of(0, 1, 0, 3), "Z"),))  # overlaps a: left for the next round
    c = Fix("c", (Edit(Range.of(0, 3, 0, 4), "W"),))
    assert compatible_fixes([b, a, c], doc) == [*a.edits, *c.edits]


def test_rule_docs_render_examples_as_fenced_code():
    docs = find_rule("DF001").docs()
    md = docs_markdown(docs, "dockerfile")
    assert md.startswith("MAINTAINER is deprecated; use a LABEL instead.")
    assert "**Bad:**\n\n```dockerfile\nFROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n```\n\n**Good:**" in md
    assert find_rule("hadolint:DL4000").code == "DF001"


# -- extension points ------------------------------------------------------------------------
async def test_code_action_providers_add_actions_and_failures_are_contained():
    state = _state()
    state.documents.open(URI, "FROM node:latest\n", 1)

    def explain(request):
        return [lsp.CodeAction(title=f"Explain {f.code} with AI", kind="quickfix") for f in request.findings]

    async def broken(request):
        raise RuntimeError("provider bug")

    code_actions.register_code_action_provider(explain)
    code_actions.register_code_action_provider(broken)
    try:
        params = lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=URI),
            range=lsp.Range(start=lsp.Position(line=0, character=6), end=lsp.Position(line=0, character=6)),
            context=lsp.CodeActionContext(diagnostics=[]),
        )
        actions = await code_actions.code_actions(FakeServer(), state, params)
    finally:
        code_actions._PROVIDERS.remove(explain)
        code_actions._PROVIDERS.remove(broken)
        state.executor.shutdown()
    titles = [a.title for a in actions]
    assert "Ignore DF002 on this line" in titles and "Explain DF002 with AI" in titles


def test_extension_modules_are_registered_and_may_fail(monkeypatch):
    calls = []

    def missing():
        raise ModuleNotFoundError("No module named 'fake_ext_missing'", name="fake_ext_missing")

    def good(server, state):
        calls.append((type(server).__name__, type(state).__name__))

    monkeypatch.setattr(
        server_module,
        "EXTENSIONS",
        (
            ("fake_ext_bad", lambda: lambda server, state: 1 / 0),
            ("fake_ext_missing", missing),
            ("fake_ext_good", lambda: good),
        ),
    )
    _, state = server_module.build_server()
    assert calls == [("InfraGeniusServer", "State")]
    state.executor.shutdown()


# -- process-level ---------------------------------------------------------------------------
def test_startup_does_not_import_the_engine():
    code = (
        "import sys, infragenius.app as a, infragenius.lsp.server as s; a.compose_lsp(); s.build_server(); "
        "print([m for m in ('pydantic', 'infragenius.core.engine', 'infragenius.core.config', "
        "'infragenius.languages.dockerfile', 'tree_sitter') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == "[]", out.stderr


def _frame(obj) -> bytes:
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_tcp_transport_answers_initialize():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "infragenius.lsp", "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        with conn:
            conn.sendall(
                _frame(
                    {
                        "jsonrpc": "2.0",
                        "id": 1,
                        "method": "initialize",
                        "params": {"processId": None, "rootUri": None, "capabilities": {}},
                    }
                )
            )
            reader = conn.makefile("rb")
            while True:  # log messages may come first
                headers = {}
                while line := reader.readline().strip():
                    name, _, value = line.partition(b":")
                    headers[name.lower()] = value.strip()
                length = int(headers[b"content-length"])
                reply = json.loads(reader.read(length))
                if reply.get("id") == 1:
                    break
            assert reply["id"] == 1 and reply["result"]["serverInfo"]["name"] == "infragenius"
    finally:
        proc.kill()
        proc.wait(10)


# -- settings --------------------------------------------------------------------------------
class MessageServer(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[lsp.ShowMessageParams] = []

    def window_show_message(self, params) -> None:
        self.messages.append(params)


async def test_pushed_settings_apply_and_a_bad_one_keeps_the_last_good_config(tmp_path):
    from infragenius.lsp.settings import Settings

    fake, state = MessageServer(), State()
    state.root = tmp_path
    settings = Settings(fake, state)
    settings.init_options = {"debounceMs": 25}
    await settings.refresh(pushed={"infragenius": {"ignore": ["DF002"], "trace": {"server": "verbose"}}})
    good = state.config
    assert good.ignore == ["DF002"] and state.debounce_ms == 25 and fake.messages == []
    await settings.refresh(pushed={"ignore": ["XX999"]})
    await settings.refresh(pushed={"ignore": ["XX999"]})  # the same problem is reported once
    assert state.config is good
    assert len(fake.messages) == 1 and fake.messages[0].type == lsp.MessageType.Error
    assert "unknown rule code 'XX999' in ignore" in fake.messages[0].message
    state.executor.shutdown()


async def test_only_the_latest_analyses_of_recent_documents_are_kept_and_older_ones_are_recomputed():
    from infragenius.lsp.state import LATEST_ANALYSES

    state = _state()
    uris = [f"file:///w/d{i}/Dockerfile" for i in range(LATEST_ANALYSES + 6)]
    for uri in uris:
        await state.analysis(state.documents.open(uri, "FROM node:latest\n", 1))
    assert len(state._latest) == LATEST_ANALYSES
    oldest = state.documents.get(uris[0])
    assert not state._fresh(uris[0], oldest)  # evicted: an analysis holds a whole parsed model
    again = await state.analysis(oldest)  # a hover or code action on it re-analyses
    assert [f.code for f in again.findings] == ["DF002"] and state._fresh(uris[0], oldest)
    state.executor.shutdown()
