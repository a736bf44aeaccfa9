"""A misbehaving OpenAI-compatible server on 127.0.0.1 (standard library ``http.server``).

``FaultyModel.mode`` picks the fault for the next requests: ``ok``, ``timeout`` (answers after
``delay`` s), ``http500``, ``http429`` (Retry-After: 0, always), ``truncated`` (an SSE stream cut in
the middle of an event, no ``[DONE]``), ``invalid-json`` (SSE events that are not JSON),
``invalid-json-body`` (a 200 ``application/json`` body that does not parse), ``huge`` (``huge_mb`` MB
of streamed answer).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

FAULTS = ("timeout", "http500", "http429", "truncated", "invalid-json", "invalid-json-body", "huge")


def chunk(text: str) -> bytes:
    event = {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": text}}]}
    return f"data: {json.dumps(event)}\n\n".encode()


class FaultyModel:
    def __init__(self, delay: float = 3.0, huge_mb: int = 8) -> None:
        self.mode = "ok"
        self.delay, self.huge_mb = delay, huge_mb
        self.requests = 0
        model = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                model.requests += 1
                try:
                    model.answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (timeouts): that is the point

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="fake-model", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        mode = self.mode
        if mode == "timeout":
            time.sleep(self.delay)
            return self._send(h, 200, "application/json", b'{"choices": []}')
        if mode == "http500":
            return self._send(h, 500, "application/json", b'{"error": {"message": "model crashed"}}')
        if mode == "http429":
            return self._send(h, 429, "application/json", b'{"error": {"message": "slow down"}}', {"Retry-After": "0"})
        if mode == "invalid-json-body":
            return self._send(h, 200, "application/json", b'{"choices": [{"message": {"content": "unterminated')
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Connection", "close")
        h.end_headers()
        if mode == "truncated":
            h.wfile.write(chunk("The first half of an answer") + b'data: {"choices": [{"delta": {"cont')
        elif mode == "invalid-json":
            h.wfile.write(chunk("Starts fine") + b"data: this is not json\n\n")
        elif mode == "huge":
            piece = chunk("x" * 4000)
            for _ in range(self.huge_mb * 1024 * 1024 // 4000):
                h.wfile.write(piece)
            h.wfile.write(b"data: [DONE]\n\n")
        else:
            h.wfile.write(chunk("A short, correct explanation.") + b"data: [DONE]\n\n")
        h.wfile.flush()
        h.close_connection = True

    @staticmethod
    def _send(h, status: int, content_type: str, body: bytes, headers: dict | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)
