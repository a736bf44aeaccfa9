"""Members and seats. A Community organisation holds at most 5 members (its owner included); a paid one
holds its licensed seats (set by checkout or a trial; an organisation an administrator set to a paid tier
without seats is not limited). One more is refused with 402, naming the limit and the upgrade.

Adding a member locks the organisation's row first (PostgreSQL ``FOR UPDATE``; SQLite's ``BEGIN
IMMEDIATE`` already serialises writers), so concurrent additions cannot all take the last seat."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .models import Account, ApiKey, Organisation, now

COMMUNITY_SEATS = 5


class SeatLimit(Exception):
    """No seat left; the message names the limit and the upgrade (HTTP 402)."""


class MemberError(Exception):
    """A member change that cannot be made (HTTP ``status``)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def seat_limit(org: Organisation) -> int | None:
    """How many members ``org`` may hold now (None: not limited)."""
    if org.tier_now() == "community":
        return COMMUNITY_SEATS
    return org.seats


def seats_used(session: Session, org_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Account).where(*_current(org_id))) or 0


def claim_seat(session: Session, org: Organisation) -> None:
    """Raise SeatLimit unless ``org`` has a free seat (call it before adding the member)."""
    session.execute(select(Organisation.id).where(Organisation.id == org.id).with_for_update())
    limit = seat_limit(org)
    if limit is not None and seats_used(session, org.id) >= limit:
        raise SeatLimit(_limit_message(org, limit))


def _limit_message(org: Organisation, limit: int) -> str:
    if org.tier_now() == "community":
        return (
            f"Community organisations hold at most {limit} members (owner included); upgrade to Professional "
            "for more seats (see /pricing)"
        )
    return f"all {limit} licensed seats of {org.name} are taken; buy more seats to add a member (see /pricing)"


def members(session: Session, org_id: str) -> list[Account]:
    return list(session.scalars(select(Account).where(*_current(org_id)).order_by(Account.created_at, Account.email)))


def add(session: Session, org_id: str, email: str) -> Account:
    """A new member of the organisation (or a former member back). MemberError 409 when the address
    belongs to a member of any organisation; SeatLimit when no seat is left."""
    from .accounts import _check_email

    email = _check_email(email)
    org = session.get_one(Organisation, org_id)
    claim_seat(session, org)
    account = session.scalar(select(Account).where(Account.email == email))
    if account is not None and account.removed_at is None:
        raise MemberError(409, f"{email} is already a member of an organisation")
    if account is None:
        account = Account(email=email, organisation_id=org_id, role="member")
        session.add(account)
    else:  # removed earlier (here or elsewhere): joins this organisation afresh, with no key
        account.organisation_id, account.role, account.removed_at = org_id, "member", None
    session.flush()
    return account


def remove(session: Session, org_id: str, email: str) -> None:
    """Remove a member and revoke their keys. MemberError 404 when the address is not a member of this
    organisation (another organisation's members are not found either), 409 for the owner."""
    account = session.scalar(select(Account).where(Account.email == email.strip().lower(), *_current(org_id)))
    if account is None:
        raise MemberError(404, f"{email} is not a member of this organisation")
    if account.role == "owner":
        raise MemberError(409, "the owner cannot be removed")
    account.removed_at = now()
    session.execute(
        update(ApiKey).where(ApiKey.account_id == account.id, ApiKey.revoked_at.is_(None)).values(revoked_at=now())
    )


def _current(org_id: str) -> tuple:
    return (Account.organisation_id == org_id, Account.removed_at.is_(None))
