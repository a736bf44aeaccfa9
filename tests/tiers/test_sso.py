"""SSO device flow against a fake OIDC issuer on 127.0.0.1 (pytest-httpserver)."""

from __future__ import annotations

import pytest

from infragenius.tiers.sso import SSOError, sign_in, signed_in

from ..fake_oidc import fake_issuer

CLIENT = "infragenius-cli"


@pytest.fixture
def issuer(httpserver, keys):
    device = {"device_code": "dev-123", "user_code": "ABCD-EFGH", "interval": 1, "expires_in": 60}
    base, id_token = fake_issuer(httpserver, device, {"aud": CLIENT, "sub": "u-42", "email": "jane@acme.example"})
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
