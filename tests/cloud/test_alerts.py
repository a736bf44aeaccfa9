"""Alerts (issue 22): POST/GET/DELETE /v1/alerts; after an upload with new findings at or above a
target's min_severity, one JSON message to its URL, retried, logged. The attacker's tests come first:
an alert URL must not reach the service's own network (SSRF), not even by re-resolving to it later."""

from __future__ import annotations

import time

import pytest

from infragenius.cloud import alerts
from infragenius.core.findings import Severity

from .conftest import running_cloud, serve
from .reports_helpers import DOCKERFILE, Receiver, auth, sarif, upload

LOOPBACK = {"alerts_allow_http": True, "alerts_allow_private_networks": True, "alert_retry_delays_s": (0.05, 0.05)}


def add_alert(cloud, key: str, url: str, min_severity: str = "warning"):
    return cloud.client.post("/v1/alerts", json={"url": url, "min_severity": min_severity}, headers=auth(key))


# -- SSRF: the default policy (https to public addresses only) -------------------------------------------
@pytest.mark.parametrize(
    "url, message",
    [
        ("http://93.184.215.14/hook", "url must be https:// (this deployment does not send alerts over plain http)"),
        ("https://127.0.0.1/hook", "url must reach a public address (127.0.0.1 is 127.0.0.1)"),
        ("https://localhost:8080/hook", "url must reach a public address (localhost is 127.0.0.1)"),
        (
            "https://169.254.169.254/latest/meta-data/",
            "url must reach a public address (169.254.169.254 is 169.254.169.254)",
        ),
        ("https://10.1.2.3/hook", "url must reach a public address (10.1.2.3 is 10.1.2.3)"),
        ("https://100.64.0.1/hook", "url must reach a public address (100.64.0.1 is 100.64.0.1)"),
        ("https://0.0.0.0/hook", "url must reach a public address (0.0.0.0 is 0.0.0.0)"),
        ("https://[::1]/hook", "url must reach a public address (::1 is ::1)"),
        ("https://[::ffff:127.0.0.1]/hook", "url must reach a public address (::ffff:127.0.0.1 is ::ffff:127.0.0.1)"),
        ("https://[fd00::1]/hook", "url must reach a public address (fd00::1 is fd00::1)"),
        ("https://[2002:7f00:1::1]/hook", "url must reach a public address (2002:7f00:1::1 is 2002:7f00:1::1)"),
        ("https://[64:ff9b::a9fe:a9fe]/", "url must reach a public address (64:ff9b::a9fe:a9fe is 64:ff9b::a9fe:a9fe)"),
        ("https://[::127.0.0.1]/hook", "url must reach a public address (::127.0.0.1 is ::127.0.0.1)"),
        ("https://user:secret@93.184.215.14/hook", "url must not carry a user name or password"),
        ("file:///etc/passwd", "url must be an https:// URL"),
        ("gopher://93.184.215.14:6379/_FLUSHALL", "url must be an https:// URL"),
        ("https://no-such-host.invalid/hook", "cannot resolve no-such-host.invalid"),
    ],
)
def test_an_alert_url_into_the_services_own_network_is_refused(cloud, url, message):
    key = cloud.account()
    response = add_alert(cloud, key, url)
    assert (response.status_code, response.json()) == (422, {"error": message})
    assert cloud.scalar("SELECT COUNT(*) FROM alert_targets") == 0


def test_a_public_https_target_is_accepted(cloud, monkeypatch):
    monkeypatch.setattr(alerts, "resolve", lambda host, port: ["93.184.215.14"])
    key = cloud.account()
    response = add_alert(cloud, key, "https://hooks.example.com/services/T0/B0")
    assert response.status_code == 201
    assert {k: v for k, v in response.json().items() if k != "id"} == {
        "url": "https://hooks.example.com/services/T0/B0",
        "min_severity": "warning",
    }


