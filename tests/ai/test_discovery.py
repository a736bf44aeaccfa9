"""Local model servers are found when the user configured no provider (issue 20 §1): fake servers on
chosen loopback ports, no network."""

from __future__ import annotations

import json
import socket
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from infragenius.ai import discovery
from infragenius.ai.discovery import LocalModel, LocalServer, decide, rank
from infragenius.ai.openai_compat import OpenAICompatibleProvider
from infragenius.ai.providers import effective_config, make_provider
from infragenius.cli import main
from infragenius.core.config import AIConfig, Config
from infragenius.core.trust import guard, user_config_path

OLLAMA_TAGS = {
    "models": [
        {"name": "llama3.2:3b", "details": {"family": "llama", "parameter_size": "3.2B"}},
        {"name": "qwen2.5-coder:7b", "details": {"family": "qwen2", "parameter_size": "7.6B"}},
        {"name": "nomic-embed-text:latest", "details": {"family": "nomic-bert", "parameter_size": "137M"}},
    ]
}


@pytest.fixture(scope="module")
def _local():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def local(_local):
    _local.clear()
    yield _local
    _local.clear()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(monkeypatch, server: HTTPServer, name: str = "Ollama", paths=("/api/tags", "/v1/models")) -> None:
    """``server`` stands in for ``name``; the other usual ports are closed. The budget is larger than in
    real use: the fake server shares this process (and its GIL) with the probes."""
    monkeypatch.setattr(
        discovery, "SERVERS", (LocalServer(name, server.port, paths), LocalServer("vLLM", closed_port()))
    )
    monkeypatch.setattr(discovery, "BUDGET_S", 1.0)
    discovery.forget()


def write_user_config(text: str) -> None:
    path = user_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_ollama_best_code_model_is_used_when_nothing_is_configured(local, monkeypatch):
    local.expect_request("/api/tags").respond_with_json(OLLAMA_TAGS)
    serve(monkeypatch, local)
    decision = decide(effective_config(AIConfig()))
    assert (decision.provider, decision.server, decision.model) == ("openai-compatible", "Ollama", "qwen2.5-coder:7b")
    assert decision.base_url == f"http://127.0.0.1:{local.port}/v1"
    assert decision.reason == (
        "no AI provider configured; qwen2.5-coder:7b ranks first of 2 model(s) found on local "
        "servers (family qwen2.5-coder, 7.6B)"
    )
    provider = make_provider(effective_config(AIConfig()))
    assert isinstance(provider, OpenAICompatibleProvider)
    assert (provider.base_url, provider.model) == (decision.base_url, "qwen2.5-coder:7b")
    assert "Authorization" not in provider._client.headers  # nothing configured: no key goes anywhere


def test_openai_models_list_and_the_owner_names_the_server(local, monkeypatch):
    local.expect_request("/v1/models").respond_with_json(
        {
            "object": "list",
            "data": [
                {"id": "Qwen/Qwen2.5-1.5B-Instruct", "owned_by": "llamacpp"},
                {"id": "Qwen/Qwen2.5-Coder-3B-Instruct", "owned_by": "llamacpp"},
            ],
        }
    )
    serve(monkeypatch, local, "llama.cpp server or LocalAI", ("/v1/models",))
    decision = decide(AIConfig())
    assert (decision.server, decision.model) == ("llama.cpp server", "Qwen/Qwen2.5-Coder-3B-Instruct")


def test_the_embedded_model_only_when_no_server_answers(monkeypatch):
    monkeypatch.setattr(
        discovery, "SERVERS", (LocalServer("Ollama", closed_port()), LocalServer("LM Studio", closed_port()))
    )
    decision = decide(AIConfig())
    assert decision.provider == "embedded" and decision.server is None
    assert decision.reason.startswith("no AI provider configured and no local model server answered on 127.0.0.1")
    assert make_provider(AIConfig()).name == "embedded"


def test_a_server_with_only_embedding_models_is_no_choice(local, monkeypatch):
    local.expect_request("/api/tags").respond_with_json({"models": [{"name": "nomic-embed-text:latest"}]})
    serve(monkeypatch, local)
    assert decide(AIConfig()).provider == "embedded"


@pytest.mark.parametrize(
    "settings",
    [
        {"provider": "embedded"},
        {"provider": "openai-compatible", "base_url": "http://127.0.0.1:9/v1"},
        {"model_path": "/models/x.gguf"},
    ],
)
def test_no_probe_when_the_user_names_where_requests_go(local, monkeypatch, settings):
    local.expect_request("/api/tags").respond_with_json(OLLAMA_TAGS)
    serve(monkeypatch, local)
    decision = decide(AIConfig(**settings))
    assert decision.server is None and decision.reason.startswith("set in your settings (ai.")
    assert local.log == []


def test_environment_naming_a_model_counts_as_configured_but_context_does_not(local, monkeypatch):
    local.expect_request("/api/tags").respond_with_json(OLLAMA_TAGS)
    serve(monkeypatch, local)
    assert decide(effective_config(AIConfig(), {"INFRAGENIUS_AI_CONTEXT": "none"})).model == "qwen2.5-coder:7b"
    assert decide(effective_config(AIConfig(), {"INFRAGENIUS_AI_MODEL": "mine"})).server is None


