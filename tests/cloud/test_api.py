"""The HTTP API: authentication, tier gating, quotas, rate limits, size limits, malformed input, upstream
failures, metering and idempotency, redaction, usage and authorization. Runs on SQLite and, when a
PostgreSQL server can be started, on PostgreSQL too (see conftest.database_url)."""

from __future__ import annotations

import json

import pytest

from infragenius.cloud import accounts
from infragenius.cloud.upstream import UpstreamError

from .conftest import running_cloud

AWS_KEY = "AKIAQ3EGUZXHXMPLE7Q2"
GITHUB_TOKEN = "ghp_" + "Zx8Qw2Lm4Np6Rt1Vb3Kc5Hd7Jf9Gs0Ya2Ue4"


def table_counts(cloud) -> dict:
    return {t: cloud.scalar(f"SELECT count(*) FROM {t}") for t in ("organisations", "accounts", "api_keys", "analyses")}


# -- authentication --------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nope", "Basic abc", "Bearer igk_0123456789ab_wrong"])
def test_unknown_or_missing_key_is_401(cloud, header):
    cloud.account()
    headers = {"Authorization": header} if header else {}
    response = cloud.client.post("/v1/analyses", json={"messages": [{"role": "user", "content": "x"}]}, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "unknown or revoked API key"}
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert cloud.upstream.calls == 0


def test_revoked_key_is_401(cloud):
    key = cloud.account()
    assert cloud.analyse(key).status_code == 200
    with cloud.database.session() as session:
        assert accounts.revoke_key(session, key.split("_")[1])
    assert cloud.analyse(key).status_code == 401
    assert cloud.usage(key).status_code == 401


# -- tiers, quotas, rate limits --------------------------------------------------------------------------


def test_community_tier_lacks_hosted_ai_403(cloud):
    response = cloud.analyse(cloud.account("community"))
    assert response.status_code == 403
    assert "community tier does not include hosted AI" in response.json()["error"]
    assert cloud.upstream.calls == 0


def test_key_without_the_analyses_scope_is_403(cloud):
    response = cloud.analyse(cloud.account(scopes=["usage"]))
    assert (response.status_code, response.json()["error"]) == (403, "this key is not allowed to run analyses")


def test_exhausted_quota_is_402(database_url):
    with running_cloud(database_url, monthly_quota={"professional": 2}) as cloud:
        key = cloud.account("professional")
        assert [cloud.analyse(key).status_code for _ in range(3)] == [200, 200, 402]
        assert cloud.analyse(key).json() == {"error": "the monthly quota of 2 analyses is used up"}
        assert cloud.upstream.calls == 2
        assert cloud.scalar("SELECT count(*) FROM analyses") == 2


def test_rate_limit_is_429_with_retry_after(database_url):
    with running_cloud(database_url, rate_limit_per_minute=2) as cloud:
        key, other = cloud.account(), cloud.account()
        assert [cloud.analyse(key).status_code for _ in range(2)] == [200, 200]
        refused = cloud.analyse(key)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.json()["error"] == "rate limit of 2 requests per minute reached"
        assert cloud.analyse(other).status_code == 200  # the limit is per key
        assert cloud.upstream.calls == 3


# -- malformed and hostile input -------------------------------------------------------------------------


