"""``infragenius cloud serve`` without ``UPSTREAM_BASE_URL`` uses the embedded local model server as its
upstream (started through ``ai/embedded.py``; mocked here: no model is loaded in tests)."""

from __future__ import annotations

import json

import pytest

from infragenius.ai import embedded
from infragenius.ai.provider import AIUnavailable
from infragenius.cli import main


@pytest.fixture
def serve_env(tmp_path, monkeypatch):
    """A SQLite file in tmp, no upstream settings, and uvicorn.run replaced by a recorder."""
    import uvicorn

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cloud.sqlite3'}")
    for name in ("UPSTREAM_BASE_URL", "UPSTREAM_MODEL", "UPSTREAM_MODEL_PATH", "UPSTREAM_EXTRA_BODY"):
        monkeypatch.setenv(name, "")  # recorded, so that what serve exports for its workers is undone
        monkeypatch.delenv(name)
    served: list = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append((app, kw)))
    return served


@pytest.fixture
def fake_model(tmp_path, monkeypatch):
    """The embedded model is installed (a GGUF file) and its server "starts" at once."""
    gguf = tmp_path / "SmolLM2-135M-Instruct.Q4_1.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setattr(embedded, "default_model_path", lambda: gguf)
    monkeypatch.setattr(embedded, "unavailable_reason", lambda _path=None: None)
    started: list = []

    def ensure_started(process, timeout_s=embedded.START_TIMEOUT_S):
        started.append(process.model_path)
        return "http://127.0.0.1:41234"

    monkeypatch.setattr(embedded.LlamaProcess, "ensure_started", ensure_started)
    return started


def test_without_upstream_base_url_the_embedded_model_is_the_upstream(serve_env, fake_model, capsys):
    assert main(["cloud", "serve", "--port", "8089"]) == 0
    ((app, options),) = serve_env
    assert (options["host"], options["port"]) == ("127.0.0.1", 8089)
    upstream = app.state.upstream
    assert (upstream.base_url, upstream.model) == ("http://127.0.0.1:41234/v1", "SmolLM2-135M-Instruct.Q4_1.gguf")
    assert upstream.extra_body == {**embedded.SAMPLING, "max_tokens": 512}
    assert len(fake_model) == 1 and fake_model[0].name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert (
        "upstream: embedded model SmolLM2-135M-Instruct.Q4_1.gguf at http://127.0.0.1:41234/v1"
        in capsys.readouterr().err
    )
    import os  # worker processes build their settings from the environment: they get the same upstream

    assert os.environ["UPSTREAM_BASE_URL"] == "http://127.0.0.1:41234/v1"
    assert json.loads(os.environ["UPSTREAM_EXTRA_BODY"])["max_tokens"] == 512


def test_a_configured_upstream_starts_no_local_model(serve_env, fake_model, monkeypatch):
    monkeypatch.setenv("UPSTREAM_BASE_URL", "http://models.internal:8000/v1")
    monkeypatch.setenv("UPSTREAM_MODEL", "llama-70b")
    assert main(["cloud", "serve"]) == 0
    ((app, _),) = serve_env
    assert (app.state.upstream.base_url, app.state.upstream.model, app.state.upstream.extra_body) == (
        "http://models.internal:8000/v1",
        "llama-70b",
        {},
    )
    assert fake_model == []


@pytest.mark.parametrize("failure", ["not installed", "does not start"])
def test_without_a_usable_local_model_the_service_still_serves_and_says_why(serve_env, monkeypatch, capsys, failure):
    if failure == "not installed":
        monkeypatch.setattr(embedded, "unavailable_reason", lambda _path=None: "the embedded model needs xllamacpp")
        expected = "no upstream model: the embedded model needs xllamacpp"
    else:
        monkeypatch.setattr(embedded, "unavailable_reason", lambda _path=None: None)
        monkeypatch.setattr(embedded, "default_model_path", lambda: embedded.Path("/models/x.gguf"))

        def fail(process, timeout_s=0):
            raise AIUnavailable("the embedded model (x.gguf) could not start: it exited with code 1")

        monkeypatch.setattr(embedded.LlamaProcess, "ensure_started", fail)
        expected = "no upstream model: the embedded model (x.gguf) could not start: it exited with code 1"
    assert main(["cloud", "serve"]) == 0
    ((app, _),) = serve_env
    assert app.state.upstream.base_url == ""  # analyses answer 502 "no upstream model is configured"
    assert expected in capsys.readouterr().err
