"""Protocol errors end to end over stdio, with a raw JSON-RPC client: broken frames, invalid params and
invalid edits are answered or logged, and the server keeps serving (issue 16, section 5)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from tests.reliability.client import SERVER, Client, answer, lsp_range

DOCKERFILE = "FROM node:latest\nRUN echo hi\n"


def _start(tmp_path: Path) -> tuple[Client, str]:
    client = Client(tmp_path)
    client.start(tmp_path)
    uri = (tmp_path / "Dockerfile").as_uri()
    client.did_open(uri, DOCKERFILE)
    client.wait_diagnostics(uri, 1, 0)
    return client, uri


def _hover(uri: str, line: int = 0, character: int = 1) -> dict:
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}


def _write(client: Client, raw: bytes) -> None:
    client.proc.stdin.write(raw)
    client.proc.stdin.flush()


def _logged(client: Client, text: str, timeout: float = 10.0) -> str:
    """The first ``window/logMessage`` containing ``text``, waiting for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for method, params in list(client.notifications):
            if method == "window/logMessage" and text in params.get("message", ""):
                return params["message"]
        time.sleep(0.02)
    seen = [p.get("message") for m, p in client.notifications if m == "window/logMessage"]
    raise AssertionError(f"no log line with {text!r}; got {seen}")


def _body(message: dict) -> bytes:
    return json.dumps(message).encode()


NOOP = _body({"jsonrpc": "2.0", "method": "$/noop", "params": {}})  # a notification nobody handles

BROKEN_FRAMES = {
    # a header that is not a number: its body has no line end and was glued to the next header
    "non-numeric length": b"Content-Length: abc\r\n\r\n" + NOOP,
    "no length at all": b"Content-Type: application/vscode-jsonrpc\r\n\r\n" + NOOP,
    "length too short": b"Content-Length: 12\r\n\r\n" + NOOP,
    # the body would swallow the next frame's header: a raw header line cannot be part of JSON
    "length too long": b"Content-Length: %d\r\n\r\n" % (len(NOOP) + 40) + NOOP,
    "bytes between frames": b"garbage without a header" + b"\r\n",
}


@pytest.mark.parametrize("broken", list(BROKEN_FRAMES), ids=list(BROKEN_FRAMES))
def test_after_a_broken_frame_the_next_frame_is_answered(tmp_path, broken):
    client, uri = _start(tmp_path)
    try:
        _write(client, BROKEN_FRAMES[broken])
        client.request("textDocument/hover", _hover(uri), timeout=10)  # answered, not lost
        _logged(client, "frame")
        # and the one after it too: the reader is back in step
        assert client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}, timeout=10) is not None
    finally:
        client.close()


def test_a_body_that_is_not_json_gets_a_parse_error_and_the_server_goes_on(tmp_path):
    client, uri = _start(tmp_path)
    try:
        received: list[dict] = []
        client._dispatch = lambda message, seen=client._dispatch: (received.append(message), seen(message))
        _write(client, b"Content-Length: 9\r\n\r\n{not json")
        deadline = time.monotonic() + 10
        while not any(m.get("error") for m in received) and time.monotonic() < deadline:
            time.sleep(0.02)
        errors = [m for m in received if m.get("error")]
        assert errors and errors[0]["id"] is None and errors[0]["error"]["code"] == -32700
        client.request("textDocument/hover", _hover(uri), timeout=10)
    finally:
        client.close()


def test_input_closed_in_the_middle_of_a_frame_ends_the_server_cleanly(tmp_path):
    client, _ = _start(tmp_path)
    _write(client, b'Content-Length: 500\r\n\r\n{"jsonrpc": "2.0", ')
    client.proc.stdin.close()
    assert client.proc.wait(timeout=15) == 0
    client.close()


