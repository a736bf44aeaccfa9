"""Organisations, accounts and API keys. Keys are random, shown once, stored as SHA-256 digests and
compared in constant time."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import TIERS, Account, ApiKey, Organisation, now

KEY_PREFIX = "igk_"
SCOPES = ("analyses", "usage")
# Deliberately plain: one @, no spaces or quotes, a dot in the domain. Anything else is refused before
# it reaches the database (and the page that shows it).
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
ORG_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
PREFIX = re.compile(r"^[0-9a-f]{12}$")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key, its account and organisation."""

    key_id: str
    account_id: str
    email: str
    organisation_id: str
    tier: str
    scopes: tuple[str, ...]
    role: str = "member"  # owner | admin | member: owners and admins manage members

    @property
    def manages_members(self) -> bool:
        return self.role in ("owner", "admin")


def create_account(session: Session, email: str, organisation: str, tier: str | None = None) -> Account:
    """A new account. A new organisation gets ``tier`` (Community by default) and this account as its
    owner; joining an existing organisation makes a member and keeps its tier (``tier``, if given, must
    match: changing it is ``set_tier``)."""
    if tier is not None:
        _check_tier(tier)
    email = _check_email(email)
    if not ORG_NAME.fullmatch(organisation or ""):
        raise ValueError(f"invalid organisation name {organisation!r}")
    if session.scalar(select(Account).where(Account.email == email)) is not None:
        raise ValueError(f"an account {email!r} already exists")
    org = session.scalar(select(Organisation).where(Organisation.name == organisation))
    role = "member"
    if org is None:
        org, role = Organisation(name=organisation, tier=tier or "community"), "owner"
        session.add(org)
        session.flush()
    elif tier is not None and org.tier != tier:
        raise ValueError(f"organisation {organisation!r} exists with tier {org.tier}; use set-tier to change it")
    else:
        from .members import claim_seat

        claim_seat(session, org)  # a new member takes a seat: Community holds 5, paid their licensed seats
    account = Account(email=email, organisation_id=org.id, role=role)
    session.add(account)
    session.flush()
    return account


def set_tier(session: Session, organisation: str, tier: str) -> Organisation:
    _check_tier(tier)
    org = session.scalar(select(Organisation).where(Organisation.name == organisation))
    if org is None:
        raise LookupError(f"no organisation {organisation!r}")
    org.tier = tier
    return org


DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def set_sso_domain(session: Session, organisation: str, domain: str) -> str:
    """Map SAML sign-ins at ``domain`` (verified by the vendor beforehand) to the organisation."""
    domain = domain.strip().lower()
    if not DOMAIN.fullmatch(domain):
        raise ValueError(f"invalid domain {domain!r}")
    org = session.scalar(select(Organisation).where(Organisation.name == organisation))
    if org is None:
        raise LookupError(f"no organisation {organisation!r}")
    org.sso_domain = domain
    return domain


def create_key(
    session: Session,
    email: str,
    scopes: list[str] | None = None,
    *,
    origin: str = "admin",
    expires_at: dt.datetime | None = None,
) -> str:
    """A new key for the account; the only time the secret is visible."""
    account = _account(session, email)
    unknown = set(scopes or ()) - set(SCOPES)
    if unknown:
        raise ValueError(f"unknown scope(s) {', '.join(sorted(unknown))} (known: {', '.join(SCOPES)})")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            account_id=account.id,
            prefix=prefix,
            digest=_digest(secret),
            scopes=scopes or ["analyses", "usage"],
            origin=origin,
            expires_at=expires_at,
        )
    )
    session.flush()
    return f"{KEY_PREFIX}{prefix}_{secret}"


def login_key(session: Session, email: str, scopes: list[str], ttl: dt.timedelta) -> str:
    """The key a sign-in gives: it expires after ``ttl``, and it replaces the account's previous sign-in
    key (revoked now), so signing in again and again never piles up live keys."""
    account = _account(session, email)
    session.execute(
        update(ApiKey)
        .where(ApiKey.account_id == account.id, ApiKey.origin == "login", ApiKey.revoked_at.is_(None))
        .values(revoked_at=now())
    )
    return create_key(session, email, scopes, origin="login", expires_at=now() + ttl)


def _account(session: Session, email: str) -> Account:
    account = session.scalar(select(Account).where(Account.email == _check_email(email)))
    if account is None:
        raise LookupError(f"no account {email!r}")
    return account


def revoke_key(session: Session, prefix: str) -> bool:
    prefix = prefix.removeprefix(KEY_PREFIX).partition("_")[0]  # accept the prefix or the whole key
    if not PREFIX.fullmatch(prefix):
        return False
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or key.revoked_at is not None:
        return False
    key.revoked_at = now()
    return True


def authenticate(session: Session, presented: str | None) -> Principal | None:
    """The principal for a presented key, or None (unknown, malformed or revoked)."""
    if not presented or not presented.startswith(KEY_PREFIX):
        return None
    prefix, _, secret = presented[len(KEY_PREFIX) :].partition("_")
    if not PREFIX.fullmatch(prefix) or not secret or len(secret) > 100:
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or not is_live(key) or key.account.removed_at is not None:
        hmac.compare_digest(_digest(secret), "0" * 64)  # same work whether or not the prefix exists
        return None
    if not hmac.compare_digest(_digest(secret), key.digest):
        return None
    return principal_of(key)


def principal_of(key: ApiKey) -> Principal:
    account = key.account
    return Principal(
        key.id,
        account.id,
        account.email,
        account.organisation_id,
        account.organisation.tier_now(),
        tuple(key.scopes),
        account.role,
    )


def is_live(key: ApiKey) -> bool:
    """Neither revoked nor expired."""
    if key.revoked_at is not None:
        return False
    expires = key.expires_at
    if expires is None:
        return True
    return (expires.replace(tzinfo=dt.UTC) if expires.tzinfo is None else expires) > now()  # SQLite: naive UTC


def _check_tier(tier: str) -> None:
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r} (one of {', '.join(TIERS)})")


def _check_email(email: str) -> str:
    email = (email or "").strip().lower()
    if len(email) > 320 or not EMAIL.fullmatch(email):
        raise ValueError(f"invalid email address {email!r}")
    return email


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
