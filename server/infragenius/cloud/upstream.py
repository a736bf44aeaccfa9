"""The model behind the service: any OpenAI-compatible chat completions endpoint, answered in one
piece (``complete``) or as the upstream's own server-sent event stream (``stream``)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx


class UpstreamError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status  # 502 bad gateway or 504 timeout


@dataclass
class Answer:
    content: str
    model: str
    tokens_in: int
    tokens_out: int
    latency_ms: int


class Upstream:
    def __init__(
        self, base_url: str | None, model: str, api_key: str | None, timeout_s: float, extra_body: dict | None = None
    ) -> None:
        self.base_url = (base_url or "").rstrip("/")
        self.model = model
        self.extra_body = dict(extra_body or {})  # e.g. sampling options a small local model needs
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)),
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def complete(self, messages: list[dict], schema: dict | None) -> Answer:
        body = self._body(messages, schema)
        started = time.perf_counter()
        try:
            response = self.client.post(f"{self.base_url}/chat/completions", json=body)
        except httpx.TimeoutException:
            raise UpstreamError(504, "the upstream model did not answer in time") from None
        except httpx.HTTPError as exc:
            raise UpstreamError(502, f"the upstream model is unreachable ({type(exc).__name__})") from None
        if response.status_code >= 400:
            raise UpstreamError(502, f"the upstream model failed (HTTP {response.status_code})")
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise UpstreamError(502, "the upstream model answered something that is not a chat completion") from None
        usage = data.get("usage") or {}
        return Answer(
            content=content or "",
            model=_model_name(data.get("model"), self.model),
            tokens_in=int(usage.get("prompt_tokens") or 0),
            tokens_out=int(usage.get("completion_tokens") or 0),
            latency_ms=int((time.perf_counter() - started) * 1000),
        )

    def stream(self, messages: list[dict], schema: dict | None) -> AnswerStream:
        """Open a streamed completion. Fails here (UpstreamError) when the upstream cannot be reached or
        refuses; once open, iterating the result yields the text pieces as they arrive."""
        body = {**self._body(messages, schema), "stream": True, "stream_options": {"include_usage": True}}
        started = time.perf_counter()
        request = self.client.build_request("POST", f"{self.base_url}/chat/completions", json=body)
        try:
            response = self.client.send(request, stream=True)
        except httpx.TimeoutException:
            raise UpstreamError(504, "the upstream model did not answer in time") from None
        except httpx.HTTPError as exc:
            raise UpstreamError(502, f"the upstream model is unreachable ({type(exc).__name__})") from None
        if response.status_code >= 400:
            response.close()
            raise UpstreamError(502, f"the upstream model failed (HTTP {response.status_code})")
        return AnswerStream(response, self.model, started)

    def _body(self, messages: list[dict], schema: dict | None) -> dict:
        if not self.base_url:
            raise UpstreamError(502, "no upstream model is configured (UPSTREAM_BASE_URL)")
        body: dict = {**self.extra_body, "model": self.model, "messages": messages, "temperature": 0.2}
        if schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": {"name": "fix", "schema": schema}}
        return body

    def close(self) -> None:
        self.client.close()


class AnswerStream:
    """A streamed answer: iterate it once for the text pieces; ``answer`` is set when the upstream
    finished properly (``data: [DONE]``). A stream that breaks off or ends without ``[DONE]`` raises
    UpstreamError: a truncated answer must never be metered as a complete one."""

    def __init__(self, response: httpx.Response, model: str, started: float) -> None:
        self.response, self.model, self.started = response, model, started
        self.answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        pieces: list[str] = []
        usage: dict = {}
        finished = False
        try:
            for line in self.response.iter_lines():
                if not line.startswith("data:"):
                    continue  # blank separators, ": keep-alive" comments, "event:" lines
                payload = line[5:].strip()
                if payload == "[DONE]":
                    finished = True
                    break
                event = _event(payload)
                self.model = _model_name(event.get("model"), self.model)
                if isinstance(event.get("usage"), dict):
                    usage = event["usage"]  # the last chunk, with stream_options.include_usage
                piece = _delta(event)
                if piece:
                    pieces.append(piece)
                    yield piece
        except httpx.TimeoutException:
            raise UpstreamError(504, "the upstream model stopped answering in time") from None
        except httpx.HTTPError as exc:
            raise UpstreamError(502, f"the upstream model's stream broke off ({type(exc).__name__})") from None
        finally:
            self.close()
        if not finished:
            raise UpstreamError(502, "the upstream model's stream ended before the answer was complete")
        self.answer = Answer(
            content="".join(pieces),
            model=self.model,
            tokens_in=int(usage.get("prompt_tokens") or 0),
            tokens_out=int(usage.get("completion_tokens") or 0),
            latency_ms=int((time.perf_counter() - self.started) * 1000),
        )

    def close(self) -> None:
        self.response.close()


def _model_name(reported: object, configured: str) -> str:
    """The model the upstream says answered; a local server (llama.cpp) reports its model file's path,
    which is not for clients to see: its file name then."""
    if not isinstance(reported, str) or not reported:
        return configured
    return reported.rsplit("/", 1)[-1] if reported.startswith("/") else reported


def _event(payload: str) -> dict:
    try:
        event = json.loads(payload)
    except ValueError:
        raise UpstreamError(502, "the upstream model sent a malformed stream event") from None
    if not isinstance(event, dict):
        raise UpstreamError(502, "the upstream model sent a stream event that is not a chat completion chunk")
    if event.get("error"):
        raise UpstreamError(502, "the upstream model failed while answering")
    return event


def _delta(event: dict) -> str:
    choices = event.get("choices") or []
    try:
        piece = (choices[0].get("delta") or {}).get("content") if choices else None
    except (AttributeError, IndexError, TypeError):
        raise UpstreamError(502, "the upstream model sent a stream event that is not a chat completion chunk") from None
    return piece if isinstance(piece, str) else ""
