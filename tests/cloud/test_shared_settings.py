"""Shared settings (issue 22): ``GET``/``PUT /v1/policy`` and ``GET``/``PUT /v1/baselines``, on SQLite and
PostgreSQL. The attacker's cases first: another organisation's key, a member's key, a tier below
Professional, oversized and malformed bodies."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.postgresql

POLICY = {"ignore": ["DF012"], "severity": {"GA001": "error"}, "per-file-ignores": {"legacy/**": ["K8001"]}}
BASELINE = {
    "tool": "infragenius",
    "format": 1,
    "fingerprints": "v1",
    "findings": [{"filename": "Dockerfile", "code": "DF001", "message": "m", "context": "c1", "line": "l1"}],
}
REPO = {"repository": "acme/infra"}


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def team(cloud, tier: str = "professional", org: str = "acme") -> tuple[str, str]:
    """The owner's key and a member's key of one organisation."""
    return cloud.account(tier, org=org), cloud.account(tier, org=org)


def test_another_organisations_key_neither_reads_nor_overwrites(cloud):
    owner, _ = team(cloud)
    assert cloud.client.put("/v1/policy", json=POLICY, headers=auth(owner)).status_code == 200
    assert cloud.client.put("/v1/baselines", params=REPO, json=BASELINE, headers=auth(owner)).status_code == 200
    stranger = cloud.account("professional", org="evil")
    assert cloud.client.get("/v1/policy", headers=auth(stranger)).json() == {"policy": {}}
    assert cloud.client.get("/v1/baselines", params=REPO, headers=auth(stranger)).status_code == 404
    other = dict(BASELINE, findings=[])
    assert cloud.client.put("/v1/baselines", params=REPO, json=other, headers=auth(stranger)).status_code == 200
    assert cloud.client.put("/v1/policy", json={"ignore": ["ALL"]}, headers=auth(stranger)).status_code == 200
    assert cloud.client.get("/v1/baselines", params=REPO, headers=auth(owner)).json() == BASELINE
    assert cloud.client.get("/v1/policy", headers=auth(owner)).json() == {"policy": POLICY}


def test_a_member_reads_but_may_not_write(cloud):
    owner, member = team(cloud)
    cloud.client.put("/v1/policy", json=POLICY, headers=auth(owner))
    cloud.client.put("/v1/baselines", params=REPO, json=BASELINE, headers=auth(owner))
    refused = cloud.client.put("/v1/policy", json={"ignore": []}, headers=auth(member))
    assert (refused.status_code, refused.json()) == (
        403,
        {"error": "only the organisation's owner or an admin may change shared settings"},
    )
    assert cloud.client.put("/v1/baselines", params=REPO, json=BASELINE, headers=auth(member)).status_code == 403
    assert cloud.client.get("/v1/policy", headers=auth(member)).json() == {"policy": POLICY}
    assert cloud.client.get("/v1/baselines", params=REPO, headers=auth(member)).json() == BASELINE


@pytest.mark.parametrize("tier", ["community", "payg"])
def test_below_professional_is_refused(cloud, tier):
    owner, _ = team(cloud, tier)
    for response in (
        cloud.client.get("/v1/policy", headers=auth(owner)),
        cloud.client.put("/v1/policy", json=POLICY, headers=auth(owner)),
        cloud.client.get("/v1/baselines", params=REPO, headers=auth(owner)),
        cloud.client.put("/v1/baselines", params=REPO, json=BASELINE, headers=auth(owner)),
    ):
        assert (response.status_code, response.json()) == (
            403,
            {"error": "shared settings are a Professional feature (see /pricing)"},
        )
    assert cloud.client.get("/v1/policy").status_code == 401
    assert cloud.client.get("/v1/policy", headers=auth("ig_not_a_key")).status_code == 401


def test_oversized_bodies_are_refused(cloud):
    owner, _ = team(cloud)
    entry = BASELINE["findings"][0]
    huge = dict(BASELINE, findings=[entry] * (cloud.settings.max_baseline_bytes // 60))
    response = cloud.client.put("/v1/baselines", params=REPO, content=json.dumps(huge), headers=auth(owner))
    assert response.status_code == 413
    chunked = cloud.client.put(
        "/v1/baselines", params=REPO, content=iter([json.dumps(huge).encode()]), headers=auth(owner)
    )  # no Content-Length: refused while reading
    assert chunked.status_code == 413
    big_policy = {"ignore": ["DF001"] * cloud.settings.max_request_bytes}
    assert cloud.client.put("/v1/policy", json=big_policy, headers=auth(owner)).status_code == 413
    assert cloud.client.get("/v1/baselines", params=REPO, headers=auth(owner)).status_code == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "the body is not JSON"),
        (b"[1]" * 1, "the policy must be a JSON object"),
        (b'{"select": ["DF001"]}', "policy: unknown or unshared key(s) 'select'; shared: "),
        (b'{"ai": {"enabled": true}}', "policy: unknown or unshared key(s) 'ai'; shared: "),
        (
            b'{"severity": {"DF001": "loud"}}',
            "policy: severity: Value error, unknown severity 'loud' (use error, warning, information or hint)",
        ),
        (b'{"ignore": "DF001"}', "policy: ignore: Input should be a valid list"),
        (b'{"per-file-ignores": {"a/**": [1]}}', "policy: per-file-ignores.a/**.0: Input should be a valid string"),
        (b"[" * 100_000 + b"]" * 100_000, "the body is not JSON"),
    ],
)
def test_a_malformed_policy_is_refused_and_changes_nothing(cloud, body, message):
    owner, _ = team(cloud)
    cloud.client.put("/v1/policy", json=POLICY, headers=auth(owner))
    cloud.settings.max_request_bytes = 1 << 20
    response = cloud.client.put("/v1/policy", content=body, headers=auth(owner))
    assert response.status_code == 422
    assert response.json()["error"].startswith(message)
    assert cloud.client.get("/v1/policy", headers=auth(owner)).json() == {"policy": POLICY}


@pytest.mark.parametrize(
    ("params", "body", "message"),
    [
        ({}, BASELINE, "repository must be OWNER/NAME"),
        ({"repository": "../etc"}, BASELINE, "repository must be OWNER/NAME"),
        (REPO, {"tool": "other"}, "baseline: not an infragenius baseline"),
        (REPO, dict(BASELINE, fingerprints="v0"), "baseline: a baseline of another infragenius version"),
        (REPO, dict(BASELINE, findings=[{"code": "DF001"}]), "baseline: a baseline entry lacks filename"),
        (REPO, dict(BASELINE, findings="x"), "baseline: a baseline entry lacks filename"),
        (REPO, dict(BASELINE, findings=[dict(BASELINE["findings"][0], line=7)]), "baseline: a baseline entry's"),
    ],
)
def test_a_malformed_baseline_is_refused(cloud, params, body, message):
    owner, _ = team(cloud)
    response = cloud.client.put("/v1/baselines", params=params, json=body, headers=auth(owner))
    assert response.status_code == 422
    assert response.json()["error"].startswith(message)
    assert cloud.client.get("/v1/baselines", params=REPO, headers=auth(owner)).status_code == 404


def test_the_owner_sets_the_policy_and_keeps_the_operators_keys(cloud):
    owner, member = team(cloud, "enterprise", org="corp")
    from sqlalchemy import select

    from infragenius.cloud.models import Organisation

    with cloud.database.session() as session:
        session.scalar(select(Organisation).where(Organisation.name == "corp")).policy = {"ai": {"context": "none"}}
    snake = {"ignore": ["DF012"], "per_file_ignores": {"legacy/**": ["K8001"]}, "severity": {"GA001": "error"}}
    response = cloud.client.put("/v1/policy", json=snake, headers=auth(owner))
    assert response.json() == {"policy": {"ai": {"context": "none"}, **POLICY}}
    cloud.client.put("/v1/policy", json={"ignore": ["DF001"]}, headers=auth(owner))
    assert cloud.client.get("/v1/policy", headers=auth(member)).json() == {
        "policy": {"ai": {"context": "none"}, "ignore": ["DF001"]}
    }


def test_the_owner_stores_and_replaces_a_repositorys_baseline(cloud):
    owner, member = team(cloud)
    stored = cloud.client.put("/v1/baselines", params=REPO, json=BASELINE, headers=auth(owner))
    assert stored.json() == {"repository": "acme/infra", "findings": 1}
    replaced = dict(BASELINE, findings=[])
    assert cloud.client.put("/v1/baselines", params=REPO, json=replaced, headers=auth(owner)).json()["findings"] == 0
    assert cloud.client.get("/v1/baselines", params=REPO, headers=auth(member)).json() == replaced
    other = cloud.client.get("/v1/baselines", params={"repository": "acme/other"}, headers=auth(member))
    assert (other.status_code, other.json()) == (404, {"error": "no shared baseline for this repository"})
    assert cloud.scalar("SELECT count(*) FROM shared_baselines") == 1
