"""The client side of an InfraGenius Cloud account: device-code sign-in, the stored account key, and the
organisation's license (fetch, trial).

``infragenius login`` stores the key (``cloud.key``) and the address of the service that issued it
(``cloud.url``) in the user config dir, readable by the user only. The key is sent to that address only:
the ``infragenius-cloud`` AI provider uses it when no key is given by the editor, ``api-key-env`` or
``INFRAGENIUS_AI_API_KEY`` (those override it), and only while the provider talks to the same service.
What ``license refresh`` learned about seats and the trial is kept in ``account.json`` for ``license status``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # httpx costs ~50 ms to import: only the commands that talk to the Cloud pay it
    import httpx

from . import store

CLOUD_URL_FILE = "cloud.url"
ACCOUNT_FILE = "account.json"
KEY_ENV = "INFRAGENIUS_AI_API_KEY"
TIMEOUT_S = 15


class AccountError(Exception):
    """The service refused or could not be reached; the message says why in the user's terms."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SignedIn:
    key: str
    email: str
    organisation: str
    tier: str


def default_url() -> str:
    from ..ai.cloud import DEFAULT_BASE_URL

    return DEFAULT_BASE_URL


def service_url(explicit: str | None = None) -> str:
    """Where account requests go: ``--url``, else the service the stored key came from, else the default."""
    return (explicit or store.read_secret(CLOUD_URL_FILE) or default_url()).rstrip("/")


def stored_key_for(base_url: str | None) -> str | None:
    """The stored account key, for requests to the service that issued it (None for any other address)."""
    key = store.read_secret(store.CLOUD_KEY_FILE)
    if key is None:
        return None
    issued_by = (store.read_secret(CLOUD_URL_FILE) or default_url()).rstrip("/")
    return key if (base_url or default_url()).rstrip("/") == issued_by else None


def account_key(base_url: str) -> str | None:
    """The key for account requests: ``INFRAGENIUS_AI_API_KEY`` overrides the stored one."""
    return os.environ.get(KEY_ENV) or stored_key_for(base_url)


def save_login(base_url: str, key: str) -> None:
    store.save_secret(store.CLOUD_KEY_FILE, key)
    store.save_secret(CLOUD_URL_FILE, base_url.rstrip("/"))


def forget_login() -> bool:
    removed = store.delete_secret(store.CLOUD_KEY_FILE)
    store.delete_secret(CLOUD_URL_FILE)
    store.delete_secret(ACCOUNT_FILE)
    return removed


# -- device-code sign-in (RFC 8628) ----------------------------------------------------------------------
def device_login(
    base_url: str,
    prompt: Callable[[str, str], None],
    *,
    sleep: Callable[[float], None] = time.sleep,
    timeout_s: float = 900,
    client: httpx.Client | None = None,
) -> SignedIn:
    """Ask for a code pair, show it (``prompt(url, user_code)``), poll until approved; bounded by the
    codes' own expiry and ``timeout_s``."""
    with _client(client) as http:
        codes = _json(http.post(f"{base_url}/v1/auth/device"), "start the sign-in")
        prompt(codes.get("verification_uri_complete") or codes["verification_uri"], codes["user_code"])
        interval = float(codes.get("interval", 5))
        deadline = time.monotonic() + min(float(codes.get("expires_in", timeout_s)), timeout_s)
        form = {"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": codes["device_code"]}
        while time.monotonic() < deadline:
            sleep(interval)
            response = _post(http, f"{base_url}/v1/auth/token", data=form)
            if response.status_code == 200:
                body = _json(response, "sign in")
                return SignedIn(body["api_key"], body["email"], body["organisation"], body["tier"])
            code = _field(response, "error")
            if code == "slow_down":
                interval += 5
            elif code != "authorization_pending":
                raise AccountError(_DEVICE_ERRORS.get(code or "", f"sign-in failed ({code or response.status_code})"))
    raise AccountError("sign-in timed out: the code was not approved in time; run `infragenius login` again")


_DEVICE_ERRORS = {
    "access_denied": "sign-in was denied",
    "expired_token": "the code expired before it was approved; run `infragenius login` again",
    "invalid_grant": "the sign-in code is not valid any more; run `infragenius login` again",
}


def exchange_id_token(base_url: str, id_token: str, client: httpx.Client | None = None) -> str:
    """An Enterprise SSO ID token exchanged for the account key (``POST /v1/auth/oidc``)."""
    with _client(client) as http:
        return _json(_post(http, f"{base_url}/v1/auth/oidc", data={"id_token": id_token}), "sign in with SSO")[
            "api_key"
        ]


# -- the organisation's license ----------------------------------------------------------------------------
def fetch_license(base_url: str, key: str, client: httpx.Client | None = None) -> dict:
    """``GET /v1/license``: {"license", "tier", "seats", "trial", "tier_ends_at"}."""
    with _client(client) as http:
        return _json(_get(http, f"{base_url}/v1/license", key), "fetch the license")


def start_trial(base_url: str, key: str, client: httpx.Client | None = None) -> dict:
    with _client(client) as http:
        return _json(_post(http, f"{base_url}/v1/licenses/trial", key=key), "start the trial")


def remember(answer: dict) -> None:
    """Keep what ``license status`` shows besides the token (seats, trial end), as of now."""
    kept = {k: answer.get(k) for k in ("tier", "seats", "trial", "tier_ends_at")}
    store.save_secret(ACCOUNT_FILE, json.dumps({**kept, "as_of": int(time.time())}))


def remembered() -> dict | None:
    raw = store.read_secret(ACCOUNT_FILE)
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


# -- HTTP ------------------------------------------------------------------------------------------------
def _client(client: httpx.Client | None):
    if client is not None:
        from contextlib import nullcontext

        return nullcontext(client)
    import httpx

    return httpx.Client(timeout=TIMEOUT_S)


def _headers(key: str | None) -> dict[str, str]:
    return {"Accept": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}


def _get(http: httpx.Client, url: str, key: str) -> httpx.Response:
    import httpx

    try:
        return http.get(url, headers=_headers(key))
    except httpx.HTTPError as exc:
        raise AccountError(f"cannot reach {url} ({type(exc).__name__})") from None


def _post(http: httpx.Client, url: str, key: str | None = None, data: dict | None = None) -> httpx.Response:
    import httpx

    try:
        return http.post(url, headers=_headers(key), data=data)
    except httpx.HTTPError as exc:
        raise AccountError(f"cannot reach {url} ({type(exc).__name__})") from None


def _json(response: httpx.Response, doing: str) -> dict:
    if response.status_code >= 400:
        said = _field(response, "error") or f"HTTP {response.status_code}"
        raise AccountError(f"could not {doing}: {said}", response.status_code)
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise AccountError(f"could not {doing}: the service did not answer with JSON")
    return body


def _field(response: httpx.Response, name: str) -> str | None:
    try:
        value = response.json().get(name)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
