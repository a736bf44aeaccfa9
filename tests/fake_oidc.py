"""A fake OIDC issuer on 127.0.0.1 (pytest-httpserver) with the device flow: discovery, its signing key
(JWKS) and the device authorization endpoint; the tests answer ``/token`` themselves."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from pytest_httpserver import HTTPServer

KEY_ID = "idp-1"


def fake_issuer(httpserver: HTTPServer, device: dict, claims: dict) -> tuple[str, Callable[..., str]]:
    """The issuer's base URL and ``id_token(**overrides)``, which signs ``claims`` with the issuer's key (with
    ``iss``, ``iat`` now and ``exp`` ten minutes on, unless overridden). ``device`` is the device endpoint's
    answer, its ``verification_uri`` added."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=KEY_ID, use="sig", alg="RS256")
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/.well-known/openid-configuration").respond_with_json(
        {
            "issuer": base,
            "device_authorization_endpoint": f"{base}/device",
            "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks",
        }
    )
    httpserver.expect_request("/jwks").respond_with_json({"keys": [jwk]})
    httpserver.expect_request("/device", method="POST").respond_with_json(
        {**device, "verification_uri": f"{base}/activate"}
    )

    def id_token(**overrides) -> str:
        now = int(time.time())
        signed = {"iss": base, **claims, "iat": now, "exp": now + 600, **overrides}
        return jwt.encode(signed, key, algorithm="RS256", headers={"kid": KEY_ID})

    return base, id_token
