"""Any server that speaks OpenAI's ``/chat/completions``: llama.cpp, Ollama (``/v1``), vLLM, LM Studio, OpenAI.

Robustness rules: connect and read timeouts; exactly one retry, and only for errors that are worth
retrying before any text has arrived (connection failure, 502/503/504, 429 with a bounded
Retry-After); every failure becomes one :class:`AIError` line naming the server.

Structured output: ``response_format`` ``json_schema`` first; a server that rejects it (400/422/501)
gets ``json_object`` with the schema in the prompt, then plain text with the schema in the prompt.
The mode that worked is remembered for this provider instance.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator

import httpx

from .provider import AIBadAnswer, AIError, AIUnavailable, Message, StreamCallback
from .structured import answer_budget, compact

log = logging.getLogger(__name__)

RETRY_STATUSES = {502, 503, 504}
MAX_RETRY_AFTER_S = 5.0
SCHEMA_MODES = ("json_schema", "json_object", "text")
MAX_TOKENS = 1024
# Far more text than MAX_TOKENS tokens can hold: a server that sends more ignores max_tokens (or is not a
# model), and its answer would otherwise be kept whole, cached and shown in a hover.
MAX_ANSWER_CHARS = 200_000


class OpenAICompatibleProvider:
    name = "openai-compatible"

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        api_key: str | None = None,
        headers: dict[str, str] | None = None,
        timeout_s: float = 30.0,
        max_tokens: int = MAX_TOKENS,
        label: str | None = None,
        extra_body: dict | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.extra_body = dict(extra_body or {})  # server-specific sampling options (llama.cpp's)
        self.model = model or "default"
        self.label = label or f"{self.name} ({self.base_url})"
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s
        all_headers = {"Accept": "application/json", **(headers or {})}
        if api_key:
            all_headers["Authorization"] = f"Bearer {api_key}"
        timeout = httpx.Timeout(timeout_s, connect=min(5.0, timeout_s))
        self._client = httpx.Client(headers=all_headers, timeout=timeout)
        self._schema_mode = 0  # index into SCHEMA_MODES; moves forward when a server rejects a mode
        self._lock = threading.Lock()

    # -- Provider ------------------------------------------------------------------------------
    def complete(
        self, messages: list[Message], schema: dict | None = None, stream: StreamCallback | None = None
    ) -> str:
        if schema is None:
            return self._request(self._body(messages, None), stream)
        while True:
            mode = SCHEMA_MODES[self._schema_mode]
            try:
                return self._request(self._body(messages, schema, mode), stream)
            except _Rejected as exc:
                if self._schema_mode + 1 >= len(SCHEMA_MODES):
                    raise AIBadAnswer(f"{self.label} rejected the request: {exc}") from None
                with self._lock:
                    self._schema_mode += 1
                log.info(
                    "%s rejected response_format=%s (%s); trying %s",
                    self.label,
                    mode,
                    exc,
                    SCHEMA_MODES[self._schema_mode],
                )

    def close(self) -> None:
        self._client.close()

    # -- request body --------------------------------------------------------------------------
    def _body(self, messages: list[Message], schema: dict | None, mode: str = "text") -> dict:
        body: dict = {
            "model": self.model,
            "messages": list(messages),
            "temperature": 0,
            "max_tokens": self.max_tokens,
            **self.extra_body,
        }
        if schema is None:
            return body
        # room for the longest answer the schema allows, so a constrained answer is never cut mid-JSON
        body["max_tokens"] = max(body["max_tokens"], answer_budget(schema) or 0)
        if mode == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "strict": True, "schema": schema},
            }
        else:
            body["messages"] = with_schema_instruction(messages, schema)
            if mode == "json_object":
                body["response_format"] = {"type": "json_object"}
        return body

    # -- transport -----------------------------------------------------------------------------
    def _request(self, body: dict, stream: StreamCallback | None) -> str:
        url = f"{self.base_url}/chat/completions"
        for attempt in (1, 2):
            try:
                if stream is None:
                    return self._post(url, body)
                return self._post_stream(url, body, stream)
            except _Retryable as exc:
                if attempt == 2:
                    raise AIUnavailable(f"{self.label} is unavailable: {exc.reason}") from None
                log.info("%s: %s; retrying once in %.1fs", self.label, exc.reason, exc.delay)
                time.sleep(exc.delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _post(self, url: str, body: dict) -> str:
        with self._transport_errors():
            response = self._client.post(url, json=body)
        self._check_status(response)
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise AIBadAnswer(
                f"{self.label} answered something that is not a chat completion: {_snippet(response.text)}"
            ) from None
        if not isinstance(content, str):
            raise AIBadAnswer(f"{self.label} answered without text content")
        if len(content) > MAX_ANSWER_CHARS:
            raise AIBadAnswer(_too_long(self.label))
        return content

    def _post_stream(self, url: str, body: dict, stream: StreamCallback) -> str:
        body = {**body, "stream": True}
        pieces: list[str] = []
        with (
            self._transport_errors(started=lambda: bool(pieces)),
            self._client.stream("POST", url, json=body) as response,
        ):
            if response.status_code >= 400:
                response.read()
            self._check_status(response)
            size = 0
            for piece in _sse_pieces(response.iter_lines(), self.label):
                size += len(piece)
                if size > MAX_ANSWER_CHARS:
                    raise AIBadAnswer(_too_long(self.label))
                pieces.append(piece)
                stream(piece)
        return "".join(pieces)

    def _check_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status < 400:
            return
        detail = _error_detail(response)
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status} {detail}".strip(), 0.5)
        if status == 429:
            delay = _retry_after(response.headers.get("Retry-After"))
            if delay is None:
                raise AIUnavailable(f"{self.label} is rate limiting requests (HTTP 429) {detail}".strip())
            raise _Retryable(f"rate limited (HTTP 429) {detail}".strip(), delay)
        if status in (401, 403):
            raise AIError(f"{self.label} refused the API key (HTTP {status}); check the key's environment variable")
        if status == 404:
            raise AIError(f"{self.label}: HTTP 404 {detail}; check base_url (it usually ends in /v1) and model".strip())
        if status in (400, 422, 501) and "response_format" in json.dumps(_request_body(response)):
            raise _Rejected(f"HTTP {status} {detail}".strip())
        raise AIError(f"{self.label} failed: HTTP {status} {detail}".strip())

    class _TransportGuard:
        def __init__(self, provider: OpenAICompatibleProvider, started) -> None:
            self.provider, self.started = provider, started

        def __enter__(self):
            return self

        def __exit__(self, _exc_type, exc, _tb):
            if exc is None or not isinstance(exc, httpx.HTTPError):
                return False
            label, timeout = self.provider.label, self.provider.timeout_s
            if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout) and not self.started():
                raise _Retryable(f"cannot connect ({_reason(exc)})", 0.2) from None
            if isinstance(exc, httpx.TimeoutException):
                raise AIUnavailable(f"{label} did not answer within {timeout:g} s") from None
            if isinstance(exc, httpx.RemoteProtocolError) and not self.started():
                raise _Retryable(f"connection dropped ({_reason(exc)})", 0.2) from None
            raise AIUnavailable(f"{label} is unavailable: {_reason(exc)}") from None

    def _transport_errors(self, started=lambda: False) -> _TransportGuard:
        return self._TransportGuard(self, started)


def with_schema_instruction(messages: list[Message], schema: dict) -> list[Message]:
    """The messages with an instruction to answer with JSON matching ``schema`` (for servers
    without structured output)."""
    instruction = (
        "Answer with one JSON object only (no prose, no code fences) that matches this JSON schema:\n"
        + json.dumps(compact(schema), separators=(",", ":"))
    )
    out = [dict(m) for m in messages]
    if out and out[0]["role"] == "system":
        out[0]["content"] = out[0]["content"] + "\n\n" + instruction
    else:
        out.insert(0, {"role": "system", "content": instruction})
    return out  # type: ignore[return-value]


def _sse_pieces(lines: Iterator[str], label: str) -> Iterator[str]:
    """Text pieces from an OpenAI-style server-sent event stream."""
    for line in lines:
        if not line.startswith("data:"):
            continue  # blank separators, ": ping" comments, "event:" lines
        payload = line[5:].strip()
        if payload == "[DONE]":
            return
        try:
            event = json.loads(payload)
        except ValueError:
            raise AIBadAnswer(f"{label} sent a malformed stream event: {_snippet(payload)}") from None
        if isinstance(event, dict) and event.get("error"):
            raise AIError(f"{label} failed while answering: {_snippet(str(event['error']))}")
        try:
            choice = event["choices"][0] if event.get("choices") else {}
            piece = (choice.get("delta") or {}).get("content") or ""
        except (AttributeError, KeyError, IndexError, TypeError):
            raise AIBadAnswer(
                f"{label} sent a stream event that is not a chat completion chunk: {_snippet(payload)}"
            ) from None
        if piece:
            yield piece


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header, or None when it is absent or too long to wait."""
    if value is None:
        return None
    try:
        delay = float(value)
    except ValueError:
        return None  # HTTP-date form: not worth waiting for in an editor
    return delay if 0 <= delay <= MAX_RETRY_AFTER_S else None


def _error_detail(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return _snippet(response.text)
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        return _snippet(str(error.get("message") or error))
    return _snippet(str(error or data))


def _request_body(response: httpx.Response) -> dict:
    try:
        return json.loads(response.request.content or b"{}")
    except (ValueError, RuntimeError):
        return {}


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.split("\n")[0][:200]


def _too_long(label: str) -> str:
    return f"{label} sent an answer longer than {MAX_ANSWER_CHARS:,} characters (it ignores max_tokens); discarded"


def _snippet(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Retryable(Exception):
    def __init__(self, reason: str, delay: float) -> None:
        super().__init__(reason)
        self.reason, self.delay = reason, delay


class _Rejected(Exception):
    """The server refused the ``response_format`` we asked for."""
