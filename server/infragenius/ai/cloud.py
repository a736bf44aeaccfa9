"""Client for the hosted InfraGenius service (``infragenius-cloud``); the service is built elsewhere.

Endpoint (the contract both sides follow)::

    POST {base_url}/v1/analyses
    Authorization: Bearer <account key>
    {"prompt_version": "1", "task": "explain" | "fix", "messages": [{"role", "content"}...],
     "schema": {...} | null, "client": "infragenius/<version>"}

    200 {"id": "...", "content": "<answer text>", "model": "...", "tier": "pro"}
    401 bad key · 402/403 the account's tier does not include AI · 429 quota (Retry-After) · 5xx down

Only redacted prompts are sent (the service calls redact before it reaches this client). No streaming:
the service answers in one piece, which is passed to ``stream`` at once.
"""

from __future__ import annotations

import httpx

from .. import __version__
from .prompts import PROMPT_VERSION
from .provider import AIBadAnswer, AIError, AIUnavailable, Message, StreamCallback

DEFAULT_BASE_URL = "https://api.infragenius.dev"


class CloudProvider:
    name = "infragenius-cloud"

    def __init__(self, base_url: str | None, api_key: str | None, timeout_s: float = 30.0, model: str | None = None) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.model = model or "hosted"
        self.api_key = api_key
        self.label = f"InfraGenius cloud ({self.base_url})"
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)))
        self.timeout_s = timeout_s

    def complete(self, messages: list[Message], schema: dict | None = None, stream: StreamCallback | None = None) -> str:
        if not self.api_key:
            raise AIError(f"{self.label}: no account key (set ai.api_key_env to the name of the variable holding it)")
        body = {
            "prompt_version": PROMPT_VERSION,
            "task": "fix" if schema is not None else "explain",
            "messages": list(messages),
            "schema": schema,
            "client": f"infragenius/{__version__}",
        }
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"}
        try:
            response = self._client.post(f"{self.base_url}/v1/analyses", json=body, headers=headers)
        except httpx.TimeoutException:
            raise AIUnavailable(f"{self.label} did not answer within {self.timeout_s:g} s") from None
        except httpx.HTTPError as exc:
            raise AIUnavailable(f"{self.label} is unavailable: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
        status = response.status_code
        if status == 401:
            raise AIError(f"{self.label} rejected the account key (HTTP 401)")
        if status in (402, 403):
            raise AIError(f"{self.label}: your plan does not include AI answers (HTTP {status})")
        if status == 429:
            raise AIUnavailable(f"{self.label}: quota reached, try again later (HTTP 429)")
        if status >= 400:
            raise AIUnavailable(f"{self.label} failed (HTTP {status})")
        try:
            content = response.json()["content"]
        except (ValueError, KeyError, TypeError):
            raise AIBadAnswer(f"{self.label} answered something that is not an analysis") from None
        if not isinstance(content, str):
            raise AIBadAnswer(f"{self.label} answered without text content")
        if stream is not None and content:
            stream(content)
        return content

    def close(self) -> None:
        self._client.close()
