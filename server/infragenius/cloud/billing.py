"""The billing provider's webhook (Stripe-style) and the running bill.

``Stripe-Signature: t=<unix time>,v1=<hex>``: HMAC-SHA256 of ``"{t}.{body}"`` with
``BILLING_WEBHOOK_SECRET``, checked by the ``stripe`` package's own verifier with a 5-minute tolerance.
``checkout.session.completed`` and ``customer.subscription.updated`` carry ``metadata.org`` (the
organisation's name), ``metadata.tier`` and ``metadata.seats``: the organisation gets that tier and
those seats from now on (its license follows: ``GET /v1/license``). ``customer.subscription.deleted``
returns it to Community at the period's end (``current_period_end``). Each event id is applied once:
the provider delivers again when unsure, and a replayed delivery changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Analysis, BillingEvent, Organisation, now

log = logging.getLogger("infragenius.cloud.billing")
TOLERANCE_S = 300
PAID_TIERS = ("professional", "enterprise", "payg")
MAX_SEATS = 100_000
SUBSCRIBED = ("checkout.session.completed", "customer.subscription.updated")
CANCELLED = "customer.subscription.deleted"


class BadEvent(Exception):
    """Refused with 400: the signature is missing, wrong or too old, or the body is not an event."""


def verify(body: bytes, header: str | None, secret: str) -> dict:
    """The event, once its signature is checked (BadEvent otherwise)."""
    from stripe import SignatureVerificationError, WebhookSignature

    try:
        WebhookSignature.verify_header(body, header, secret, tolerance=TOLERANCE_S)
        event = json.loads(body)
    except (SignatureVerificationError, UnicodeDecodeError, ValueError):
        raise BadEvent("invalid or expired Stripe-Signature") from None
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        raise BadEvent("not a billing event (an id and a type are needed)")
    return event


def apply(session: Session, event: dict) -> str:
    """Apply a verified event once; returns what was done (for the response and the log)."""
    try:
        with session.begin_nested():
            session.add(BillingEvent(id=event["id"][:255], kind=event["type"][:100]))
    except IntegrityError:
        return "already applied"
    if event["type"] not in (*SUBSCRIBED, CANCELLED):
        return "ignored (event type not used)"
    subject = (event.get("data") or {}).get("object") or {}
    metadata = subject.get("metadata") or {}
    org = session.scalar(select(Organisation).where(Organisation.name == str(metadata.get("org", ""))))
    if org is None:
        log.warning("billing event %s names no known organisation; ignored", event["id"][:80])
        return "ignored (no such organisation)"
    session.get_one(BillingEvent, event["id"][:255]).organisation_id = org.id
    if event["type"] == CANCELLED:
        return _cancel(org, subject)
    return _subscribe(org, metadata)


def _subscribe(org: Organisation, metadata: dict) -> str:
    tier, seats = metadata.get("tier"), _seats(metadata.get("seats"))
    if tier not in PAID_TIERS or seats is None:
        log.warning("billing event for %s has no valid tier and seats; ignored", org.id)
        return "ignored (metadata.tier or metadata.seats invalid)"
    org.tier, org.seats, org.tier_expires_at = tier, seats, None
    return f"{tier} with {seats} seats"


def _cancel(org: Organisation, subject: dict) -> str:
    ends = subject.get("current_period_end")
    at = dt.datetime.fromtimestamp(ends, dt.UTC) if isinstance(ends, int) and not isinstance(ends, bool) else now()
    org.tier_expires_at = at
    return f"community from {at.isoformat(timespec='seconds')}"


def _seats(value: object) -> int | None:
    try:
        seats = int(str(value))
    except ValueError:
        return None
    return seats if 0 < seats <= MAX_SEATS else None


def running_bill(session: Session, org_id: str, price_cents: int) -> dict:
    """This calendar month's pay-per-use bill so far: analyses charged and their total."""
    from sqlalchemy import func

    start = now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    count, cents = session.execute(
        select(func.count(), func.coalesce(func.sum(Analysis.cost_cents), 0)).where(
            Analysis.organisation_id == org_id,
            Analysis.created_at >= start,
            Analysis.status == "done",
            Analysis.cost_cents > 0,
        )
    ).one()
    return {
        "period_start": start.date().isoformat(),
        "analyses": count,
        "price_per_analysis_usd": price_cents / 100,
        "amount_cents": int(cents),
        "amount_usd": round(int(cents) / 100, 2),
    }