def test_request_too_large_is_413(cloud):
    key = cloud.account()
    big = "x" * (cloud.settings.max_request_bytes + 1)
    assert cloud.analyse(key, big).status_code == 413

    def chunks():  # no Content-Length: the limit still holds while reading
        for _ in range(cloud.settings.max_request_bytes // 1024 + 2):
            yield b"x" * 1024

    response = cloud.client.post("/v1/analyses", content=chunks(), headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 413
    assert cloud.upstream.calls == 0


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"null",
        b"[]",
        b'{"messages": []}',
        b'{"messages": "hi"}',
        b'{"messages": [{"role": "root", "content": "x"}]}',
        b'{"task": "drop", "messages": [{"role": "user", "content": "x"}]}',
        b'{"messages": [{"role": "user", "content": "x"}]',
        '{"messages": [{"role": "user", "content": "\xff"}]}'.encode("latin-1"),
    ],
)
def test_malformed_requests_are_422(cloud, body):
    key = cloud.account()
    response = cloud.client.post(
        "/v1/analyses", content=body, headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"].startswith("invalid request: ")
    assert cloud.upstream.calls == 0


INJECTIONS = ["' OR '1'='1", "x'; DROP TABLE analyses; --", "1 OR 1=1", '" OR ""="', "%' --", "\\'; SELECT 1; --"]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_sql_injection_looking_input_is_4xx_and_changes_nothing(cloud, evil):
    key = cloud.account()
    assert cloud.analyse(key).status_code == 200
    before = table_counts(cloud)
    prefix = key.split("_")[1]
    for presented in (evil, f"igk_{evil}_{evil}", f"igk_{prefix}_{evil}", f"igk_{evil}"):
        assert cloud.analyse(presented).status_code == 401
        assert cloud.usage(presented).status_code == 401
        assert cloud.client.post("/login", data={"api_key": presented}).status_code == 401
    assert cloud.usage(key, days=evil).status_code == 422
    assert cloud.client.get(f"/v1/usage?days=1;{evil}", headers={"Authorization": f"Bearer {key}"}).status_code == 422
    assert cloud.analyse(key, idem=evil).status_code == 422
    with cloud.database.session() as session:
        with pytest.raises(ValueError, match="invalid email"):
            accounts.create_account(session, f"a{evil}@example.com", "org-x", "professional")
        with pytest.raises(ValueError, match="invalid"):
            accounts.create_key(session, evil)
        with pytest.raises(LookupError):
            accounts.set_tier(session, evil, "enterprise")
        assert accounts.revoke_key(session, evil) is False
    assert table_counts(cloud) == before
    assert cloud.analyse(key).status_code == 200  # the key still works: nothing was revoked or dropped


# -- upstream failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, message",
    [(504, "the upstream model did not answer in time"), (502, "the upstream model failed (HTTP 500)")],
)
def test_upstream_failure_surfaces_and_charges_nothing(database_url, status, message):
    with running_cloud(database_url) as cloud:
        key = cloud.account("payg")
        cloud.upstream.fail = UpstreamError(status, message)
        response = cloud.analyse(key, idem="retry-me")
        assert (response.status_code, response.json()) == (status, {"error": message})
        assert cloud.scalar("SELECT count(*) FROM analyses") == 0
        assert cloud.usage(key).json()["cost_cents"] == 0
        cloud.upstream.fail = None  # the retry with the same key now succeeds, and is charged once
        assert cloud.analyse(key, idem="retry-me").status_code == 200
        assert cloud.usage(key).json()["cost_cents"] == 10


