"""Device-code sign-in for ``infragenius login`` (the OAuth 2.0 device authorization grant, RFC 8628).

The CLI asks for a code pair (``POST /v1/auth/device``), shows the short user code and polls
``POST /v1/auth/token`` with the long device code; the user opens ``/device`` in a browser, signs in
(or signs up for Community) and approves the user code. The next poll hands out the account's sign-in
key, once. Only the device code's SHA-256 is stored; codes expire after ``DEVICE_CODE_TTL_S``."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from . import accounts
from .models import Account, DeviceCode, now

GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEVICE_CODE_TTL_S = 600
USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"  # no vowels (no words), no look-alike digits
PENDING, APPROVED, DENIED, USED = "pending", "approved", "denied", "used"


class DeviceError(Exception):
    """An RFC 8628 token error (``authorization_pending``, ``slow_down``, ``expired_token``,
    ``access_denied``, ``invalid_grant``), answered 400 ``{"error": code}``."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code


def start(session: Session, interval_s: int) -> dict:
    """A new code pair (the verification URIs are added by the route, which knows the address)."""
    # Anyone may ask for codes: those past their expiry by a day go now, so the table never grows unbounded.
    session.execute(delete(DeviceCode).where(DeviceCode.expires_at < now() - dt.timedelta(days=1)))
    device_code = secrets.token_urlsafe(32)
    raw = "".join(secrets.choice(USER_CODE_ALPHABET) for _ in range(8))
    user_code = f"{raw[:4]}-{raw[4:]}"
    session.add(
        DeviceCode(
            device_digest=_digest(device_code),
            user_code=user_code,
            status=PENDING,
            expires_at=now() + dt.timedelta(seconds=DEVICE_CODE_TTL_S),
        )
    )
    return {"device_code": device_code, "user_code": user_code, "expires_in": DEVICE_CODE_TTL_S, "interval": interval_s}


def approve(session: Session, user_code: str, account: Account) -> bool:
    """The signed-in ``account`` approves a pending, unexpired user code; False when there is none."""
    row = session.scalar(select(DeviceCode).where(DeviceCode.user_code == normalise(user_code)))
    if row is None or row.status != PENDING or expired(row):
        return False
    row.status, row.account_id = APPROVED, account.id
    return True


def redeem(session: Session, device_code: str, interval_s: int, key_ttl: dt.timedelta) -> tuple[str, Account]:
    """The sign-in key for an approved device code, once (DeviceError otherwise)."""
    row = session.scalar(select(DeviceCode).where(DeviceCode.device_digest == _digest(device_code)).with_for_update())
    if row is None or row.status in (USED, DENIED):
        raise DeviceError("invalid_grant" if row is None or row.status == USED else "access_denied", "not usable")
    if expired(row):
        raise DeviceError("expired_token", "the code expired; run `infragenius login` again")
    if row.status == PENDING:
        polled, row.polled_at = row.polled_at, now()
        if polled is not None and (now() - _aware(polled)).total_seconds() < interval_s / 2:
            raise DeviceError("slow_down", "polling too fast")
        raise DeviceError("authorization_pending", "waiting for the user to approve the code")
    row.status = USED
    account = session.get(Account, row.account_id)
    if account is None or account.removed_at is not None:
        raise DeviceError("access_denied", "the account that approved this code is no longer a member")
    return accounts.login_key(session, account.email, list(accounts.SCOPES), key_ttl), account


def normalise(user_code: str) -> str:
    """What the user typed, as stored: upper case, the dash where it belongs."""
    raw = "".join(ch for ch in (user_code or "").upper() if ch.isalnum())[:8]
    return f"{raw[:4]}-{raw[4:]}"


def expired(row: DeviceCode) -> bool:
    return _aware(row.expires_at) <= now()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment  # SQLite gives naive UTC back


def _digest(device_code: str) -> str:
    return hashlib.sha256(device_code.encode()).hexdigest()
