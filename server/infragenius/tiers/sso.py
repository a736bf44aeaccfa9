"""SSO sign-in (Enterprise): the OAuth 2.0 device authorization grant (RFC 8628) against the
organisation's OpenID Connect issuer, with the ID token validated against the issuer's JWKS.

Made for terminals and editors: the user opens a URL on any device and types a short code; we poll
the token endpoint. Nothing but the resulting identity (subject, email, issuer, expiry) is stored.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import httpx

from . import store

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
SSO_FILE = "sso.json"


class SSOError(Exception):
    """Sign-in failed; the message says why in the user's terms."""


@dataclass(frozen=True)
class Identity:
    subject: str
    email: str | None
    issuer: str
    expires_at: int
    # the ID token itself, for the Cloud's exchange (POST /v1/auth/oidc): kept in memory, never stored
    id_token: str = field(default="", repr=False, compare=False)


def sign_in(
    issuer: str,
    client_id: str,
    *,
    scope: str = "openid email profile",
    prompt: Callable[[str, str, str | None], None] = lambda uri, code, complete: None,
    sleep: Callable[[float], None] = time.sleep,
    timeout_s: float = 600,
    client: httpx.Client | None = None,
) -> Identity:
    http = client or httpx.Client(timeout=10)
    try:
        meta = _discover(http, issuer)
        device = _post(http, meta["device_authorization_endpoint"], {"client_id": client_id, "scope": scope})
        prompt(device["verification_uri"], device["user_code"], device.get("verification_uri_complete"))
        tokens = _poll(http, meta["token_endpoint"], client_id, device, sleep, timeout_s)
        identity = _validate(tokens.get("id_token"), meta, client_id)
    finally:
        if client is None:
            http.close()
    store.save_secret(SSO_FILE, json.dumps({k: v for k, v in asdict(identity).items() if k != "id_token"}))
    return identity


def _discover(http: httpx.Client, issuer: str) -> dict:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = http.get(url)
        response.raise_for_status()
        meta = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SSOError(f"cannot read the issuer's configuration at {url}: {exc}") from None
    missing = [k for k in ("device_authorization_endpoint", "token_endpoint", "jwks_uri", "issuer") if k not in meta]
    if missing:
        raise SSOError(f"the issuer does not support the device flow (missing {', '.join(missing)})")
    return meta


def _post(http: httpx.Client, url: str, data: dict) -> dict:
    try:
        response = http.post(url, data=data, headers={"Accept": "application/json"})
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SSOError(f"the issuer did not answer properly ({exc})") from None
    if response.status_code >= 400 and "error" not in body:
        raise SSOError(f"the issuer refused the request (HTTP {response.status_code})")
    return body


def _poll(http, token_endpoint: str, client_id: str, device: dict, sleep, timeout_s: float) -> dict:
    interval = float(device.get("interval", 5))
    deadline = time.monotonic() + min(float(device.get("expires_in", timeout_s)), timeout_s)
    data = {"grant_type": DEVICE_GRANT, "device_code": device["device_code"], "client_id": client_id}
    while time.monotonic() < deadline:
        body = _post(http, token_endpoint, data)
        error = body.get("error")
        if error is None:
            return body
        if error == "authorization_pending":
            sleep(interval)
        elif error == "slow_down":
            interval += 5
            sleep(interval)
        elif error == "access_denied":
            raise SSOError("sign-in was denied")
        elif error == "expired_token":
            raise SSOError("the code expired before sign-in finished; run the command again")
        else:
            raise SSOError(f"sign-in failed: {body.get('error_description') or error}")
    raise SSOError("sign-in timed out")


def _validate(id_token: str | None, meta: dict, client_id: str) -> Identity:
    import jwt

    if not id_token:
        raise SSOError("the issuer returned no ID token")
    try:
        signing_key = jwt.PyJWKClient(meta["jwks_uri"]).get_signing_key_from_jwt(id_token)
        claims = jwt.decode(
            id_token,
            signing_key.key,
            algorithms=["RS256", "ES256", "EdDSA"],
            audience=client_id,
            issuer=meta["issuer"],
            leeway=60,
            options={"require": ["exp", "sub", "iss", "aud"]},
        )
    except jwt.PyJWTError as exc:
        raise SSOError(f"the ID token is not valid ({exc})") from None
    return Identity(str(claims["sub"]), claims.get("email"), meta["issuer"], int(claims["exp"]), id_token)


def signed_in() -> Identity | None:
    raw = store.read_secret(SSO_FILE)
    if not raw:
        return None
    try:
        identity = Identity(**json.loads(raw))
    except (ValueError, TypeError):
        return None
    return identity if identity.expires_at > time.time() else None
