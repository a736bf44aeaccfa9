"""A scripted fake OpenAI-compatible server (pytest-httpserver) and helpers for the AI tests."""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from infragenius.core.config import AIConfig, Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

FIXTURES = Path(__file__).parent / "fixtures"
CHAT = "/v1/chat/completions"

DOCKERFILE = "FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\nRUN echo hi\n"


def completion(content: str) -> dict:
    return {
        "id": "x",
        "object": "chat.completion",
        "model": "fake",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }


def sse(pieces: list[str], done: bool = True) -> str:
    events = [": keep-alive comment\n\n"]
    for piece in pieces:
        chunk = {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": piece}}]}
        events.append(f"data: {json.dumps(chunk)}\n\n")
    if done:
        events.append("data: [DONE]\n\n")
    return "".join(events)


class FakeModel:
    """Answers chat completions from a script: each entry is used once, the last one repeats.

    An entry is a string (the answer's content), a ``Response``, or a callable(request) -> Response.
    Streaming requests get the content as SSE split in small pieces.
    """

    def __init__(self, httpserver) -> None:
        self.server = httpserver
        self.script: list = []
        self.requests: list[dict] = []
        self.raw: list[str] = []
        self._lock = threading.Lock()
        httpserver.expect_request(CHAT, method="POST").respond_with_handler(self._handle)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/v1")

    def answer(self, *entries) -> FakeModel:
        self.script = list(entries)
        return self

    def _handle(self, request: Request) -> Response:
        body = request.get_data(as_text=True)
        data = json.loads(body)
        with self._lock:
            self.raw.append(body + "\n" + "\n".join(f"{k}: {v}" for k, v in request.headers.items()))
            self.requests.append(data)
            entry = self.script.pop(0) if len(self.script) > 1 else (self.script[0] if self.script else "ok")
        if isinstance(entry, Response):  # before callable(): a Response is a WSGI callable too
            return entry
        if callable(entry):
            return entry(request)
        if data.get("stream"):
            pieces = [entry[i : i + 7] for i in range(0, len(entry), 7)]
            return Response(sse(pieces), content_type="text/event-stream")
        return Response(json.dumps(completion(entry)), content_type="application/json")


def slow(seconds: float, content: str = "late"):
    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return Response(json.dumps(completion(content)), content_type="application/json")

    return handler


def status(code: int, headers: dict | None = None, body: str = '{"error": {"message": "nope"}}') -> Response:
    return Response(body, status=code, headers=headers or {}, content_type="application/json")


@pytest.fixture(scope="session")
def _threaded_server():
    """A threaded server: a slow answer in one test must not hold up the next test's requests."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def httpserver(_threaded_server):
    yield _threaded_server
    _threaded_server.clear()


@pytest.fixture
def fake(httpserver) -> FakeModel:
    return FakeModel(httpserver)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """No test reads or writes the user's real cache or config, and no AI_* variable of the machine leaks in."""
    monkeypatch.setenv("INFRAGENIUS_AI_CACHE_DIR", str(tmp_path / "ai-cache"))
    # a shared embedded model started by a test is the test's own, and leaves soon after its last use
    monkeypatch.setenv("INFRAGENIUS_AI_RUN_DIR", str(tmp_path / "ai-run"))
    monkeypatch.setenv("INFRAGENIUS_AI_IDLE_S", "20")
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "user-config"))  # user config and trusted folders
    from infragenius.tiers import policy

    monkeypatch.setattr(policy, "SYSTEM_PATHS", (tmp_path / "no-system-policy.toml",))  # whatever the machine has
    from infragenius.ai import discovery

    monkeypatch.setattr(discovery, "SERVERS", ())  # no probe of the machine's own local model servers
    discovery.forget()
    for name in ("PROVIDER", "BASE_URL", "MODEL", "MODEL_PATH", "CONTEXT", "TIMEOUT_S", "ENABLED", "API_KEY"):
        monkeypatch.delenv(f"INFRAGENIUS_AI_{name}", raising=False)
    rules_log = logging.getLogger("infragenius.core.rules")
    level = rules_log.level
    rules_log.setLevel(logging.CRITICAL)  # a language package being built by others may fail to import
    yield
    rules_log.setLevel(level)


def ai_config(base_url: str, **extra) -> Config:
    return Config(ai=AIConfig(provider="openai-compatible", base_url=base_url, model="fake-model", **extra))


def dockerfile(text: str = DOCKERFILE, name: str = "Dockerfile") -> Document:
    path = Path("/tmp/project") / name
    return Document(uri=path.as_uri(), text=text, language="dockerfile", path=path)


def finding(document: Document, code: str):
    found = [f for f in Engine(Config()).analyse(document, use_cache=False).findings if f.code == code]
    assert found, f"{code} not reported"
    return found[0]
