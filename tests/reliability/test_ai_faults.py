"""Fault injection on the AI path: a model server that refuses, hangs, fails, rate-limits, cuts its stream,
sends garbage or far too much. Diagnostics must not change, each failure gives one clear message, no
thread is left behind, and the embedded model's process goes away with the language server however
the server ends (shutdown, its client killed, the server itself killed).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from infragenius.ai.embedded import unavailable_reason
from infragenius.ai.openai_compat import OpenAICompatibleProvider
from infragenius.ai.service import AIService
from infragenius.core.config import Config
from infragenius.core.document import Document
from tests.helpers import analyse

from .client import Client, alive, thread_count, wait_gone
from .fake_model import FAULTS, FaultyModel

TEXT = "FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\nRUN echo hi\n"
UNAVAILABLE = "InfraGenius AI unavailable: "


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there, so connecting is refused


def _session(tmp_path: Path, ai: dict, env: dict | None = None) -> tuple[Client, str, dict]:
    path = tmp_path / "Dockerfile"
    path.write_text(TEXT)
    client = Client(tmp_path, env=env)
    client.start(tmp_path, {"ai": ai})
    uri = path.as_uri()
    sent = client.did_open(uri, TEXT, "dockerfile")
    published = client.wait_diagnostics(uri, 1, sent, timeout=60)
    df001 = next(d for d in published.diagnostics if d["code"] == "DF001")
    args = {
        "uri": uri,
        "version": 1,
        "code": "DF001",
        "line": df001["range"]["start"]["line"],
        "column": df001["range"]["start"]["character"],
    }
    return client, uri, args


def _explain(client: Client, args: dict) -> tuple[dict, list[str]]:
    before = len(client.messages())
    result = client.request(
        "workspace/executeCommand", {"command": "infragenius.ai.explain", "arguments": [args]}, timeout=60
    )
    time.sleep(0.05)  # the message notification is sent just before the answer; let the reader catch up
    return result, client.messages()[before:]


def _diagnostics_still_right(client: Client, uri: str, version: int, path: Path) -> None:
    sent = client.did_change(uri, version, [{"text": TEXT}])
    published = client.wait_diagnostics(uri, version, sent, timeout=30)
    got = sorted((d["code"], d["range"]["start"]["line"], d["message"]) for d in published.diagnostics)
    assert got == sorted((f.code, f.range.start.line, f.message) for f in analyse(TEXT, path=path))


def test_each_fault_gives_one_message_and_leaves_diagnostics_and_threads_alone(tmp_path):
    with FaultyModel(delay=3.0, huge_mb=8) as model:
        client, uri, args = _session(
            tmp_path, {"provider": "openai-compatible", "base-url": model.base_url, "model": "fake", "timeout-s": 1}
        )
        with client:
            baseline, threads = thread_count(client.proc.pid), []
            version = 1
            for _round in (1, 2, 3):
                for fault in FAULTS:
                    model.mode = fault
                    result, messages = _explain(client, args)
                    assert result["note"], (fault, result)
                    assert result["markdown"].startswith("**DF001**"), fault  # the rule's docs instead
                    assert messages == [f"{UNAVAILABLE}{result['note']}. Showing the rule's documentation."], fault
                    version += 1
                    _diagnostics_still_right(client, uri, version, tmp_path / "Dockerfile")
                    threads.append(thread_count(client.proc.pid))
            model.mode = "ok"  # and it recovers as soon as the model does
            result, messages = _explain(client, args)
            assert (result["markdown"], result["note"], messages) == ("A short, correct explanation.", None, [])
    # bounded by the AI pool (2 workers, started lazily) and one more; a leak per failure would add 21
    assert max(threads) <= baseline + 3, f"server threads: {baseline} before, then {threads}"


def test_notes_name_the_fault(tmp_path):
    """What the user reads for each fault (one line each, naming the server)."""
    expected = {
        "timeout": "did not answer within 1 s",
        "http500": "failed: HTTP 500",
        "http429": "is unavailable: rate limited (HTTP 429)",
        "truncated": "",
        "invalid-json": "sent a malformed stream event",
        "invalid-json-body": "gave an empty answer",
        "huge": "sent an answer longer than 200,000 characters",
    }
    with FaultyModel(delay=3.0, huge_mb=8) as model:
        provider = OpenAICompatibleProvider(model.base_url, model="fake", timeout_s=1)
        service = AIService(Config(), provider=provider, use_cache=False)
        doc = Document("file:///x/Dockerfile", TEXT, "dockerfile", 1)
        finding = next(f for f in analyse(TEXT, "dockerfile") if f.code == "DF001")
        before = {t.ident for t in threading.enumerate()}
        notes = {}
        for fault in FAULTS:
            model.mode = fault
            notes[fault] = service.explain(doc, finding, stream=lambda piece: None).note
        service.close()
        time.sleep(0.2)
        leaked = [t for t in threading.enumerate() if t.ident not in before and "process_request" not in t.name]
    assert leaked == []
    for fault, fragment in expected.items():
        assert notes[fault] and "\n" not in notes[fault] and fragment in notes[fault], (fault, notes[fault])
        assert notes[fault].startswith(f"openai-compatible ({model.base_url})"), notes[fault]


def test_connection_refused_is_one_message(tmp_path):
    client, uri, args = _session(
        tmp_path, {"provider": "openai-compatible", "timeout-s": 1, "base-url": f"http://127.0.0.1:{_free_port()}/v1"}
    )
    with client:
        result, messages = _explain(client, args)
        assert "is unavailable: cannot connect" in result["note"]
        assert messages == [f"{UNAVAILABLE}{result['note']}. Showing the rule's documentation."]
        _diagnostics_still_right(client, uri, 2, tmp_path / "Dockerfile")


def _shared_model_pids(run_dir: Path) -> list[int]:
    """The embedded model's process, found through the shared model's state file (ai/daemon.py)."""
    pids = []
    for state in run_dir.glob("model-*.json"):
        try:
            pids.append(int(json.loads(state.read_text())["pid"]))
        except (OSError, ValueError, KeyError):
            pass  # being written: the next look finds it
    return pids


REASON = unavailable_reason()
IDLE_S = 5  # the shortest lease the shared model accepts (daemon.idle_seconds)


@pytest.mark.skipif(REASON is not None, reason=f"embedded model not available: {REASON}")
@pytest.mark.parametrize("ending", ["shutdown", "client-killed", "server-killed"])
def test_embedded_model_leaves_once_the_server_is_gone(tmp_path, ending):
    """The model is shared and outlives the server that started it (issue 20), but only for its idle
    lease: however the server ends, nobody renews the lease and the model's process leaves."""
    run_dir = tmp_path / "run"
    env = {**os.environ, "INFRAGENIUS_AI_RUN_DIR": str(run_dir), "INFRAGENIUS_AI_IDLE_S": str(IDLE_S)}
    client, _, args = _session(tmp_path, {"provider": "embedded", "timeout-s": 60}, env)
    server = client.proc.pid
    client.send("workspace/executeCommand", {"command": "infragenius.ai.explain", "arguments": [args]})
    deadline = time.monotonic() + 60
    while not (llama := _shared_model_pids(run_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert llama, "the embedded model server never started"
    if ending == "shutdown":  # with the explanation still streaming: pygls 2.1 failed this shutdown
        assert client.request("shutdown", None, timeout=10) is None
        client.notify("exit", None)
    elif ending == "client-killed":  # the editor dies: the server's pipes close under it
        client.proc.stdin.close()
    else:
        os.kill(server, signal.SIGKILL)
    try:
        client.proc.wait(timeout=20)
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
    assert not alive(server)
    assert wait_gone(llama, timeout=IDLE_S + 20) == [], f"embedded model process left running after {ending}"
