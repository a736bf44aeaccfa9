"""Client for the hosted InfraGenius service (``infragenius-cloud``); the service is built elsewhere.

Endpoint (the contract both sides follow)::

    POST {base_url}/v1/analyses
    Authorization: Bearer <account key>
    {"prompt_version": "1", "task": "explain" | "fix", "messages": [{"role", "content"}...],
     "schema": {...} | null, "client": "infragenius/<version>"}

    200 {"id": "...", "content": "<answer text>", "model": "...", "tier": "professional", "usage": {...}}
    401 bad key · 402 monthly quota used up · 403 the tier does not include hosted AI · 409 the same
    request is still running · 429 rate limit (Retry-After) · 502/504 the upstream model failed
    Errors carry {"error": "<what happened>"}; the client shows that text.

Only redacted prompts are sent (the service calls redact before it reaches this client). No streaming:
the service answers in one piece, which is passed to ``stream`` at once.
"""

from __future__ import annotations

import httpx

from .. import __version__
from .prompts import PROMPT_VERSION
from .provider import AIBadAnswer, AIError, AIUnavailable, Message, StreamCallback

DEFAULT_BASE_URL = "https://api.infragenius.dev"


def _http_error(label: str, response: httpx.Response) -> AIError:
    """The service's own words for a refusal, with what the user can do."""
    try:
        said = response.json().get("error") or ""
    except (ValueError, AttributeError):
        said = ""
    status = response.status_code
    detail = f": {said}" if said else ""
    retry = response.headers.get("Retry-After")
    later = f"; try again in {retry} s" if retry and retry.isdigit() else ""
    if status == 401:
        return AIError(f"{label} rejected the account key (HTTP 401){detail}")
    if status == 402:
        return AIError(f"{label}: the monthly quota is used up (HTTP 402){detail}")
    if status == 403:
        return AIError(f"{label}: your plan does not include this (HTTP 403){detail}")
    if status in (409, 429):
        what = "the same request is still running" if status == 409 else "rate limit reached"
        return AIUnavailable(f"{label}: {what} (HTTP {status}){later}")
    return AIUnavailable(f"{label} failed (HTTP {status}){detail}")


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
        if status >= 400:
            raise _http_error(self.label, response)
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