@pytest.mark.parametrize("position", [{"line": -1, "character": 0}, {"line": 0, "character": -3}, "0:1", None])
def test_a_request_with_invalid_params_is_answered_with_invalid_params(tmp_path, position):
    client, uri = _start(tmp_path)
    try:
        _, pending = client.send("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
        error = answer(pending, 10).error
        assert error["code"] == -32602
        assert error["message"].startswith("Invalid params for textDocument/hover: ")
        assert "$.params.position" in error["message"]
        client.request("textDocument/hover", _hover(uri), timeout=10)  # and goes on answering
    finally:
        client.close()


def test_a_change_with_a_negative_range_is_logged_and_the_document_keeps_its_last_version(tmp_path):
    client, uri = _start(tmp_path)
    try:
        client.did_change(uri, 2, [{"range": lsp_range(-1, 0, 0, 0), "text": "FROM alpine:3.20\n"}])
        message = _logged(client, "textDocument/didChange")
        assert f"for {uri} v2 dropped" in message and "$.params.content_changes[0].range.start" in message
        assert "the document stays at v1" in message
        _expect_line_one_after_an_insert(client, uri)
    finally:
        client.close()


def test_a_change_with_a_reversed_range_is_dropped_whole_and_logged(tmp_path):
    client, uri = _start(tmp_path)
    try:
        # pygls would apply it as "keep line 0 from column 4, drop the text": the FROM would be gone
        client.did_change(
            uri, 2, [{"range": lsp_range(0, 0, 0, 0), "text": "# ok\n"}, {"range": lsp_range(1, 0, 0, 4), "text": "Z"}]
        )
        message = _logged(client, "textDocument/didChange")
        assert f"for {uri} v2 dropped" in message
        assert "change 2 of 2: range 1:0-0:4 ends before it starts" in message
        assert "the document stays at v1" in message
        _expect_line_one_after_an_insert(client, uri)
    finally:
        client.close()


def test_a_change_past_the_end_of_the_document_is_dropped_and_logged(tmp_path):
    client, uri = _start(tmp_path)
    try:
        client.did_change(uri, 2, [{"range": lsp_range(7, 0, 7, 0), "text": "RUN lost\n"}])
        message = _logged(client, "textDocument/didChange")
        assert "change 1 of 1: line 7 is past the end of the document (2 lines)" in message
        _expect_line_one_after_an_insert(client, uri)
    finally:
        client.close()


def test_a_change_to_a_document_that_is_not_open_is_logged(tmp_path):
    client, _ = _start(tmp_path)
    try:
        other = (tmp_path / "other" / "Dockerfile").as_uri()
        client.did_change(other, 2, [{"range": lsp_range(0, 0, 0, 0), "text": "x"}])
        assert f"for {other} v2 dropped: the document is not open" in _logged(client, "textDocument/didChange")
    finally:
        client.close()


def _expect_line_one_after_an_insert(client: Client, uri: str) -> None:
    """The server's text is still version 1's: a valid edit on top of it gives the expected findings
    (a dropped change is never published, and nothing of it was applied)."""
    since = time.perf_counter()
    client.did_change(uri, 3, [{"range": lsp_range(0, 0, 0, 0), "text": "# top\n"}])
    published = client.wait_diagnostics(uri, 3, since)
    df002 = [d["range"] for d in published.diagnostics if d["code"] == "DF002"]
    assert df002 == [lsp_range(1, 5, 1, 16)]
    assert not [p for p in client.published if p.uri == uri and p.version == 2]


def test_a_broken_frame_never_hangs_the_server_on_shutdown(tmp_path):
    client, _ = _start(tmp_path)
    _write(client, b"Content-Length: x\r\n\r\n{}")
    client.request("shutdown", None, timeout=10)
    client.notify("exit", None)
    assert client.proc.wait(timeout=10) == 0
    client.close()


def test_the_server_process_exits_when_stdin_is_closed_before_initialize():
    proc = subprocess.run(SERVER, input=b"Content-Length: 1", check=False, capture_output=True, timeout=30)
    assert proc.returncode == 0


# -- the frame reader alone, fed in small pieces ----------------------------------------------
async def _bodies(stream: bytes, piece: int) -> list[bytes]:
    from infragenius.lsp.framing import FrameReader

    chunks = [stream[i : i + piece] for i in range(0, len(stream), piece)]

    async def read_some() -> bytes:
        return chunks.pop(0) if chunks else b""

    reader, bodies = FrameReader(read_some), []
    while (body := await reader.next_body()) is not None:
        bodies.append(body)
    return bodies


@pytest.mark.parametrize("piece", [1, 7, 4096])
async def test_frames_split_anywhere_and_headers_in_any_order_are_read_without_complaint(piece, caplog):
    first, second = _body({"jsonrpc": "2.0", "method": "a"}), _body({"jsonrpc": "2.0", "method": "b" * 5000})
    stream = (
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(first)
        + first
        + b"content-length:%d\r\n\r\n" % len(second)
        + second
    )
    assert await _bodies(stream, piece) == [first, second]
    assert not [r for r in caplog.records if r.levelname != "DEBUG"]


@pytest.mark.parametrize("piece", [1, 5, 4096])
async def test_a_broken_frame_costs_that_frame_only(piece, caplog):
    good = _body({"jsonrpc": "2.0", "method": "good"})
    stream = (
        b"Content-Length: nine\r\n\r\n"
        + NOOP
        + b"Content-Length: %d\r\n\r\n" % len(good)
        + good
        + b"Content-Length: 900\r\n\r\n"
        + NOOP
        + b"Content-Length: %d\r\n\r\n" % len(good)
        + good
    )
    assert await _bodies(stream, piece) == [good, good]
    assert [r.getMessage() for r in caplog.records] == [
        "skipped a frame whose header has no valid Content-Length (b'Content-Length: nine')",
        f"skipped {len(NOOP)} bytes that were not part of a frame",
        f"a frame ended after {len(NOOP)} of its declared 900 bytes, where a new frame starts: skipped it",
    ]
