"""Client for the hosted InfraGenius service (``infragenius-cloud``); the service is built elsewhere.

Endpoint (the contract both sides follow)::

    POST {base_url}/v1/analyses
    Authorization: Bearer <account key>
    {"prompt_version": "1", "task": "explain" | "fix", "messages": [{"role", "content"}...],
     "schema": {...} | null, "client": "infragenius/<version>", "stream": false | true}

    200 {"id": "...", "content": "<answer text>", "model": "...", "tier": "professional", "usage": {...}}
    200 text/event-stream (with "stream": true): data: {"delta": "<piece>"} ... then
        data: {"done": true, "id", "model", "tier", "usage"}, or data: {"error": "...", "status": 502}
    401 bad key · 402 monthly quota used up · 403 the tier does not include hosted AI · 409 the same
    request is still running · 422 malformed, or the Idempotency-Key was used for another request ·
    429 rate limit (Retry-After) · 502/504 the upstream model failed
    Errors carry {"error": "<what happened>"}; the client shows that text.

Each logical request carries one ``Idempotency-Key`` (a random UUID), and every retry of it the same
key: the service then runs and charges it once, and a retry after a lost answer gets the stored one.
The client retries (``ATTEMPTS`` in all) when the connection failed or dropped, on 409 (the first try
is still running) and on 502/503/504, waiting ``Retry-After`` (at most ``MAX_WAIT_S``) or a short
backoff; never once a streamed answer has started (its pieces are already shown), never on a timeout
(the user has waited long enough).

Only redacted prompts are sent (the service calls redact before it reaches this client). With a
``stream`` callback (and no schema: a structured answer is only useful whole) the answer is streamed:
each piece goes to the callback as the service forwards it; a stream that fails or ends without its
``done`` event is an error, never a shorter answer. A service that answers JSON anyway is accepted.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx

from .. import __version__
from .prompts import PROMPT_VERSION
from .provider import AIBadAnswer, AIError, AIUnavailable, Message, StreamCallback

DEFAULT_BASE_URL = "https://api.infragenius.dev"
ATTEMPTS = 3
RETRY_STATUSES = frozenset({409, 502, 503, 504})
MAX_WAIT_S = 5.0
# Failures where the request may not have been handled: safe to send again under the same key.
RETRY_ERRORS = (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


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


def _backoff(attempt: int, retry_after: str | None) -> float:
    """The service's Retry-After when it gave one (capped), else 0.25 s, 0.5 s, ..."""
    if retry_after and retry_after.isdigit():
        return min(float(retry_after), MAX_WAIT_S)
    return min(0.25 * 2 ** (attempt - 1), MAX_WAIT_S)


class CloudProvider:
    name = "infragenius-cloud"

    def __init__(
        self, base_url: str | None, api_key: str | None, timeout_s: float = 30.0, model: str | None = None
    ) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.model = model or "hosted"
        self.api_key = api_key
        self.label = f"InfraGenius cloud ({self.base_url})"
        self._client = httpx.Client(timeout=httpx.Timeout(timeout_s, connect=min(5.0, timeout_s)))
        self.timeout_s = timeout_s
        self._sleep = time.sleep  # tests replace it

    def complete(
        self, messages: list[Message], schema: dict | None = None, stream: StreamCallback | None = None
    ) -> str:
        if not self.api_key:
            raise AIError(
                f"{self.label}: no account key (run `infragenius login`, or set ai.api_key_env to the name of "
                "the variable holding it)"
            )
        body = {
            "prompt_version": PROMPT_VERSION,
            "task": "fix" if schema is not None else "explain",
            "messages": list(messages),
            "schema": schema,
            "client": f"infragenius/{__version__}",
        }
        key = uuid.uuid4().hex  # one per logical request: every retry of it sends the same key
        if stream is not None and schema is None:
            return self._streamed({**body, "stream": True}, stream, key)
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json", "Idempotency-Key": key}
        with self._transport_errors():
            response = self._with_retries(
                lambda: self._client.post(f"{self.base_url}/v1/analyses", json=body, headers=headers)
            )
        if response.status_code >= 400:
            raise _http_error(self.label, response)
        content = self._content(response)
        if stream is not None and content:
            stream(content)
        return content

    def _streamed(self, body: dict, stream: StreamCallback, key: str) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "text/event-stream", "Idempotency-Key": key}
        pieces: list[str] = []

        def send() -> httpx.Response:
            request = self._client.build_request("POST", f"{self.base_url}/v1/analyses", json=body, headers=headers)
            return self._client.send(request, stream=True)

        with self._transport_errors():
            response = self._with_retries(send)
            try:
                if response.status_code >= 400:
                    response.read()
                    raise _http_error(self.label, response)
                if not response.headers.get("content-type", "").startswith("text/event-stream"):
                    response.read()  # a service that does not stream: the whole answer at once
                    content = self._content(response)
                    if content:
                        stream(content)
                    return content
                for piece in self._events(response.iter_lines()):
                    pieces.append(piece)
                    stream(piece)
            finally:
                response.close()
        return "".join(pieces)

    def _with_retries(self, send: Callable[[], httpx.Response]) -> httpx.Response:
        """``send()`` again (same body, same Idempotency-Key) while it fails in a way worth retrying."""
        for attempt in range(1, ATTEMPTS):
            try:
                response = send()
            except RETRY_ERRORS:
                self._sleep(_backoff(attempt, None))
                continue
            if response.status_code not in RETRY_STATUSES:
                return response
            wait = _backoff(attempt, response.headers.get("Retry-After"))
            response.close()
            self._sleep(wait)
        return send()  # the last try: whatever it gives

    def _events(self, lines: Iterator[str]) -> Iterator[str]:
        """The text pieces of the service's event stream, until its ``done`` event."""
        for line in lines:
            if not line.startswith("data:"):
                continue
            try:
                event = json.loads(line[5:])
            except ValueError:
                raise AIBadAnswer(f"{self.label} sent a malformed stream event") from None
            if not isinstance(event, dict):
                raise AIBadAnswer(f"{self.label} sent a malformed stream event")
            if event.get("error"):
                status = event.get("status")
                code = f" (HTTP {status})" if isinstance(status, int) else ""
                raise AIUnavailable(f"{self.label} failed while answering{code}: {event['error']}")
            if event.get("done"):
                return
            piece = event.get("delta")
            if isinstance(piece, str) and piece:
                yield piece
        raise AIUnavailable(f"{self.label}: the answer's stream ended before it was complete")

    def _content(self, response: httpx.Response) -> str:
        try:
            content = response.json()["content"]
        except (ValueError, KeyError, TypeError):
            raise AIBadAnswer(f"{self.label} answered something that is not an analysis") from None
        if not isinstance(content, str):
            raise AIBadAnswer(f"{self.label} answered without text content")
        return content

    @contextmanager
    def _transport_errors(self):
        try:
            yield
        except httpx.TimeoutException:
            raise AIUnavailable(f"{self.label} did not answer within {self.timeout_s:g} s") from None
        except httpx.HTTPError as exc:
            raise AIUnavailable(
                f"{self.label} is unavailable: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
            ) from None

    def close(self) -> None:
        self._client.close()
