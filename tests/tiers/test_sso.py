"""SSO device flow against a fake OIDC issuer on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from infragenius.tiers.sso import SSOError, sign_in, signed_in

CLIENT = "infragenius-cli"


@pytest.fixture
def issuer(httpserver, keys):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="idp-1", use="sig", alg="RS256")
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
        {
            "device_code": "dev-123",
            "user_code": "ABCD-EFGH",
            "verification_uri": f"{base}/activate",
            "interval": 1,
            "expires_in": 60,
        }
    )

    def id_token(**overrides):
        claims = {
            "iss": base,
            "aud": CLIENT,
            "sub": "u-42",
            "email": "jane@acme.example",
            "exp": int(time.time()) + 600,
        }
        claims.update(overrides)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "idp-1"})

    return httpserver, base, id_token


def test_device_flow_signs_in_after_pending(issuer) -> None:
    server, base, id_token = issuer
    server.expect_oneshot_request("/token", method="POST").respond_with_json(
        {"error": "authorization_pending"}, status=400
    )
    server.expect_oneshot_request("/token", method="POST").respond_with_json({"error": "slow_down"}, status=400)
    server.expect_oneshot_request("/token", method="POST").respond_with_json(
        {"id_token": id_token(), "access_token": "x"}
    )
    prompts, sleeps = [], []
    identity = sign_in(base, CLIENT, prompt=lambda uri, code, _: prompts.append((uri, code)), sleep=sleeps.append)
    assert identity.subject == "u-42" and identity.email == "jane@acme.example"
    assert prompts == [(f"{base}/activate", "ABCD-EFGH")]
    assert sleeps == [1.0, 6.0]  # slow_down adds five seconds
    assert signed_in() == identity


@pytest.mark.parametrize(
    "answer, reason",
    [
        ({"error": "access_denied"}, "denied"),
        ({"error": "expired_token"}, "expired"),
    ],
)
def test_device_flow_errors(issuer, answer, reason) -> None:
    server, base, _ = issuer
    server.expect_request("/token", method="POST").respond_with_json(answer, status=400)
    with pytest.raises(SSOError, match=reason):
        sign_in(base, CLIENT, sleep=lambda s: None)


def test_id_token_for_another_audience_is_rejected(issuer) -> None:
    server, base, id_token = issuer
    server.expect_request("/token", method="POST").respond_with_json({"id_token": id_token(aud="someone-else")})
    with pytest.raises(SSOError, match="not valid"):
        sign_in(base, CLIENT, sleep=lambda s: None)
    assert signed_in() is None
