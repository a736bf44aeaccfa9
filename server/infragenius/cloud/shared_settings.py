"""Shared settings (issue 22): what an organisation's owners and admins set once for every member's
``check`` and editor: rule settings (``ignore``, ``severity``, ``per-file-ignores``, checked exactly as
the same keys of a local ``.infragenius.toml``) and a baseline per repository (the JSON
``check --write-baseline`` writes, checked as ``check --baseline`` reads it). Professional and Enterprise.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.config import Config, ConfigError
from ..report import baseline
from .models import Organisation, SharedBaseline, now
from .reports import REPOSITORY

SHARED_KEYS = ("ignore", "severity", "per-file-ignores")
TIERS = ("professional", "enterprise")


class Refused(Exception):
    """A request the service answers with ``status`` and this message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def rule_settings(body: Any) -> dict[str, Any]:
    """The shared rule settings in ``body``, validated, with kebab-case keys. 422 for anything else."""
    if not isinstance(body, dict):
        raise Refused(422, "the policy must be a JSON object")
    settings = {str(key).replace("_", "-"): value for key, value in body.items()}
    unknown = sorted(set(settings) - set(SHARED_KEYS))
    if unknown:
        raise Refused(422, f"policy: unknown or unshared key(s) {', '.join(map(repr, unknown))}; shared: {SHARED_KEYS}")
    try:
        Config.from_dict(settings, "policy")
    except ConfigError as exc:
        raise Refused(422, str(exc)) from None
    return settings


def set_rule_settings(session: Session, org_id: str, settings: dict[str, Any]) -> dict[str, Any]:
    """Replace the organisation's shared rule settings; other policy keys (an operator's ``ai``) stay."""
    org = session.get_one(Organisation, org_id)
    kept = {key: value for key, value in (org.policy or {}).items() if key not in SHARED_KEYS}
    org.policy = {**kept, **settings}
    return org.policy


def check_repository(repository: str | None) -> str:
    if not repository or not REPOSITORY.fullmatch(repository) or ".." in repository:
        raise Refused(422, "repository must be OWNER/NAME")
    return repository


def check_baseline(document: Any) -> int:
    """How many findings a baseline document records; 422 when ``check --baseline`` could not use it."""
    try:
        return len(baseline.entries(document, "baseline"))
    except ConfigError as exc:
        raise Refused(422, str(exc)) from None


def stored_baseline(session: Session, org_id: str, repository: str) -> SharedBaseline | None:
    query = select(SharedBaseline).where(
        SharedBaseline.organisation_id == org_id, SharedBaseline.repository == repository
    )
    return session.scalar(query)


def store_baseline(session: Session, org_id: str, repository: str, document: dict) -> None:
    row = stored_baseline(session, org_id, repository)
    if row is None:
        session.add(SharedBaseline(organisation_id=org_id, repository=repository, document=document))
    else:
        row.document, row.updated_at = document, now()
