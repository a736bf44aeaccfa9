"""Billing (issue 21): the Stripe-style webhook (signature, 5-minute tolerance, each event id once) sets
the tier and seats and the license follows; cancelling returns to Community at the period's end;
GET /v1/usage shows the running pay-per-use bill ($0.10 per analysis); /pricing. Attacker's tests first."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from pathlib import Path

from infragenius.cloud.models import BillingEvent
from infragenius.tiers.entitlements import Tier
from infragenius.tiers.license import verify

from .conftest import CHECKOUT, WEBHOOK_SECRET

EXPECTED = Path(__file__).parent / "expected"


def _event(kind: str, org: str = "acme", event_id: str = "evt_1", **fields) -> dict:
    metadata = {"org": org, **{k: v for k, v in fields.items() if k in ("tier", "seats")}}
    subject = {
        "object": "subscription",
        "metadata": metadata,
        **{k: v for k, v in fields.items() if k == "current_period_end"},
    }
    return {"id": event_id, "type": kind, "data": {"object": subject}}


def _signed(body: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> dict:
    at = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={at},v1={mac}", "Content-Type": "application/json"}


def _deliver(cloud, event: dict, **signing):
    body = json.dumps(event).encode()
    return cloud.client.post("/v1/billing/webhook", content=body, headers=_signed(body, **signing))


def _license(cloud, key: str):
    return cloud.client.get("/v1/license", headers={"Authorization": f"Bearer {key}"})


# -- the attacker's tests -----------------------------------------------------------------------------------
def test_a_wrong_missing_or_old_signature_is_refused_and_changes_nothing(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    upgrade = _event("checkout.session.completed", tier="enterprise", seats=500)
    body = json.dumps(upgrade).encode()
    refusals = [
        _deliver(paid_cloud, upgrade, secret="whsec_guessed"),
        _deliver(paid_cloud, upgrade, at=int(time.time()) - 301),
        paid_cloud.client.post("/v1/billing/webhook", content=body),
        paid_cloud.client.post(
            "/v1/billing/webhook", content=body + b" ", headers=_signed(body)
        ),  # the body changed after signing
        paid_cloud.client.post("/v1/billing/webhook", content=b"\xff\xfe", headers=_signed(b"\xff\xfe")),
    ]
    assert [(r.status_code, r.json()["error"]) for r in refusals[:4]] == [
        (400, "invalid or expired Stripe-Signature")
    ] * 4
    assert refusals[4].status_code == 400
    assert _license(paid_cloud, owner).status_code == 404  # still Community
    assert paid_cloud.scalar("SELECT count(*) FROM billing_events") == 0


def test_a_replayed_event_is_applied_once(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    assert _deliver(paid_cloud, _event("checkout.session.completed", tier="professional", seats=10)).json() == {
        "received": True,
        "outcome": "professional with 10 seats",
    }
    # the organisation cancels; then the first event is replayed (a retry, or an attacker who kept it)
    cancel = _event("customer.subscription.deleted", event_id="evt_2", current_period_end=int(time.time()) - 5)
    assert _deliver(paid_cloud, cancel).status_code == 200
    replay = _deliver(paid_cloud, _event("checkout.session.completed", tier="professional", seats=10))
    assert replay.json() == {"received": True, "outcome": "already applied"}
    assert _license(paid_cloud, owner).status_code == 404


def test_concurrent_deliveries_of_one_event_apply_it_once(paid_cloud) -> None:
    paid_cloud.account("community", org="acme", email="owner@acme.example")
    outcomes: list[str] = []
    event = _event("checkout.session.completed", tier="professional", seats=10)
    threads = [
        threading.Thread(target=lambda: outcomes.append(_deliver(paid_cloud, event).json()["outcome"]))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["already applied"] * 3 + ["professional with 10 seats"]


def test_events_for_unknown_organisations_or_with_bad_metadata_change_nothing(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    unknown = _deliver(paid_cloud, _event("checkout.session.completed", org="nobody", tier="enterprise", seats=5))
    assert unknown.json()["outcome"] == "ignored (no such organisation)"
    for n, (tier, seats) in enumerate([("platinum", 5), ("enterprise", 0), ("enterprise", "lots"), ("community", 5)]):
        bad = _deliver(
            paid_cloud, _event("customer.subscription.updated", event_id=f"evt_b{n}", tier=tier, seats=seats)
        )
        assert bad.json()["outcome"] == "ignored (metadata.tier or metadata.seats invalid)"
    assert _license(paid_cloud, owner).status_code == 404


# -- the contract --------------------------------------------------------------------------------------------
def test_checkout_sets_tier_and_seats_and_the_license_follows(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    assert _deliver(paid_cloud, _event("checkout.session.completed", tier="professional", seats=12)).status_code == 200
    state = verify(_license(paid_cloud, owner).json()["license"])
    assert (state.tier, state.license.seats, state.license.org) == (Tier.PROFESSIONAL, 12, "acme")
    more = _event("customer.subscription.updated", event_id="evt_2", tier="enterprise", seats=40)
    assert _deliver(paid_cloud, more).json()["outcome"] == "enterprise with 40 seats"
    answer = _license(paid_cloud, owner).json()
    assert (answer["tier"], answer["seats"], answer["trial"]) == ("enterprise", {"used": 1, "total": 40}, False)
    with paid_cloud.database.session() as session:
        assert session.get(BillingEvent, "evt_2").kind == "customer.subscription.updated"


def test_cancelling_returns_to_community_at_the_period_end(paid_cloud) -> None:
    owner = paid_cloud.account("community", org="acme", email="owner@acme.example")
    _deliver(paid_cloud, _event("checkout.session.completed", tier="professional", seats=3))
    period_end = int(time.time()) + 86400
    cancel = _event("customer.subscription.deleted", event_id="evt_2", current_period_end=period_end)
    assert _deliver(paid_cloud, cancel).status_code == 200
    state = verify(_license(paid_cloud, owner).json()["license"])
    assert state.tier == Tier.PROFESSIONAL and state.license.expires_at == period_end  # paid until then


def test_the_running_bill_of_pay_per_use(paid_cloud) -> None:
    payg = paid_cloud.account("payg", org="metered", email="owner@metered.example")
    pro = paid_cloud.account("professional", org="flat", email="owner@flat.example")
    for n in range(3):
        assert paid_cloud.analyse(payg, idem=f"a{n}").status_code == 200
    assert paid_cloud.analyse(pro).status_code == 200
    bill = paid_cloud.usage(payg).json()["bill"]
    start = time.strftime("%Y-%m-01", time.gmtime())
    assert bill == {
        "period_start": start,
        "analyses": 3,
        "price_per_analysis_usd": 0.1,
        "amount_cents": 30,
        "amount_usd": 0.3,
    }
    assert paid_cloud.usage(pro).json()["bill"]["amount_cents"] == 0


def test_the_pricing_page_lists_the_four_tiers_and_links_to_checkout(paid_cloud) -> None:
    page = paid_cloud.client.get("/pricing")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for tier in ("community", "professional", "enterprise", "payg"):
        assert f"id={tier}>" in page.text
    for tier in ("professional", "enterprise", "payg"):
        assert f"href='{CHECKOUT.replace('{tier}', tier)}'" in page.text
    assert (EXPECTED / "pricing_cards.txt").read_text().splitlines() == _card_texts(page.text)


def _card_texts(html: str) -> list[str]:
    """Each card's text, one line each: what the page promises per tier."""
    import re

    cards = re.findall(r"<div class=card id=\w+>(.*?)</div>", html)
    return [re.sub(r"(\s*\|\s*)+", " | ", re.sub(r"<[^>]+>", "|", card)).strip(" |") for card in cards]
