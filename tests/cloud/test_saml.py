"""Enterprise SAML 2.0 sign-in (issue 21), against a local identity provider fixture: a device code is
approved by the provider's signed Response, for the Enterprise organisation whose verified domain the
address is at. Attacker's tests first: a forged signature, a replayed or redirected Response, an expired
one, an unverified domain."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("onelogin.saml2", reason="python3-saml is not installed")

from infragenius.cloud import accounts

from .conftest import paid_settings, running_cloud
from .saml_idp import ENTITY_ID, SSO_URL, IdentityProvider

BASE = "http://testserver"
GRANT = "urn:ietf:params:oauth:grant-type:device_code"


@pytest.fixture
def idp() -> IdentityProvider:
    return IdentityProvider.new()


@pytest.fixture
def sso_cloud(database_url, signing_key, idp, tmp_path):
    settings = {
        **paid_settings(signing_key),
        "saml_idp_entity_id": ENTITY_ID,
        "saml_idp_sso_url": SSO_URL,
        "saml_idp_cert_file": str(idp.write_cert(tmp_path)),
    }
    with running_cloud(database_url, **settings) as cloud:
        cloud.account("enterprise", org="acme", email="owner@acme.example")
        with cloud.database.session() as session:
            accounts.set_sso_domain(session, "acme", "Acme.example")
        yield cloud


def _code(cloud) -> dict:
    return cloud.client.post("/v1/auth/device").json()


def _to_provider(cloud, user_code: str) -> str:
    """The redirect to the provider for this code; returns the AuthnRequest's ID."""
    sent = cloud.client.get("/v1/auth/saml/login", params={"code": user_code}, follow_redirects=False)
    assert sent.status_code == 303
    return IdentityProvider.request_id(sent.headers["location"])


def _post(cloud, saml_response: str, user_code: str):
    return cloud.client.post("/v1/auth/saml/acs", data={"SAMLResponse": saml_response, "RelayState": user_code})


def _poll(cloud, device_code: str):
    return cloud.client.post("/v1/auth/token", data={"grant_type": GRANT, "device_code": device_code})


# -- the attacker's tests -----------------------------------------------------------------------------------
def test_a_response_signed_by_another_key_is_refused(sso_cloud, idp) -> None:
    codes = _code(sso_cloud)
    request_id = _to_provider(sso_cloud, codes["user_code"])
    forged = idp.response(BASE, request_id, "owner@acme.example", signer=IdentityProvider.new())
    refused = _post(sso_cloud, forged, codes["user_code"])
    assert refused.status_code == 401 and "Signature validation failed" in refused.text
    assert _poll(sso_cloud, codes["device_code"]).json()["error"] == "authorization_pending"


def test_a_response_approves_its_own_code_once_and_no_other(sso_cloud, idp) -> None:
    mine, theirs = _code(sso_cloud), _code(sso_cloud)
    request_id = _to_provider(sso_cloud, mine["user_code"])
    _to_provider(sso_cloud, theirs["user_code"])  # the attacker's code waits on a request of its own
    answer = idp.response(BASE, request_id, "owner@acme.example")
    redirected = _post(sso_cloud, answer, theirs["user_code"])  # RelayState is not signed: swapped
    assert redirected.status_code == 401 and "does not match the ID of the AuthNRequest" in redirected.text
    assert _poll(sso_cloud, theirs["device_code"]).json()["error"] == "authorization_pending"
    assert _post(sso_cloud, answer, mine["user_code"]).status_code == 200
    replayed = _post(sso_cloud, answer, mine["user_code"])
    assert replayed.status_code == 401 and "unknown or expired code" in replayed.text
    assert _poll(sso_cloud, mine["device_code"]).status_code == 200


def test_an_expired_response_and_an_unverified_domain_are_refused(sso_cloud, idp) -> None:
    codes = _code(sso_cloud)
    old = idp.response(
        BASE, _to_provider(sso_cloud, codes["user_code"]), "owner@acme.example", valid_for=dt.timedelta(minutes=-3)
    )
    expired = _post(sso_cloud, old, codes["user_code"])
    assert expired.status_code == 401 and "the SSO response is not valid" in expired.text
    codes = _code(sso_cloud)
    other = idp.response(BASE, _to_provider(sso_cloud, codes["user_code"]), "eve@evil.example")
    refused = _post(sso_cloud, other, codes["user_code"])
    assert (
        refused.status_code == 401 and "no Enterprise organisation has verified the domain evil.example" in refused.text
    )


def test_a_code_that_did_not_go_to_the_provider_cannot_be_approved(sso_cloud, idp) -> None:
    codes = _code(sso_cloud)
    answer = idp.response(BASE, "_made_up", "owner@acme.example")
    refused = _post(sso_cloud, answer, codes["user_code"])
    assert refused.status_code == 401 and "this code did not start an SSO sign-in" in refused.text


# -- the contract --------------------------------------------------------------------------------------------
def test_sso_signs_in_a_new_member_of_the_domains_organisation(sso_cloud, idp) -> None:
    codes = _code(sso_cloud)
    request_id = _to_provider(sso_cloud, codes["user_code"])
    done = _post(sso_cloud, idp.response(BASE, request_id, "New.Dev@acme.example"), codes["user_code"])
    assert done.status_code == 200 and "new.dev@acme.example is signed in" in done.text, done.text
    key = _poll(sso_cloud, codes["device_code"]).json()
    assert (key["email"], key["organisation"], key["tier"]) == ("new.dev@acme.example", "acme", "enterprise")
    listed = sso_cloud.client.get("/v1/members", headers={"Authorization": f"Bearer {key['api_key']}"}).json()
    assert {"email": "new.dev@acme.example", "role": "member"} in listed["members"]


def test_without_saml_settings_the_service_says_so(database_url, signing_key) -> None:
    with running_cloud(database_url, **paid_settings(signing_key)) as cloud:
        codes = _code(cloud)
        refused = cloud.client.get("/v1/auth/saml/login", params={"code": codes["user_code"]}, follow_redirects=False)
        assert refused.status_code == 400 and "SAML sign-in is not configured on this server" in refused.text