def test_real_upstream_client_maps_timeout_to_504_and_errors_to_502(httpserver):
    """``Upstream`` against a local HTTP server: slow -> 504, HTTP 500 -> 502, garbage -> 502, ok -> Answer."""
    import time

    from werkzeug.wrappers import Response

    from infragenius.cloud.upstream import Upstream

    completion = {
        "model": "m1",
        "choices": [{"message": {"content": "hi"}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2},
    }
    upstream = Upstream(httpserver.url_for("/v1"), "m1", "upstream-secret", timeout_s=0.3)
    try:
        httpserver.expect_oneshot_request("/v1/chat/completions", method="POST").respond_with_json(completion)
        answer = upstream.complete([{"role": "user", "content": "x"}], None)
        assert (answer.content, answer.model, answer.tokens_in, answer.tokens_out) == ("hi", "m1", 5, 2)
        request = httpserver.log[-1][0]
        assert request.headers["Authorization"] == "Bearer upstream-secret"
        assert request.json["messages"] == [{"role": "user", "content": "x"}]

        httpserver.expect_oneshot_request("/v1/chat/completions").respond_with_data("boom", status=500)
        with pytest.raises(UpstreamError, match=r"HTTP 500") as failed:
            upstream.complete([{"role": "user", "content": "x"}], None)
        assert failed.value.status == 502

        httpserver.expect_oneshot_request("/v1/chat/completions").respond_with_data("<html>")
        with pytest.raises(UpstreamError, match="not a chat completion") as garbage:
            upstream.complete([{"role": "user", "content": "x"}], None)
        assert garbage.value.status == 502

        httpserver.expect_oneshot_request("/v1/chat/completions").respond_with_handler(
            lambda _r: (time.sleep(0.6), Response("{}"))[1]
        )
        with pytest.raises(UpstreamError) as slow:
            upstream.complete([{"role": "user", "content": "x"}], None)
        assert slow.value.status == 504
    finally:
        upstream.close()
    unreachable = Upstream("http://127.0.0.1:9/v1", "m", None, timeout_s=0.5)
    with pytest.raises(UpstreamError, match="unreachable") as down:
        unreachable.complete([{"role": "user", "content": "x"}], None)
    assert down.value.status == 502
    unreachable.close()


# -- metering --------------------------------------------------------------------------------------------


def test_payg_is_charged_ten_cents_per_successful_analysis(cloud):
    key = cloud.account("payg")
    first = cloud.analyse(key)
    assert first.status_code == 200
    body = first.json()
    assert body["content"] == "Pin the base image to a digest."
    assert (body["model"], body["tier"]) == ("fake-model", "payg")
    assert body["usage"] == {"tokens_in": 12, "tokens_out": 7, "cost_cents": 10}
    cloud.analyse(key)
    usage = cloud.usage(key).json()
    assert (usage["analyses"], usage["cost_cents"], usage["cost_usd"]) == (2, 20, 0.2)


def test_subscription_tiers_are_not_charged_per_analysis(cloud):
    key = cloud.account("professional")
    assert cloud.analyse(key).json()["usage"]["cost_cents"] == 0
    assert cloud.usage(key).json()["cost_cents"] == 0


def test_idempotent_retry_is_not_charged_twice(cloud):
    key = cloud.account("payg")
    first = cloud.analyse(key, idem="req-42")
    again = cloud.analyse(key, idem="req-42")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()  # the same answer, from the first request's row
    assert cloud.upstream.calls == 1
    assert cloud.usage(key).json()["cost_cents"] == 10
    assert cloud.analyse(key, idem="req-43").status_code == 200
    assert cloud.usage(key).json()["cost_cents"] == 20


def test_an_idempotency_key_never_returns_another_accounts_answer(cloud):
    a = cloud.account("payg", org="shared-org")
    b = cloud.account("payg", org="shared-org")
    first = cloud.analyse(a, "A's private config", idem="same-key")
    second = cloud.analyse(b, "B's config", idem="same-key")
    assert first.json()["id"] != second.json()["id"]
    assert cloud.upstream.calls == 2
    assert cloud.usage(a).json()["cost_cents"] == 20  # one organisation, two analyses


# -- redaction -------------------------------------------------------------------------------------------


def test_upstream_never_sees_secrets_a_client_sent(cloud):
    key = cloud.account()
    text = (
        f"ENV AWS_ACCESS_KEY_ID={AWS_KEY}\nRUN git clone https://{GITHUB_TOKEN}@github.com/o/r\ntoken: {GITHUB_TOKEN}"
    )
    assert cloud.analyse(key, text).status_code == 200
    sent = json.dumps(cloud.upstream.received)
    assert AWS_KEY not in sent and GITHUB_TOKEN not in sent
    assert "REDACTED_CLOUD_AWS_ACCESS_KEY_1" in sent
    # The client's own placeholders pass through untouched (no clash with the client's numbering).
    cloud.analyse(key, "ENV KEY=REDACTED_AWS_ACCESS_KEY_1")
    assert "REDACTED_AWS_ACCESS_KEY_1" in json.dumps(cloud.upstream.received[-1])


# -- usage and authorization -----------------------------------------------------------------------------


def test_usage_by_day_kind_and_cost(cloud):
    import datetime as dt

    key = cloud.account("payg")
    for task in ("explain", "explain", "fix", "review"):
        assert cloud.analyse(key, task=task).status_code == 200
    usage = cloud.usage(key, days=7).json()
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert usage == {
        "days": 7,
        "analyses": 4,
        "cost_cents": 40,
        "cost_usd": 0.4,
        "tokens": 76,
        "by_day": {today: {"analyses": 4, "cost_cents": 40}},
        "by_kind": {"explain": 2, "fix": 1, "review": 1},
        # the running pay-per-use bill of this calendar month (issue 21)
        "bill": {
            "period_start": dt.datetime.now(dt.UTC).date().replace(day=1).isoformat(),
            "analyses": 4,
            "price_per_analysis_usd": 0.1,
            "amount_cents": 40,
            "amount_usd": 0.4,
        },
    }
    assert cloud.usage(key, days=0).json()["days"] == 1  # clamped
    assert cloud.usage(key, days=10_000).json()["days"] == 366


def test_usage_scope_is_required(cloud):
    response = cloud.usage(cloud.account(scopes=["analyses"]))
    assert (response.status_code, response.json()["error"]) == (403, "this key may not read usage")


def test_account_a_can_never_read_b_usage_or_use_b_key(cloud):
    a, b = cloud.account("payg"), cloud.account("payg")
    for _ in range(3):
        cloud.analyse(b)
    assert cloud.usage(b).json()["analyses"] == 3
    with cloud.database.session() as session:
        b_org = session.get(accounts.ApiKey, _key_id(session, b)).account.organisation_id
    # No parameter selects another organisation: A always sees its own (empty) usage.
    for params in ({}, {"organisation_id": b_org}, {"org": b_org}, {"account": "user1@example.com"}):
        assert cloud.usage(a, **params).json()["analyses"] == 0
    # A's secret with B's prefix, and B's secret with A's prefix, are unknown keys.
    a_prefix, a_secret = a.split("_", 2)[1:]
    b_prefix, b_secret = b.split("_", 2)[1:]
    for forged in (f"igk_{b_prefix}_{a_secret}", f"igk_{a_prefix}_{b_secret}"):
        assert cloud.analyse(forged).status_code == 401
        assert cloud.usage(forged).status_code == 401
    assert cloud.usage(b).json()["analyses"] == 3


def _key_id(session, key: str) -> str:
    from sqlalchemy import select

    return session.scalar(select(accounts.ApiKey.id).where(accounts.ApiKey.prefix == key.split("_")[1]))


def test_enterprise_audit_log_holds_metadata_and_no_content(cloud):
    key = cloud.account("enterprise", email="ops@corp.example")
    secret_text = f"my private Dockerfile with {AWS_KEY} and a unique marker 7f3c2a"
    assert cloud.analyse(key, secret_text, task="review").status_code == 200
    cloud.upstream.fail = UpstreamError(504, "the upstream model did not answer in time")
    assert cloud.analyse(key, secret_text).status_code == 504
    from sqlalchemy import select

    from infragenius.cloud.models import AuditEntry

    with cloud.database.session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        rows = [(e.account_email, e.kind, e.status, e.redactions, e.bytes_in) for e in entries]
        dumped = repr([{c.name: getattr(e, c.name) for c in AuditEntry.__table__.columns} for e in entries])
    size = len(secret_text.encode())
    assert rows == [("ops@corp.example", "review", 200, 1, size), ("ops@corp.example", "explain", 504, 1, size)]
    assert "7f3c2a" not in dumped and AWS_KEY not in dumped and "Dockerfile" not in dumped
    # Non-enterprise organisations have no audit trail.
    cloud.upstream.fail = None
    cloud.analyse(cloud.account("professional"))
    assert cloud.scalar("SELECT count(*) FROM audit_log") == 2


def test_usage_page_requires_a_valid_signed_session(cloud):
    key = cloud.account("payg", email="page@example.com")
    cloud.analyse(key)
    assert "name=api_key" in cloud.client.get("/usage").text  # not signed in: the form
    cloud.client.cookies.set("ig_session", "forged.0000")
    assert "name=api_key" in cloud.client.get("/usage").text
    cloud.client.cookies.clear()
    signed_in = cloud.client.post("/login", data={"api_key": key})
    assert signed_in.status_code == 200 and signed_in.url.path == "/usage"
    assert "<b id=analyses>1</b>" in signed_in.text and "page@example.com" in signed_in.text
    assert key not in signed_in.text


def test_usage_page_needs_the_usage_scope_like_the_api(cloud):
    """A key limited to analyses cannot read the organisation's usage through the page either."""
    analyses_only = cloud.account("payg", email="ci@example.com", scopes=["analyses"])
    assert cloud.usage(analyses_only).status_code == 403
    refused = cloud.client.post("/login", data={"api_key": analyses_only})
    assert refused.status_code == 403 and "This key may not read usage." in refused.text
    assert "ig_session" not in cloud.client.cookies and "name=api_key" in cloud.client.get("/usage").text


def test_usage_page_session_ends_when_its_key_is_revoked(cloud):
    from infragenius.cloud import accounts

    key = cloud.account("payg", email="gone@example.com")
    assert "<b id=analyses>0</b>" in cloud.client.post("/login", data={"api_key": key}).text
    with cloud.database.session() as session:
        assert accounts.revoke_key(session, key)
    assert "name=api_key" in cloud.client.get("/usage").text


def test_no_keys_secrets_or_bodies_in_logs(cloud, caplog):
    import logging

    key = cloud.account("enterprise")
    with caplog.at_level(logging.DEBUG):
        cloud.analyse(key, f"body marker 91d2 {AWS_KEY}")
        cloud.analyse(key + "x", "another body marker 91d2")
        cloud.upstream.fail = UpstreamError(502, "the upstream model failed (HTTP 500)")
        cloud.analyse(key, "failing body marker 91d2")
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert key.split("_", 2)[2] not in logged and AWS_KEY not in logged and "91d2" not in logged


def test_a_running_request_id_is_409_and_one_left_by_a_dead_process_is_reclaimed(cloud):
    import datetime as dt

    from sqlalchemy import select, update

    from infragenius.cloud.models import Analysis

    key = cloud.account("payg")
    with cloud.database.session() as session:  # as if another process were running "busy" right now
        from infragenius.cloud import metering

        who = accounts.authenticate(session, key)
        metering.reserve(session, who, "busy", "explain", cloud.settings)
    running = cloud.analyse(key, idem="busy")
    assert (running.status_code, running.headers["Retry-After"]) == (409, "1")
    assert cloud.usage(key).json()["analyses"] == 0  # a reservation is not usage
    with cloud.database.session() as session:  # that process died long ago
        old = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=cloud.settings.upstream_timeout_s + 120)
        session.execute(update(Analysis).values(created_at=old))
    assert cloud.analyse(key, idem="busy").status_code == 200
    with cloud.database.session() as session:
        assert [(r.status, r.cost_cents) for r in session.scalars(select(Analysis))] == [("done", 10)]
