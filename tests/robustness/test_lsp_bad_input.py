"""Bad input through the language server (``infragenius lsp`` over stdio): the editor never hangs.

One server process takes a 10 MB buffer, NUL bytes, a lone UTF-16 surrogate, astral characters and
a burst of edits; each gets its diagnostics within a budget, and the server still answers afterwards.
Driven by the bench's dependency-free client (tests/bench/lsp_client.py).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
BUDGET_S = 15.0  # per document, server start excluded; generous for a busy 2-core machine


def _client_module():
    spec = importlib.util.spec_from_file_location("_bench_lsp_client", BENCH / "lsp_client.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    lsp_client = _client_module()
    root = tmp_path_factory.mktemp("lsp-bad-input")
    client = lsp_client.LspClient(cwd=root)
    try:
        client.initialize(root, timeout=60)
    except lsp_client.LspError as exc:
        client.close()
        pytest.skip(f"language server not available: {exc}")
    yield client, root
    client.close()


def publish(server, name: str, text: str) -> list[dict]:
    client, root = server
    uri = (root / name).as_uri()
    sent = client.did_open(uri, text, version=1)
    got = client.wait_diagnostics(uri, 1, sent, timeout=60)
    assert got.received - sent < BUDGET_S, f"{name}: {got.received - sent:.1f} s"
    return got.diagnostics


def codes(diagnostics: list[dict]) -> list[str]:
    return [d.get("code") for d in diagnostics]


def test_ten_megabytes(server) -> None:
    text = "FROM alpine:3.19\n" + "RUN echo hello world\n" * (10 * 1024 * 1024 // 21)
    assert codes(publish(server, "big.Dockerfile", text)) == ["IG003"]


def test_nul_bytes(server) -> None:
    assert codes(publish(server, "nul.Dockerfile", "FROM alpine:3.19\x00\nRUN echo hi\n")) == ["IG004"]


def test_lone_surrogate_and_astral_characters(server) -> None:
    text = 'FROM alpine:latest\nLABEL x="\ud800 \U0001f600"\nRUN echo \U0001f600 \udfff\n'
    diagnostics = publish(server, "odd.Dockerfile", text)
    assert "IG002" not in codes(diagnostics)
    latest = [d for d in diagnostics if d.get("code") == "DF002"]
    assert [d["range"]["start"] for d in latest] == [{"line": 0, "character": 5}]


def test_edit_burst_then_server_still_answers(server) -> None:
    client, root = server
    uri = (root / "burst.Dockerfile").as_uri()
    text = "FROM alpine:3.19\nRUN apk add curl\n"
    client.did_open(uri, text, version=1)
    for version in range(2, 202):  # 200 keystrokes without waiting
        text = text + ("x" if version % 2 else "\n")
        sent = client.did_change(uri, version, [{"text": text}])  # whole text: valid for every sync kind
    client.wait_diagnostics(uri, 201, sent, timeout=60)
    started = time.perf_counter()
    client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}},
        timeout=30,
    )
    assert time.perf_counter() - started < BUDGET_S
