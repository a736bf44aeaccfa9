"""Quotas, rate limits and metering. Everything is in the database so any process can serve any
request; metering is exactly once per successful analysis (unique request id)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .accounts import Principal
from .models import Analysis, RequestLog, now
from .settings import CloudSettings

AI_TIERS = ("professional", "enterprise", "payg")


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
        raise Refused(403, f"the {who.tier} tier does not include hosted AI analyses; upgrade to Professional or pay-per-use")
    quota = settings.monthly_quota.get(who.tier)
    if quota is not None and used_this_month(session, who.organisation_id) >= quota:
        raise Refused(402, f"the monthly quota of {quota} analyses is used up")
    current = now()
    window_start = current - dt.timedelta(minutes=1)
    session.execute(delete(RequestLog).where(RequestLog.at < window_start - dt.timedelta(minutes=5)))
    recent, oldest = session.execute(
        select(func.count(), func.min(RequestLog.at)).where(RequestLog.api_key_id == who.key_id, RequestLog.at >= window_start)
    ).one()
    if recent >= settings.rate_limit_per_minute:
        # Retry when the oldest request in the window leaves it (whole seconds, at least 1).
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=dt.UTC)  # SQLite gives naive UTC back
        wait = 60 if oldest is None else (oldest - window_start).total_seconds()
        raise Refused(429, f"rate limit of {settings.rate_limit_per_minute} requests per minute reached",
                      retry_after=max(1, math.ceil(wait)))
    session.add(RequestLog(api_key_id=who.key_id, at=current))


def used_this_month(session: Session, organisation_id: str) -> int:
    start = now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return session.scalar(
        select(func.count()).select_from(Analysis).where(Analysis.organisation_id == organisation_id, Analysis.created_at >= start)
    ) or 0


def record(session: Session, who: Principal, request_id: str, *, kind: str, model: str, tokens_in: int,
           tokens_out: int, latency_ms: int, content: str, settings: CloudSettings) -> tuple[Analysis, bool]:
    """Meter one successful analysis. Returns (row, created); a repeated request id returns the first
    row and charges nothing."""
    row = Analysis(
        request_id=_scoped(who, request_id), organisation_id=who.organisation_id, account_id=who.account_id,
        api_key_id=who.key_id, kind=kind, model=model, tokens_in=tokens_in, tokens_out=tokens_out,
        latency_ms=latency_ms, cost_cents=settings.price_cents_payg if who.tier == "payg" else 0, content=content,
    )
    try:
        with session.begin_nested():
            session.add(row)
        return row, True
    except IntegrityError:
        existing = previous(session, who, request_id)
        assert existing is not None
        return existing, False


def previous(session: Session, who: Principal, request_id: str) -> Analysis | None:
    return session.scalar(select(Analysis).where(Analysis.request_id == _scoped(who, request_id)))


def _scoped(who: Principal, request_id: str) -> str:
    """Idempotency keys belong to the account: another account (even in the same organisation) sending
    the same key gets its own analysis, never someone else's answer."""
    return f"{who.account_id}:{request_id}"


def usage(session: Session, organisation_id: str, days: int) -> dict:
    since = now() - dt.timedelta(days=days)
    rows = session.execute(
        select(Analysis.created_at, Analysis.kind, Analysis.cost_cents, Analysis.tokens_in, Analysis.tokens_out)
        .where(Analysis.organisation_id == organisation_id, Analysis.created_at >= since)
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
        "days": days, "analyses": len(rows), "cost_cents": total_cost, "cost_usd": round(total_cost / 100, 2),
        "tokens": tokens, "by_day": dict(sorted(by_day.items())), "by_kind": dict(by_kind),
    }
