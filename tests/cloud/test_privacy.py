"""GDPR by design (issue 22): the signed-in user's export, erasure of the account, the organisation's
retention period and the purge that enforces it, the deployment's region. Attacker's tests first: an
export never holds another user's data, and an erased user's keys stop working at once."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from sqlalchemy import text

from infragenius.cli import main
from infragenius.cloud import accounts, privacy

from .conftest import running_cloud
from .reports_helpers import auth, sarif, upload


@pytest.fixture
def team(cloud):
    """alice (owner) and bob (member) of acme, mallory of another organisation; each has one analysis and
    one uploaded report."""
    keys = {
        "alice": cloud.account(org="acme", email="alice@acme.example"),
        "bob": cloud.account(org="acme", email="bob@acme.example"),
        "mallory": cloud.account(org="evil", email="mallory@evil.example"),
    }
    for name, key in keys.items():
        assert cloud.analyse(key, f"Explain DL3007 for {name}").status_code == 200
        assert upload(cloud, key, sarif(), repository=f"acme/{name}-repo").status_code == 201
    return keys


def _export(cloud, key: str) -> dict:
    answer = cloud.client.get("/v1/account/export", headers=auth(key))
    assert answer.status_code == 200
    return answer.json()


# -- the attacker's tests ------------------------------------------------------------------------------------
def test_an_export_holds_nobody_elses_data(cloud, team):
    mine = _export(cloud, team["alice"])
    blob = json.dumps(mine)
    for other in ("bob", "mallory"):
        assert other not in blob  # their emails, repositories, prompts
        assert team[other].split("_")[1] not in blob  # their key prefixes
    others = cloud.scalar(
        "SELECT count(*) FROM analyses a JOIN accounts u ON u.id = a.account_id WHERE u.email <> 'alice@acme.example'"
    )
    assert others == 2 and len(mine["analyses"]) == 1 and len(mine["reports"]) == 1
    assert [r["repository"] for r in mine["reports"]] == ["acme/alice-repo"]


def test_an_export_never_holds_a_key_or_its_digest(cloud, team):
    blob = json.dumps(_export(cloud, team["alice"]))
    prefix, secret = team["alice"].split("_", 2)[1:]
    digest = cloud.scalar(f"SELECT digest FROM api_keys WHERE prefix = '{prefix}'")
    assert secret not in blob and digest not in blob and prefix in blob


def test_an_erased_users_keys_stop_working_at_once(cloud, team):
    with cloud.database.session() as session:
        second = accounts.create_key(session, "alice@acme.example", None)
    assert cloud.client.delete("/v1/account", headers=auth(team["alice"])).status_code == 204
    for key in (team["alice"], second):
        assert cloud.usage(key).status_code == 401
        assert cloud.analyse(key).status_code == 401
        assert cloud.client.get("/v1/account/export", headers=auth(key)).status_code == 401
    assert cloud.usage(team["bob"]).status_code == 200  # the rest of the organisation goes on


def test_an_export_and_an_erasure_need_a_key(cloud, team):
    assert cloud.client.get("/v1/account/export").status_code == 401
    assert cloud.client.delete("/v1/account").status_code == 401
    assert cloud.client.delete("/v1/account", headers=auth("igk_000000000000_nope")).status_code == 401


def test_a_key_scoped_to_analyses_may_neither_export_nor_erase(cloud, team):
    with cloud.database.session() as session:
        ci_key = accounts.create_key(session, "alice@acme.example", ["analyses"])
    message = {"error": "this key may not read or erase the account (a CI key, scoped to analyses)"}
    for answer in (
        cloud.client.get("/v1/account/export", headers=auth(ci_key)),
        cloud.client.delete("/v1/account", headers=auth(ci_key)),
    ):
        assert (answer.status_code, answer.json()) == (403, message)
    assert cloud.usage(team["alice"]).status_code == 200  # nothing was erased


# -- what the export holds --------------------------------------------------------------------------------
def test_the_export_describes_the_account(cloud, team):
    mine = _export(cloud, team["alice"])
    assert mine["account"] == {
        "email": "alice@acme.example",
        "role": "owner",
        "organisation": "acme",
        "created_at": mine["account"]["created_at"],
    }
    assert mine["region"] == cloud.settings.region
    (key,) = mine["api_keys"]
    assert set(key) == {"prefix", "scopes", "origin", "created_at", "revoked_at", "expires_at"}
    (analysis,) = mine["analyses"]
    assert analysis["kind"] == "explain" and analysis["content"] == "Pin the base image to a digest."
    (report,) = mine["reports"]
    assert (report["ref"], report["errors"], report["warnings"], report["findings"]) == ("main", 1, 1, 2)
    assert set(mine) == {
        "account",
        "region",
        "api_keys",
        "analyses",
        "reports",
        "device_codes",
        "audit_log",
        "exported_at",
    }


# -- what an erasure leaves -------------------------------------------------------------------------------
def test_erasure_removes_personal_data_and_content_but_keeps_billing_totals(cloud, team):
    before = cloud.usage(team["bob"]).json()
    assert cloud.client.delete("/v1/account", headers=auth(team["alice"])).status_code == 204
    assert cloud.scalar("SELECT count(*) FROM accounts WHERE email = 'alice@acme.example'") == 0
    assert cloud.scalar("SELECT count(*) FROM audit_log WHERE account_email = 'alice@acme.example'") == 0
    assert (
        cloud.scalar(
            "SELECT count(*) FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE a.email LIKE 'erased-%' AND k.digest <> ''"
        )
        == 0
    )
    assert cloud.scalar("SELECT count(*) FROM reports WHERE repository = 'acme/alice-repo'") == 0
    assert (
        cloud.scalar(
            "SELECT count(*) FROM analyses WHERE content <> '' AND account_id IN (SELECT id FROM accounts WHERE email LIKE 'erased-%')"
        )
        == 0
    )
    after = cloud.usage(team["bob"]).json()
    assert after == before  # the organisation's usage (and bill) still counts alice's analysis
    assert cloud.client.delete("/v1/account", headers=auth(team["alice"])).status_code == 401  # once


def test_an_erased_owner_hands_the_organisation_to_the_next_member(cloud, team):
    assert cloud.client.delete("/v1/account", headers=auth(team["alice"])).status_code == 204
    assert cloud.scalar("SELECT role FROM accounts WHERE email = 'bob@acme.example'") == "owner"
    assert cloud.scalar("SELECT role FROM accounts WHERE email = 'mallory@evil.example'") == "owner"  # untouched
    put = cloud.client.put("/v1/organisation/retention", json={"days": 60}, headers=auth(team["bob"]))
    assert put.status_code == 200  # bob manages acme now


# -- retention ------------------------------------------------------------------------------------------------
def _age(cloud, table: str, days: int) -> None:
    with cloud.database.engine.begin() as conn:
        conn.execute(
            text(f"UPDATE {table} SET created_at = :at"), {"at": dt.datetime.now(dt.UTC) - dt.timedelta(days=days)}
        )


def test_retention_defaults_to_90_days_and_owners_set_it(cloud, team):
    assert cloud.client.get("/v1/organisation/retention", headers=auth(team["bob"])).json() == {"days": 90}
    put = cloud.client.put("/v1/organisation/retention", json={"days": 30}, headers=auth(team["bob"]))
    assert put.status_code == 403
    assert (
        cloud.client.put("/v1/organisation/retention", json={"days": 0}, headers=auth(team["alice"])).status_code == 422
    )
    put = cloud.client.put("/v1/organisation/retention", json={"days": 30}, headers=auth(team["alice"]))
    assert (put.status_code, put.json()) == (200, {"days": 30})
    assert cloud.client.get("/v1/organisation/retention", headers=auth(team["mallory"])).json() == {"days": 90}


def test_purge_drops_reports_and_analysis_content_past_each_organisations_retention(cloud, team):
    cloud.client.put("/v1/organisation/retention", json={"days": 30}, headers=auth(team["alice"]))
    _age(cloud, "reports", 45)
    _age(cloud, "analyses", 45)
    with cloud.database.session() as session:
        purged = privacy.purge(session, cloud.settings)
    assert purged == {"reports": 2, "analyses": 2}  # acme's (30 days); evil's are within its 90
    assert cloud.scalar("SELECT count(*) FROM reports") == 1
    assert cloud.scalar("SELECT count(*) FROM analyses") == 3  # usage stays; only the content goes
    assert cloud.scalar("SELECT count(*) FROM analyses WHERE content <> ''") == 1
    with cloud.database.session() as session:
        assert privacy.purge(session, cloud.settings) == {"reports": 0, "analyses": 0}


def test_cloud_admin_purge(tmp_path, monkeypatch, capsys, sqlite_url):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["cloud", "admin", "purge"]) == 0
    assert capsys.readouterr().out == "purged 0 reports and the content of 0 analyses past their retention\n"


def test_region_is_reported(sqlite_url):
    with running_cloud(sqlite_url, region="eu-central-1") as cloud:
        assert cloud.client.get("/healthz").json()["region"] == "eu-central-1"
        key = cloud.account()
        assert _export(cloud, key)["region"] == "eu-central-1"


def test_cloud_serve_region_reaches_every_worker_through_the_environment(sqlite_url, monkeypatch):
    import uvicorn

    served = {}
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("UPSTREAM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("REGION", "before")  # recorded, so the value serve sets is undone after the test
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app))
    assert main(["cloud", "serve", "--region", "eu-north-1"]) == 0
    assert os.environ["REGION"] == "eu-north-1"  # worker processes build their settings from it
    assert served["app"].state.settings.region == "eu-north-1"
