"""GDPR by design: what the service holds about one user (the export), erasing it, and the retention
period past which an organisation's reports and analysis content go (the purge).

The export is the signed-in account's own rows, selected by its id and never by organisation: another
member's keys, analyses or uploads are not in it. Erasure removes what identifies the person (the email,
everywhere it is stored), their keys (revoked and their digests blanked: no key of theirs can
authenticate again, from the next request on) and the content they sent or uploaded (answer texts,
reports); the metering rows stay, anonymised, because the organisation's bill is made of them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from .models import Account, AlertDelivery, Analysis, ApiKey, AuditEntry, DeviceCode, Organisation, Report, now
from .settings import CloudSettings

MAX_RETENTION_DAYS = 3650


def export(session: Session, account_id: str, settings: CloudSettings) -> dict:
    account = session.get_one(Account, account_id)
    return {
        "account": {
            "email": account.email,
            "role": account.role,
            "organisation": account.organisation.name,
            "created_at": _when(account.created_at),
        },
        "region": settings.region,
        "api_keys": [_key(k) for k in session.scalars(select(ApiKey).where(ApiKey.account_id == account_id))],
        "analyses": [_analysis(a) for a in _owned(session, Analysis, account_id)],
        "reports": [_report(r) for r in _owned(session, Report, account_id)],
        "device_codes": [
            {"user_code": d.user_code, "status": d.status, "created_at": _when(d.created_at)}
            for d in session.scalars(select(DeviceCode).where(DeviceCode.account_id == account_id))
        ],
        "audit_log": [
            {"kind": e.kind, "model": e.model, "bytes_in": e.bytes_in, "status": e.status, "at": _when(e.at)}
            for e in session.scalars(
                select(AuditEntry).where(
                    AuditEntry.organisation_id == account.organisation_id, AuditEntry.account_email == account.email
                )
            )
        ],
        "exported_at": _when(now()),
    }


def erase(session: Session, account_id: str) -> None:
    """Erase the account's personal data, keys and content; its metering rows stay as anonymous usage."""
    account = session.get_one(Account, account_id)
    anonymous = f"erased-{account.id}@erased.invalid"
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.organisation_id == account.organisation_id, AuditEntry.account_email == account.email)
        .values(account_email=anonymous)
    )
    session.execute(
        update(ApiKey)
        .where(ApiKey.account_id == account_id)
        .values(revoked_at=now(), digest="")  # an empty digest matches no key, whatever revoked_at says
    )
    session.execute(
        update(Analysis)
        .where(Analysis.account_id == account_id)
        .values(content="", request_id=None, request_digest=None)
    )
    _delete_reports(session, select(Report.id).where(Report.account_id == account_id))
    session.execute(delete(DeviceCode).where(DeviceCode.account_id == account_id))
    if account.role == "owner":
        _hand_on_ownership(session, account)
    account.email, account.removed_at, account.role = anonymous, now(), "member"


def _hand_on_ownership(session: Session, owner: Account) -> None:
    """An organisation keeps an owner (no one else could manage its members): the longest-standing
    admin, else the longest-standing member, takes over. An organisation left with nobody needs none."""
    heir = session.scalar(
        select(Account)
        .where(Account.organisation_id == owner.organisation_id, Account.removed_at.is_(None), Account.id != owner.id)
        .order_by((Account.role == "admin").desc(), Account.created_at, Account.id)
        .limit(1)
    )
    if heir is not None:
        heir.role = "owner"


def retention_days(org: Organisation, settings: CloudSettings) -> int:
    return org.retention_days or settings.retention_days


def purge(session: Session, settings: CloudSettings) -> dict[str, int]:
    """Delete reports older than their organisation's retention period and drop the content (answer text,
    Idempotency-Key) of analyses as old: what ``cloud admin purge`` does, and the periodic job runs."""
    reports = analyses = 0
    for org in session.scalars(select(Organisation)):
        cutoff = now() - dt.timedelta(days=retention_days(org, settings))
        reports += _delete_reports(
            session, select(Report.id).where(Report.organisation_id == org.id, Report.created_at < cutoff)
        )
        stale = list(
            session.scalars(
                select(Analysis.id).where(
                    Analysis.organisation_id == org.id,
                    Analysis.created_at < cutoff,
                    (Analysis.content != "") | Analysis.request_id.is_not(None),
                )
            )
        )
        if stale:
            session.execute(
                update(Analysis)
                .where(Analysis.id.in_(stale))
                .values(content="", request_id=None, request_digest=None)
                .execution_options(synchronize_session=False)
            )
        analyses += len(stale)
    return {"reports": reports, "analyses": analyses}


def _delete_reports(session: Session, ids_query) -> int:
    ids = list(session.scalars(ids_query))
    if ids:
        session.execute(delete(AlertDelivery).where(AlertDelivery.report_id.in_(ids)))
        session.execute(delete(Report).where(Report.id.in_(ids)).execution_options(synchronize_session=False))
    return len(ids)


def _owned(session: Session, table, account_id: str):
    return session.scalars(select(table).where(table.account_id == account_id).order_by(table.created_at))


def _key(k: ApiKey) -> dict:
    return {
        "prefix": k.prefix,
        "scopes": list(k.scopes),
        "origin": k.origin,
        "created_at": _when(k.created_at),
        "revoked_at": _when(k.revoked_at),
        "expires_at": _when(k.expires_at),
    }


def _analysis(a: Analysis) -> dict:
    return {
        "id": a.id,
        "kind": a.kind,
        "model": a.model,
        "status": a.status,
        "tokens_in": a.tokens_in,
        "tokens_out": a.tokens_out,
        "cost_cents": a.cost_cents,
        "content": a.content,
        "created_at": _when(a.created_at),
    }


def _report(r: Report) -> dict:
    return {
        "id": r.id,
        "repository": r.repository,
        "ref": r.ref,
        "commit": r.commit,
        "errors": r.errors,
        "warnings": r.warnings,
        "information": r.information,
        "new": r.new,
        "fixed": r.fixed,
        "findings": len(r.findings or []),
        "created_at": _when(r.created_at),
    }


def _when(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")
