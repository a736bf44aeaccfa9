"""Licenses from the service (issue 21): POST /v1/licenses/trial (14-day Professional, once per
organisation), GET /v1/license, signed with LICENSE_PRIVATE_KEY_FILE / LICENSE_KEY_ID and verified by the
client; `infragenius license trial|refresh` against a live service. Attacker's tests first."""

from __future__ import annotations

import datetime as dt
import threading
import time

import jwt

from infragenius.cli import main
from infragenius.cloud.models import Organisation
from infragenius.tiers import store
from infragenius.tiers.entitlements import Tier
from infragenius.tiers.license import verify

from .conftest import live_cloud, running_cloud


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _trial(cloud, key: str):
    return cloud.client.post("/v1/licenses/trial", headers=_auth(key))


def _org(cloud, name: str, **values) -> None:
    with cloud.database.session() as session:
        org = session.query(Organisation).filter_by(name=name).one()
        for field, value in values.items():
            setattr(org, field, value)


# -- the attacker's tests -----------------------------------------------------------------------------------
def test_the_trial_is_once_per_organisation_even_when_raced(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(_trial(paid_cloud, owner).status_code)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [200, 409, 409, 409]
    again = _trial(paid_cloud, owner)
    assert (again.status_code, again.json()) == (
        409,
        {"error": "this organisation has already had its trial; upgrade at /pricing"},
    )


def test_a_member_cannot_start_the_trial_and_no_key_gets_nothing(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    member = paid_cloud.account("community", org="acme", email="dev@acme.example")
    assert _trial(paid_cloud, member).status_code == 403
    assert paid_cloud.client.post("/v1/licenses/trial").status_code == 401
    assert paid_cloud.client.get("/v1/license").status_code == 401
    assert _trial(paid_cloud, owner).status_code == 200  # the member's refusal used nothing up


def test_a_license_names_the_callers_own_organisation_only(paid_cloud) -> None:
    mine = paid_cloud.account("professional", org="acme", email="owner@acme.example")
    theirs = paid_cloud.account("enterprise", org="other", email="owner@other.example")
    _org(paid_cloud, "acme", seats=3)
    _org(paid_cloud, "other", seats=50)
    got = {k: verify(paid_cloud.client.get("/v1/license", headers=_auth(k)).json()["license"]) for k in (mine, theirs)}
    assert (got[mine].tier, got[mine].license.org, got[mine].license.seats) == (Tier.PROFESSIONAL, "acme", 3)
    assert (got[theirs].tier, got[theirs].license.org) == (Tier.ENTERPRISE, "other")


def test_an_ended_trial_licenses_nothing_and_loses_hosted_ai(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    assert _trial(paid_cloud, owner).status_code == 200
    assert paid_cloud.analyse(owner).status_code == 200  # Professional while the trial runs
    _org(paid_cloud, "acme", tier_expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    gone = paid_cloud.client.get("/v1/license", headers=_auth(owner))
    assert (gone.status_code, gone.json()) == (
        404,
        {"error": "Community needs no license; start a trial or upgrade (see /pricing)"},
    )
    assert paid_cloud.analyse(owner).status_code == 403


def test_a_license_from_a_key_the_client_does_not_trust_is_not_activated(
    database_url, signing_key, tmp_path, capsys
) -> None:
    """A service (or a man in the middle) signing with another key: `license refresh` stores nothing."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    rogue = tmp_path / "rogue.pem"
    rogue.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with live_cloud(database_url, signing_key, license_private_key_file=str(rogue)) as (base, cloud):
        key = cloud.account("professional", org="acme", email="owner@acme.example")
        assert main(["login", "--url", base, "--key", key]) == 2
    err = capsys.readouterr().err
    assert (
        "infragenius: error: the service's license was not accepted: the license signature does not match "
        "(the token was altered); nothing was stored"
    ) in err
    assert store.read_secret(store.LICENSE_FILE) is None


def test_without_a_signing_key_the_service_says_so(database_url, signing_key) -> None:
    with running_cloud(database_url, license_private_key_file=None) as cloud:
        owner = cloud.account("community", org="acme", email="owner@acme.example")
        refused = _trial(cloud, owner)
        assert (refused.status_code, refused.json()) == (
            503,
            {"error": "this service cannot issue licenses (LICENSE_PRIVATE_KEY_FILE is not set)"},
        )
        assert _trial(cloud, owner).status_code == 503  # nothing was used up


# -- the contract --------------------------------------------------------------------------------------------
def test_a_trial_is_fourteen_days_of_professional(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    answer = _trial(paid_cloud, owner).json()
    header = jwt.get_unverified_header(answer["license"])
    state = verify(answer["license"])
    assert header["kid"] == "k-test" and state.problem is None
    lic = state.license
    assert (state.tier, lic.org, lic.subject, lic.seats) == (Tier.PROFESSIONAL, "acme", "owner@acme.example", 5)
    assert abs(lic.expires_at - (time.time() + 14 * 86400)) < 60
    assert answer["tier"] == "professional" and answer["trial"] is True
    assert answer["seats"] == {"used": 1, "total": 5}
    current = paid_cloud.client.get("/v1/license", headers=_auth(owner)).json()
    assert verify(current["license"]).license.expires_at == lic.expires_at


def test_community_has_no_license_to_fetch(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    assert paid_cloud.client.get("/v1/license", headers=_auth(owner)).status_code == 404


def test_license_trial_and_refresh_from_the_command_line(database_url, signing_key, capsys) -> None:
    with live_cloud(database_url, signing_key) as (base, cloud):
        key = cloud.account("community", org="acme", email="owner@acme.example")
        assert main(["login", "--url", base, "--key", key]) == 0
        assert "Community needs no license; start a trial or upgrade (see /pricing)." in capsys.readouterr().out
        assert main(["license", "trial"]) == 0  # the stored key, at the address it came from
        assert "License refreshed: Professional, valid until" in capsys.readouterr().out
        assert main(["license", "trial"]) == 2
        assert "could not start the trial: this organisation has already had its trial" in capsys.readouterr().err
        assert main(["license", "refresh"]) == 0
        capsys.readouterr()
        assert main(["license", "status"]) == 0
    status = capsys.readouterr().out.splitlines()
    assert status[:2] == ["Tier: Professional", "Licensed to: owner@acme.example (acme)"]
    assert "Seats: 1 of 5 used (as of the last `license refresh`)" in status
    assert "Trial: 14 days left" in status


def test_license_status_fetches_a_license_that_has_ended(database_url, signing_key, capsys) -> None:
    """Signed in, with a stored license past its expiry: `license status` fetches the current one first."""
    from infragenius.tiers.license import issue

    with live_cloud(database_url, signing_key) as (base, cloud):
        key = cloud.account("professional", org="acme", email="owner@acme.example")
        assert main(["login", "--url", base, "--key", key]) == 0
        ended = issue(
            signing_key.read_bytes(),
            "k-test",
            subject="owner@acme.example",
            tier="professional",
            days=1,
            now=time.time() - 3 * 86400,
        )
        store.save_secret(store.LICENSE_FILE, ended)
        capsys.readouterr()
        assert main(["license", "status"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("License refreshed: Professional, valid until")
    assert out[1:3] == ["Tier: Professional", "Licensed to: owner@acme.example (acme)"]
    assert verify(store.read_secret(store.LICENSE_FILE)).problem is None
