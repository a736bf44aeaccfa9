"""Licenses the service issues: an organisation's current tier, seats and expiry as a signed token
(``LICENSE_PRIVATE_KEY_FILE``, ``LICENSE_KEY_ID``), and the 14-day Professional trial, once per
organisation. The client verifies the token offline against the keys shipped in the package."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from .members import COMMUNITY_SEATS
from .models import Organisation, now
from .settings import CloudSettings

TRIAL_DAYS = 14
# A subscription's license runs this long and is fetched again before it ends (`license refresh`, which
# the client also runs on expiry): a cancelled subscription stops at its period end without revocation.
SUBSCRIPTION_LICENSE_DAYS = 31


class LicenseRefused(Exception):
    """No license to give (HTTP ``status``); the message says why and what to do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def start_trial(session: Session, org_id: str, settings: CloudSettings, subject: str) -> str:
    """Professional for 14 days, once per organisation (LicenseRefused 409 the second time, and for an
    organisation already on a paid tier); returns the trial's license."""
    _signing_key(settings)  # refuse before anything changes when the service cannot sign
    session.execute(select(Organisation.id).where(Organisation.id == org_id).with_for_update())
    org = session.get_one(Organisation, org_id)
    session.refresh(org)  # as of the lock: a concurrent trial has committed by now
    if org.trial_started_at is not None:
        raise LicenseRefused(409, "this organisation has already had its trial; upgrade at /pricing")
    if org.tier_now() != "community":
        raise LicenseRefused(409, f"this organisation is already on {org.tier_now()}; no trial needed")
    started = now()
    org.tier, org.trial_started_at = "professional", started
    org.tier_expires_at = started + dt.timedelta(days=TRIAL_DAYS)
    org.seats = max(org.seats or 0, COMMUNITY_SEATS)
    return license_for(org, settings, subject)


def license_for(org: Organisation, settings: CloudSettings, subject: str) -> str:
    """The organisation's current license token (LicenseRefused 404 for Community: nothing to license)."""
    from ..tiers.license import issue

    tier = org.tier_now()
    if tier == "community":
        raise LicenseRefused(404, "Community needs no license; start a trial or upgrade (see /pricing)")
    ends = org.tier_expires_at
    expires_at = (
        None if ends is None else int((ends.replace(tzinfo=dt.UTC) if ends.tzinfo is None else ends).timestamp())
    )
    return issue(
        _signing_key(settings),
        settings.license_key_id,
        subject=subject,
        tier=tier,
        org=org.name,
        seats=org.seats,
        days=SUBSCRIPTION_LICENSE_DAYS,
        expires_at=expires_at,
    )


def _signing_key(settings: CloudSettings) -> bytes:
    try:
        private = settings.license_private_key()
    except OSError:
        private = None
    if private is None:
        raise LicenseRefused(503, "this service cannot issue licenses (LICENSE_PRIVATE_KEY_FILE is not set)")
    return private