def test_a_name_that_resolves_inward_at_delivery_is_not_posted_to(sqlite_url):
    """DNS rebinding: public when the target was added, loopback when the alert is sent."""
    receiver = Receiver()
    with serve(receiver.app()) as base, running_cloud(sqlite_url) as cloud:
        port = int(base.rsplit(":", 1)[1])
        addresses = iter([["93.184.215.14"], ["127.0.0.1"], ["127.0.0.1"], ["127.0.0.1"]])
        resolver = lambda host, port: next(addresses)
        policy = alerts.Policy(allow_http=True, allow_private=False)
        url = f"http://hooks.example.com:{port}/hook"
        assert alerts.checked_address(url, policy, resolver) == "93.184.215.14"
        delivery_id = _pending_delivery(cloud)
        status = alerts.deliver(
            cloud.database, alerts.Delivery(delivery_id, url, {"text": "x"}), policy, (0.01,), resolver
        )
        assert status == "failed" and receiver.received == []
        assert cloud.scalar(f"SELECT last_error FROM alert_deliveries WHERE id = {delivery_id}") == "refused by policy"
        assert cloud.scalar(f"SELECT attempts FROM alert_deliveries WHERE id = {delivery_id}") == 1


def test_a_delivery_connects_to_the_checked_address_under_the_urls_host_name(sqlite_url):
    receiver = Receiver()
    with serve(receiver.app()) as base, running_cloud(sqlite_url) as cloud:
        port = int(base.rsplit(":", 1)[1])
        policy = alerts.Policy(allow_http=True, allow_private=True)
        url = f"http://hooks.example.com:{port}/hook"
        delivery = alerts.Delivery(_pending_delivery(cloud), url, {"text": "hello"})
        assert alerts.deliver(cloud.database, delivery, policy, (), lambda host, port: ["127.0.0.1"]) == "delivered"
        ((headers, body),) = receiver.received
        assert headers["host"] == f"hooks.example.com:{port}" and body == {"text": "hello"}


def _pending_delivery(cloud) -> int:
    from infragenius.cloud.models import AlertDelivery

    key = cloud.account()
    report_id = upload(cloud, key, sarif()).json()["id"]
    with cloud.database.session() as session:
        row = AlertDelivery(alert_id="a" * 32, report_id=report_id)
        session.add(row)
        session.flush()
        return row.id


# -- targets ------------------------------------------------------------------------------------------------
@pytest.fixture
def loopback_cloud(database_url):
    with running_cloud(database_url, **LOOPBACK) as cloud:
        yield cloud


def test_add_list_and_delete_a_target(loopback_cloud):
    cloud = loopback_cloud
    key = cloud.account()
    created = add_alert(cloud, key, "http://127.0.0.1:9/hook", "error").json()
    listed = cloud.client.get("/v1/alerts", headers=auth(key)).json()
    assert listed == {"alerts": [created], "deliveries": []}
    assert cloud.client.delete(f"/v1/alerts/{created['id']}", headers=auth(key)).status_code == 204
    assert cloud.client.get("/v1/alerts", headers=auth(key)).json()["alerts"] == []
    assert cloud.client.delete(f"/v1/alerts/{created['id']}", headers=auth(key)).status_code == 404


def test_only_owners_and_admins_manage_targets_of_their_own_organisation(loopback_cloud):
    cloud = loopback_cloud
    owner = cloud.account(org="acme")
    member = cloud.account(org="acme")
    stranger = cloud.account()
    assert add_alert(cloud, member, "http://127.0.0.1:9/hook").status_code == 403
    created = add_alert(cloud, owner, "http://127.0.0.1:9/hook").json()
    assert cloud.client.get("/v1/alerts", headers=auth(member)).json()["alerts"] == [created]
    assert cloud.client.delete(f"/v1/alerts/{created['id']}", headers=auth(member)).status_code == 403
    assert cloud.client.delete(f"/v1/alerts/{created['id']}", headers=auth(stranger)).status_code == 404
    assert cloud.client.get("/v1/alerts", headers=auth(stranger)).json() == {"alerts": [], "deliveries": []}
    assert cloud.client.get("/v1/alerts").status_code == 401


def test_community_has_one_target_professional_any(loopback_cloud):
    cloud = loopback_cloud
    community, professional = cloud.account(tier="community"), cloud.account(tier="professional")
    assert add_alert(cloud, community, "http://127.0.0.1:9/a").status_code == 201
    refused = add_alert(cloud, community, "http://127.0.0.1:9/b")
    assert refused.status_code == 402
    assert (
        refused.json()["error"]
        == "Community organisations have 1 alert target; Professional has no limit (see /pricing)"
    )
    assert [add_alert(cloud, professional, f"http://127.0.0.1:9/{n}").status_code for n in range(3)] == [201] * 3


