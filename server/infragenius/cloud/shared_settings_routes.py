"""Routes of the shared settings: ``GET``/``PUT /v1/policy`` and ``GET``/``PUT /v1/baselines``.

Any member of a Professional or Enterprise organisation reads them; only its owner and admins write them.
Another organisation's settings are never reachable: every query is by the caller's own organisation.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.exc import IntegrityError

from . import shared_settings as shared
from .db import Database
from .http import TooLarge, error, principal_dependency, read_body
from .models import Organisation
from .settings import CloudSettings


def routes(database: Database, settings: CloudSettings) -> APIRouter:
    router = APIRouter()
    principal = principal_dependency(database)

    @router.get("/v1/policy")
    def policy(who=Depends(principal)):  # noqa: B008
        """The organisation's policy: shared rule settings (and an Enterprise operator's ``ai`` keys)."""
        refused = _refusal(who, write=False)
        if refused is not None:
            return refused
        with database.session() as session:
            return {"policy": session.get_one(Organisation, who.organisation_id).policy or {}}

    @router.put("/v1/policy")
    async def set_policy(request: Request, who=Depends(principal)):  # noqa: B008
        """Replace the shared ``ignore``/``severity``/``per-file-ignores``; owners and admins."""
        refused = _refusal(who, write=True)
        if refused is not None:
            return refused
        try:
            body = _json(await read_body(request, settings.max_request_bytes))
            rules = shared.rule_settings(body)
        except TooLarge:
            return error(413, f"policy larger than {settings.max_request_bytes} bytes")
        except shared.Refused as exc:
            return error(exc.status, str(exc))
        with database.session() as session:
            return {"policy": shared.set_rule_settings(session, who.organisation_id, rules)}

    @router.get("/v1/baselines")
    def get_baseline(repository: str | None = Query(default=None), who=Depends(principal)):  # noqa: B008
        """The repository's shared baseline, as ``check --write-baseline`` wrote it; 404 when there is none."""
        refused = _refusal(who, write=False)
        if refused is not None:
            return refused
        try:
            repository = shared.check_repository(repository)
        except shared.Refused as exc:
            return error(exc.status, str(exc))
        with database.session() as session:
            row = shared.stored_baseline(session, who.organisation_id, repository)
            return error(404, "no shared baseline for this repository") if row is None else row.document

    @router.put("/v1/baselines")
    async def put_baseline(request: Request, repository: str | None = Query(default=None), who=Depends(principal)):  # noqa: B008
        """Store the repository's shared baseline (replacing the last one); owners and admins."""
        refused = _refusal(who, write=True)
        if refused is not None:
            return refused
        try:
            repository = shared.check_repository(repository)
            document = _json(await read_body(request, settings.max_baseline_bytes))
            count = shared.check_baseline(document)
        except TooLarge:
            return error(413, f"baseline larger than {settings.max_baseline_bytes} bytes")
        except shared.Refused as exc:
            return error(exc.status, str(exc))
        try:
            with database.session() as session:
                shared.store_baseline(session, who.organisation_id, repository, document)
        except IntegrityError:  # another admin stored the first one at the same moment
            return error(409, "the baseline was stored by another request at the same time; send it again")
        return {"repository": repository, "findings": count}

    return router


def _refusal(who, write: bool):
    """None when the caller may read (or ``write``) the shared settings; else the answer refusing it."""
    if who is None:
        return error(401, "unknown or revoked API key")
    if who.tier not in shared.TIERS:
        return error(403, "shared settings are a Professional feature (see /pricing)")
    if write and not who.manages_members:
        return error(403, "only the organisation's owner or an admin may change shared settings")
    return None


def _json(body: bytes):
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise shared.Refused(422, "the body is not JSON") from None
