"""The model behind the service: any OpenAI-compatible chat completions endpoint."""

from __future__ import annotations

import time
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
    def __init__(self, base_url: str | None, model: str, api_key: str | None, timeout_s: float) -> None:
        self.base_url = (base_url or "").rstrip("/")
        self.model = model
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)),
            headers={"Authorization": f"Bearer {api_key}"} if api_key else {},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def complete(self, messages: list[dict], schema: dict | None) -> Answer:
        if not self.base_url:
            raise UpstreamError(502, "no upstream model is configured (UPSTREAM_BASE_URL)")
        body: dict = {"model": self.model, "messages": messages, "temperature": 0.2}
        if schema is not None:
            body["response_format"] = {"type": "json_schema", "json_schema": {"name": "fix", "schema": schema}}
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
            content=content or "", model=data.get("model") or self.model,
            tokens_in=int(usage.get("prompt_tokens") or 0), tokens_out=int(usage.get("completion_tokens") or 0),
            latency_ms=int((time.perf_counter() - started) * 1000),
        )

    def close(self) -> None:
        self.client.close()