def test_min_severity_must_be_a_level(loopback_cloud):
    response = add_alert(loopback_cloud, loopback_cloud.account(), "http://127.0.0.1:9/hook", "critical")
    assert response.json() == {"error": "min_severity must be error, warning or information"}


# -- messages -----------------------------------------------------------------------------------------------
NEW_ERROR = [("DF002", 0, Severity.WARNING), ("DF001", 2, Severity.ERROR), ("DF009", 3, Severity.ERROR)]


def settled(cloud, key: str, timeout_s: float = 10.0) -> list[dict]:
    """The delivery log once every delivery has ended (they are sent on threads of their own)."""
    deadline = time.monotonic() + timeout_s
    while True:
        deliveries = cloud.client.get("/v1/alerts", headers=auth(key)).json()["deliveries"]
        if all(d["status"] in ("delivered", "failed") for d in deliveries) or time.monotonic() > deadline:
            return deliveries
        time.sleep(0.05)


def test_new_findings_at_or_above_the_level_alert_once_the_first_upload_none(database_url):
    receiver = Receiver()
    with serve(receiver.app()) as base, running_cloud(database_url, **LOOPBACK) as cloud:
        key = cloud.account()
        add_alert(cloud, key, f"{base}/hook", "error")
        upload(cloud, key, sarif())  # the baseline: nothing
        upload(cloud, key, sarif(findings=[*NEW_ERROR[:2], ("DF003", 3, Severity.INFORMATION)]))  # below the level
        assert settled(cloud, key) == []  # nothing owed: no delivery at all
        upload(cloud, key, sarif(findings=NEW_ERROR))
        upload(cloud, key, sarif(findings=NEW_ERROR))  # nothing new since the previous one
        (logged,) = settled(cloud, key)
        ((headers, message),) = receiver.received
        assert headers["content-type"] == "application/json"
        assert (
            message["text"] == "InfraGenius: 1 new finding (1 error) in acme/infra@main\n• DF009 [error] Dockerfile:4"
        )
        assert message["new"] == [{"rule": "DF009", "level": "error", "file": "Dockerfile", "line": 4}]
        assert (message["repository"], message["ref"], message["commit"]) == ("acme/infra", "main", "abc123")
        assert message["counts"] == {"errors": 2, "warnings": 1, "information": 0}
        assert (logged["status"], logged["attempts"], logged["error"]) == ("delivered", 1, None)


@pytest.mark.parametrize(
    "statuses, outcome",
    [
        ([500, 200], ("delivered", 2, None)),
        ([503, 502, 500], ("failed", 3, "HTTP 500")),
        ([404], ("failed", 1, "HTTP 404")),
    ],
)
def test_deliveries_are_retried_on_server_errors_and_logged(sqlite_url, statuses, outcome):
    receiver = Receiver(statuses)
    with serve(receiver.app()) as base, running_cloud(sqlite_url, **LOOPBACK) as cloud:
        key = cloud.account()
        add_alert(cloud, key, f"{base}/hook")
        upload(cloud, key, sarif())
        upload(cloud, key, sarif("# moved\n" + DOCKERFILE, findings=NEW_ERROR))
        (logged,) = settled(cloud, key)
        assert (logged["status"], logged["attempts"], logged["error"]) == outcome
        assert len(receiver.received) == outcome[1]


def test_an_unreachable_target_is_logged_as_failed(sqlite_url):
    with running_cloud(sqlite_url, **LOOPBACK) as cloud:
        key = cloud.account()
        add_alert(cloud, key, "http://127.0.0.1:9/hook")  # the discard port: nothing listens
        upload(cloud, key, sarif())
        upload(cloud, key, sarif(findings=NEW_ERROR))
        (logged,) = settled(cloud, key)
        assert (logged["status"], logged["attempts"], logged["error"]) == ("failed", 3, "ConnectError")