def test_a_repository_cannot_pick_the_local_model(local, monkeypatch, tmp_path):
    """Its local-models is not read, and its (untrusted) provider is refused: discovery still decides."""
    local.expect_request("/api/tags").respond_with_json(OLLAMA_TAGS)
    serve(monkeypatch, local)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".infragenius.toml").write_text(
        '[ai]\nlocal-models = ["llama3.2*"]\nprovider = "openai-compatible"\nbase-url = "http://127.0.0.1:9/v1"\n'
    )
    config, refusal = guard(Config.load(repo / ".infragenius.toml"), repo / ".infragenius.toml")
    assert refusal is not None
    assert decide(effective_config(config.ai)).model == "qwen2.5-coder:7b"


def test_user_config_patterns_come_first(local, monkeypatch):
    write_user_config('[ai]\nlocal-models = ["llama3.2*"]\n')
    local.expect_request("/api/tags").respond_with_json(OLLAMA_TAGS)
    serve(monkeypatch, local)
    decision = decide(AIConfig())
    assert decision.model == "llama3.2:3b"
    assert decision.reason.endswith("(matches your ai.local-models)")


def test_probed_once_per_process(local, monkeypatch):
    local.expect_request("/api/tags").respond_with_json(OLLAMA_TAGS)
    serve(monkeypatch, local)
    decide(AIConfig())
    decide(AIConfig())
    make_provider(AIConfig())
    assert len(local.log) == 1


def test_a_slow_server_does_not_hold_up_the_start(local, monkeypatch):
    def slow(request):
        time.sleep(0.5)
        return Response(json.dumps(OLLAMA_TAGS), content_type="application/json")

    local.expect_request("/api/tags").respond_with_handler(slow)
    serve(monkeypatch, local)
    monkeypatch.setattr(discovery, "BUDGET_S", 0.05)  # the real budget
    started = time.perf_counter()
    assert decide(AIConfig()).provider == "embedded"
    assert time.perf_counter() - started < 0.3  # the ~50 ms budget, with room for a busy machine


def test_not_a_model_server_is_ignored(local, monkeypatch):
    local.expect_request("/api/tags").respond_with_data("<html>hello</html>", content_type="text/html")
    local.expect_request("/v1/models").respond_with_json({"status": "ok"})
    serve(monkeypatch, local)
    assert decide(AIConfig()).provider == "embedded"


def test_odd_entries_in_a_models_list_are_skipped(local, monkeypatch):
    local.expect_request("/v1/models").respond_with_json({"data": [1, None, {"id": 5}, {"id": "qwen2.5-coder-7b"}]})
    serve(monkeypatch, local, "LM Studio", ("/v1/models",))
    assert decide(AIConfig()).model == "qwen2.5-coder-7b"
    local.clear()
    local.expect_request("/api/tags").respond_with_json(
        {"models": ["x", {"name": 3}, {"model": "llama3.2:1b", "details": 7}]}
    )
    serve(monkeypatch, local)
    assert decide(AIConfig()).model == "llama3.2:1b"


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("qwen2.5-coder:7b", "llama3.1:8b"),  # a code model before a general one
        ("qwen2.5-coder:14b", "qwen2.5-coder:7b"),  # larger within a family
        ("qwen2.5-coder:32b", "qwen2.5-coder:72b"),  # but not slower than an editor can wait for
        ("lmstudio-community/Qwen2.5-Coder-7B-Instruct-GGUF", "deepseek-coder:6.7b"),
        ("codellama:7b-instruct", "codellama:7b-base"),
        ("llama3.2:3b", "some-unknown-model"),
    ],
)
def test_rank(better, worse):
    assert rank(LocalModel(better)) < rank(LocalModel(worse))


def test_cli_status_and_models(local, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    local.expect_request("/api/tags").respond_with_json(OLLAMA_TAGS)
    serve(monkeypatch, local)
    assert main(["ai", "status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("provider: openai-compatible\nwhy: no AI provider configured; qwen2.5-coder:7b ranks first")
    assert f"server: Ollama at http://127.0.0.1:{local.port}/v1\nmodel: qwen2.5-coder:7b\n" in out
    assert main(["ai", "models"]) == 0
    assert capsys.readouterr().out == (
        f"Ollama at http://127.0.0.1:{local.port}/v1:\n  * qwen2.5-coder:7b (7.6B)\n    llama3.2:3b (3.2B)\n"
    )


def test_cli_models_when_nothing_runs(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    port = closed_port()
    monkeypatch.setattr(discovery, "SERVERS", (LocalServer("Ollama", port),))
    assert main(["ai", "models"]) == 0
    assert capsys.readouterr().out == f"no local model server answered on 127.0.0.1 (ports {port})\n"
    assert main(["ai", "status"]) == 0
    assert "why: no AI provider configured and no local model server answered" in capsys.readouterr().out
