"""Enterprise OIDC sign-in: an ID token signed by the issuer (JWKS served by a local HTTP server) is
exchanged for an API key; anything not validating is a 401."""

from __future__ import annotations

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from .conftest import running_cloud

CLIENT_ID = "infragenius-cloud"


@pytest.fixture
def issuer(httpserver):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="k1", use="sig", alg="RS256")
    url = httpserver.url_for("/realm")
    httpserver.expect_request("/realm/.well-known/openid-configuration").respond_with_json(
        {"issuer": url, "jwks_uri": httpserver.url_for("/realm/jwks")}
    )
    httpserver.expect_request("/realm/jwks").respond_with_json({"keys": [jwk]})

    def token(signing_key=key, **claims) -> str:
        now = int(time.time())
        body = {
            "iss": url,
            "aud": CLIENT_ID,
            "sub": "u-1",
            "iat": now,
            "exp": now + 300,
            "email": "ops@corp.example",
            "email_verified": True,
        }
        body.update(claims)
        return jwt.encode(
            {k: v for k, v in body.items() if v is not None}, signing_key, algorithm="RS256", headers={"kid": "k1"}
        )

    token.url = url
    return token


def test_oidc_login_gives_enterprise_members_a_key(issuer, sqlite_url):
    with running_cloud(sqlite_url, oidc_issuer=issuer.url, oidc_client_id=CLIENT_ID) as cloud:
        cloud.account("enterprise", org="corp", email="ops@corp.example")
        cloud.account("professional", org="small", email="dev@small.example")
        response = cloud.client.post("/v1/auth/oidc", data={"id_token": issuer()})
        assert response.status_code == 200
        key = response.json()["api_key"]
        assert cloud.analyse(key).status_code == 200

        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        refused = {
            "forged signature": issuer(signing_key=other),
            "wrong audience": issuer(aud="someone-else"),
            "wrong issuer": issuer(iss="https://evil.example"),
            "expired": issuer(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200),
            "no exp": issuer(exp=None),
            "unverified email": issuer(email_verified=False),
            "not enterprise": issuer(email="dev@small.example"),
            "unknown person": issuer(email="nobody@corp.example"),
            "garbage": "not.a.jwt",
        }
        for why, token in refused.items():
            response = cloud.client.post("/v1/auth/oidc", data={"id_token": token})
            assert response.status_code == 401, why
        assert cloud.scalar("SELECT count(*) FROM api_keys") == 3  # two from the fixtures, one from the login


def test_oidc_not_configured_is_401(sqlite_url):
    with running_cloud(sqlite_url) as cloud:
        response = cloud.client.post("/v1/auth/oidc", data={"id_token": "x"})
        assert (response.status_code, response.json()) == (
            401,
            {"error": "OIDC sign-in is not configured on this server"},
        )


@pytest.mark.parametrize(
    "verified", [None, "false", "true", 1, "yes"], ids=["missing", "string-false", "string-true", "one", "yes"]
)
def test_oidc_requires_email_verified_to_be_boolean_true(issuer, sqlite_url, verified):
    with running_cloud(sqlite_url, oidc_issuer=issuer.url, oidc_client_id=CLIENT_ID) as cloud:
        cloud.account("enterprise", org="corp", email="ops@corp.example")
        response = cloud.client.post("/v1/auth/oidc", data={"id_token": issuer(email_verified=verified)})
        assert (response.status_code, response.json()) == (401, {"error": "the ID token carries no verified email"})
        assert cloud.scalar("SELECT count(*) FROM api_keys") == 1


def test_a_sign_in_key_expires_and_the_next_sign_in_replaces_it(issuer, sqlite_url):
    with running_cloud(sqlite_url, oidc_issuer=issuer.url, oidc_client_id=CLIENT_ID, login_key_ttl_days=30) as cloud:
        admin_key = cloud.account("enterprise", org="corp", email="ops@corp.example")
        first = cloud.client.post("/v1/auth/oidc", data={"id_token": issuer()}).json()["api_key"]
        expires = cloud.scalar("SELECT expires_at FROM api_keys WHERE origin = 'login'")
        created = cloud.scalar("SELECT created_at FROM api_keys WHERE origin = 'login'")
        assert str(expires)[:10] == str(_plus_days(created, 30))[:10]

        second = cloud.client.post("/v1/auth/oidc", data={"id_token": issuer()}).json()["api_key"]
        assert cloud.analyse(first).status_code == 401  # replaced by the second sign-in
        assert cloud.analyse(second).status_code == 200
        assert cloud.analyse(admin_key).status_code == 200  # keys an admin made are not sign-ins
        assert cloud.scalar("SELECT count(*) FROM api_keys WHERE revoked_at IS NULL") == 2

        from sqlalchemy import text

        with cloud.database.engine.begin() as conn:  # thirty days later
            conn.execute(
                text("UPDATE api_keys SET expires_at = :t WHERE origin = 'login'"), {"t": "2000-01-01 00:00:00"}
            )
        assert cloud.analyse(second).status_code == 401
        assert cloud.usage(second).status_code == 401


def _plus_days(moment, days):
    import datetime as dt

    return dt.datetime.fromisoformat(str(moment)) + dt.timedelta(days=days)