def test_a_slow_receiver_does_not_hold_the_upload(sqlite_url):
    """Deliveries run on the alert senders' threads: the upload answers before the receiver does."""
    import threading

    release = threading.Event()
    receiver = Receiver()
    app = receiver.app()

    async def slow(scope, receive, send):
        import anyio

        await anyio.to_thread.run_sync(release.wait, 10)
        await app(scope, receive, send)

    with serve(slow) as base, running_cloud(sqlite_url, **LOOPBACK) as cloud:
        key = cloud.account()
        add_alert(cloud, key, f"{base}/hook")
        upload(cloud, key, sarif())
        started = time.monotonic()
        assert upload(cloud, key, sarif(findings=NEW_ERROR)).status_code == 201
        assert time.monotonic() - started < 5 and receiver.received == []
        release.set()
        (logged,) = settled(cloud, key)
        assert logged["status"] == "delivered" and len(receiver.received) == 1


def test_names_in_the_text_cannot_ping_or_link(sqlite_url):
    receiver = Receiver()
    with serve(receiver.app()) as base, running_cloud(sqlite_url, **LOOPBACK) as cloud:
        key = cloud.account()
        add_alert(cloud, key, f"{base}/hook")
        branch = "<!channel>&<evil.example/login|login>"  # git allows all of these in a branch name
        upload(cloud, key, sarif(), ref=branch)
        upload(cloud, key, sarif(findings=NEW_ERROR), ref=branch)
        settled(cloud, key)
        ((_, message),) = receiver.received
        assert message["text"].splitlines()[0] == (
            "InfraGenius: 1 new finding (1 error) in acme/infra@&lt;!channel&gt;&amp;&lt;evil.example/login|login&gt;"
        )
        assert message["ref"] == branch  # the structured field is the name itself


# -- a process that dies with deliveries in hand -----------------------------------------------------------
def test_a_delivery_is_taken_on_by_one_process_only(sqlite_url):
    with running_cloud(sqlite_url) as cloud:
        delivery_id = _pending_delivery(cloud)
        assert [alerts.claim(cloud.database, delivery_id) for _ in range(2)] == [True, False]


def test_deliveries_whose_process_died_are_sent_by_the_next_upload(database_url, monkeypatch):
    import datetime as dt

    from sqlalchemy import text

    monkeypatch.setattr(alerts, "_swept_at", 0.0)
    receiver = Receiver()
    with serve(receiver.app()) as base, running_cloud(database_url, **LOOPBACK) as cloud:
        key = cloud.account()
        add_alert(cloud, key, f"{base}/hook")
        upload(cloud, key, sarif())
        report_id = upload(cloud, key, sarif(findings=NEW_ERROR)).json()["id"]
        assert receiver.wait_for(1) and settled(cloud, key)[0]["status"] == "delivered"
        receiver.received.clear()
        long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)).replace(tzinfo=None)
        just_now = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)).replace(tzinfo=None)
        alert_id = cloud.client.get("/v1/alerts", headers=auth(key)).json()["alerts"][0]["id"]
        rows = [  # never taken on; taken on by a process gone long ago; taken on by one still at it
            ("pending", long_ago, None, "orphan"),
            ("sending", long_ago, long_ago, "abandoned"),
            ("sending", long_ago, just_now, "in hand"),
        ]
        with cloud.database.engine.begin() as conn:
            for status, at, claimed, text_ in rows:
                conn.execute(
                    text(
                        "INSERT INTO alert_deliveries (alert_id, report_id, status, attempts, at, claimed_at, body) "
                        "VALUES (:a, :r, :s, 0, :at, :c, :b)"
                    ),
                    {"a": alert_id, "r": report_id, "s": status, "at": at, "c": claimed, "b": f'{{"text": "{text_}"}}'},
                )
        monkeypatch.setattr(alerts, "_swept_at", 0.0)  # this process swept a minute ago: not since
        upload(cloud, key, sarif(), repository="acme/other")  # any upload, in any process, sweeps
        settled_texts = sorted(body["text"] for body in receiver.wait_for(2))
        assert settled_texts == ["abandoned", "orphan"]
        assert receiver.wait_for(3, timeout_s=0.5) and len(receiver.received) == 2  # "in hand" is left alone
        statuses = sorted(d["status"] for d in cloud.client.get("/v1/alerts", headers=auth(key)).json()["deliveries"])
        assert statuses == ["delivered", "delivered", "delivered", "sending"]
