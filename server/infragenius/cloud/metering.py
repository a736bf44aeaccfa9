"""Quotas, rate limits and metering. Everything is in the database so any process can serve any
request. An analysis is reserved (a pending row) when admitted, metered when the upstream answers and
released when it fails: exactly once per successful analysis, one upstream call per request id, and a
quota that concurrent requests cannot overrun."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .accounts import Principal
from .models import Analysis, Organisation, RequestLog, now
from .settings import CloudSettings

AI_TIERS = ("professional", "enterprise", "payg")
PENDING, DONE = "pending", "done"


class Refused(Exception):
    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def admit(session: Session, who: Principal, settings: CloudSettings) -> None:
    """Raise Refused unless this principal may run one more analysis now."""
    if "analyses" not in who.scopes:
        raise Refused(403, "this key is not allowed to run analyses")
    if who.tier not in AI_TIERS:
        raise Refused(
            403, f"the {who.tier} tier does not include hosted AI analyses; upgrade to Professional or pay-per-use"
        )
    quota = settings.monthly_quota.get(who.tier)
    if quota is not None and used_this_month(session, who.organisation_id, settings) >= quota:
        raise Refused(402, f"the monthly quota of {quota} analyses is used up")
    current = now()
    window_start = current - dt.timedelta(minutes=1)
    # Prune this key's old entries only: rows of other organisations are locked by their own admissions
    # (a key keeps at most one window of entries, so nothing grows without bound).
    session.execute(delete(RequestLog).where(RequestLog.api_key_id == who.key_id, RequestLog.at < window_start))
    recent, oldest = session.execute(
        select(func.count(), func.min(RequestLog.at)).where(
            RequestLog.api_key_id == who.key_id, RequestLog.at >= window_start
        )
    ).one()
    if recent >= settings.rate_limit_per_minute:
        # Retry when the oldest request in the window leaves it (whole seconds, at least 1).
        wait = 60 if oldest is None else (_aware(oldest) - window_start).total_seconds()
        raise Refused(
            429,
            f"rate limit of {settings.rate_limit_per_minute} requests per minute reached",
            retry_after=max(1, math.ceil(wait)),
        )
    session.add(RequestLog(api_key_id=who.key_id, at=current))


def reserve(
    session: Session, who: Principal, request_id: str, kind: str, settings: CloudSettings, digest: str | None = None
) -> tuple[Analysis, bool]:
    """Admit one analysis and reserve its row (pending) in one transaction. Returns (row, replay):
    replay is True for a request id that already succeeded with the same request (``digest``): its row,
    nothing new charged. Raises Refused (403 scope/tier, 402 quota, 429 rate, 409 the same request id
    still running, 422 the request id already used for another request)."""
    # One admission per organisation at a time, so that concurrent requests cannot all pass the quota
    # check (PostgreSQL row lock; SQLite's BEGIN IMMEDIATE already serializes writers).
    session.execute(select(Organisation.id).where(Organisation.id == who.organisation_id).with_for_update())
    existing = previous(session, who, request_id)
    if existing is not None and existing.status == DONE and _aware(existing.created_at) < _window_start(settings):
        _forget(existing)  # past the idempotency window: the key is free again
        session.flush()
        existing = None
    if existing is not None:
        if existing.request_digest is not None and digest is not None and existing.request_digest != digest:
            raise Refused(422, "this Idempotency-Key was already used for a different request")
        if existing.status == DONE:
            return existing, True
        if _aware(existing.created_at) > _stale_before(settings):
            raise Refused(409, "a request with this Idempotency-Key is still running", retry_after=1)
        session.delete(existing)  # left behind by a process that died mid-request
        session.flush()
    admit(session, who, settings)
    row = Analysis(
        request_id=_scoped(who, request_id),
        request_digest=digest,
        organisation_id=who.organisation_id,
        account_id=who.account_id,
        api_key_id=who.key_id,
        kind=kind,
        model="",
        status=PENDING,
        created_at=now(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same request id reserved in between (not expected under the lock)
        raise Refused(409, "a request with this Idempotency-Key is still running", retry_after=1) from None
    return row, False


def complete(
    session: Session,
    row_id: str,
    who: Principal,
    *,
    model: str,
    tokens_in: int,
    tokens_out: int,
    latency_ms: int,
    content: str,
    settings: CloudSettings,
) -> Analysis:
    """Meter the reserved analysis: it succeeded, so it counts (and costs, on pay-per-use) once."""
    row = session.get(Analysis, row_id)
    row.status, row.model, row.content = DONE, storable(model)[:200], storable(content)
    row.tokens_in, row.tokens_out, row.latency_ms = tokens_in, tokens_out, latency_ms
    row.cost_cents = settings.price_cents_payg if who.tier == "payg" else 0
    return row


def storable(text: str) -> str:
    """The model's text as the database can hold it: PostgreSQL refuses NUL in text (and the answer
    goes out as it is stored, so the client sees the same text, streamed or replayed)."""
    return text.replace("\x00", "")


def forget_answers(session: Session, settings: CloudSettings, batch: int = 1000) -> int:
    """Drop the text, Idempotency-Key and request digest of answers older than the idempotency window
    (the row stays: it is usage and cost). Rows another process is updating are skipped, not waited
    for (PostgreSQL SKIP LOCKED), so concurrent runs never block each other."""
    expired = (
        select(Analysis.id)
        .where(Analysis.status == DONE, Analysis.request_id.is_not(None), Analysis.created_at < _window_start(settings))
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    result = session.execute(
        update(Analysis)
        .where(Analysis.id.in_(expired.scalar_subquery()))
        .values(content="", request_id=None, request_digest=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def _forget(row: Analysis) -> None:
    row.content, row.request_id, row.request_digest = "", None, None


def _window_start(settings: CloudSettings) -> dt.datetime:
    return now() - dt.timedelta(hours=settings.answer_retention_hours)


def release(session: Session, row_id: str) -> None:
    """The analysis failed: drop its reservation, so nothing is charged or counted."""
    session.execute(delete(Analysis).where(Analysis.id == row_id, Analysis.status == PENDING))


def used_this_month(session: Session, organisation_id: str, settings: CloudSettings) -> int:
    """Analyses this month, counting those running now (a reservation holds its share of the quota)."""
    start = now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    counted = or_(Analysis.status == DONE, Analysis.created_at > _stale_before(settings))
    return (
        session.scalar(
            select(func.count())
            .select_from(Analysis)
            .where(Analysis.organisation_id == organisation_id, Analysis.created_at >= start, counted)
        )
        or 0
    )


def previous(session: Session, who: Principal, request_id: str) -> Analysis | None:
    return session.scalar(select(Analysis).where(Analysis.request_id == _scoped(who, request_id)))


def _stale_before(settings: CloudSettings) -> dt.datetime:
    """A pending row older than this belongs to a request that can no longer be running."""
    return now() - dt.timedelta(seconds=settings.upstream_timeout_s + 60)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment  # SQLite gives naive UTC back


def _scoped(who: Principal, request_id: str) -> str:
    """Idempotency keys belong to the account: another account (even in the same organisation) sending
    the same key gets its own analysis, never someone else's answer."""
    return f"{who.account_id}:{request_id}"


def usage(session: Session, organisation_id: str, days: int) -> dict:
    since = now() - dt.timedelta(days=days)
    rows = session.execute(
        select(Analysis.created_at, Analysis.kind, Analysis.cost_cents, Analysis.tokens_in, Analysis.tokens_out).where(
            Analysis.organisation_id == organisation_id, Analysis.created_at >= since, Analysis.status == DONE
        )
    ).all()
    by_day: dict[str, dict] = defaultdict(lambda: {"analyses": 0, "cost_cents": 0})
    by_kind: dict[str, int] = defaultdict(int)
    total_cost = tokens = 0
    for created, kind, cost, t_in, t_out in rows:
        day = by_day[created.date().isoformat() if hasattr(created, "date") else str(created)[:10]]
        day["analyses"] += 1
        day["cost_cents"] += cost
        by_kind[kind] += 1
        total_cost += cost
        tokens += t_in + t_out
    return {
        "days": days,
        "analyses": len(rows),
        "cost_cents": total_cost,
        "cost_usd": round(total_cost / 100, 2),
        "tokens": tokens,
        "by_day": dict(sorted(by_day.items())),
        "by_kind": dict(by_kind),
    }
