"""The GDPR side of the API: a user's export and erasure of their own account, and the organisation's
retention period (any member reads it; owners and admins set it)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from . import privacy
from .db import Database
from .http import error, manager_refusal, principal_dependency
from .models import Organisation
from .settings import CloudSettings

# The scope of a person's own keys (sign-in, the usage page): a key scoped to analyses only, as CI keys
# are, may not export the account or erase it
PERSONAL = "usage"


class Retention(BaseModel):
    days: int = Field(ge=1, le=privacy.MAX_RETENTION_DAYS)


def routes(database: Database, settings: CloudSettings) -> APIRouter:
    router = APIRouter()
    principal = principal_dependency(database)

    @router.get("/v1/account/export")
    def export(who=Depends(principal)):  # noqa: B008
        """Everything the service holds about the signed-in user, as JSON."""
        if who is None:
            return error(401, "unknown or revoked API key")
        if PERSONAL not in who.scopes:
            return error(403, "this key may not read or erase the account (a CI key, scoped to analyses)")
        with database.session() as session:
            return privacy.export(session, who.account_id, settings)

    @router.delete("/v1/account", status_code=204)
    def erase(who=Depends(principal)):  # noqa: B008
        """Erase the signed-in user's personal data, keys and content (this key stops working now)."""
        if who is None:
            return error(401, "unknown or revoked API key")
        if PERSONAL not in who.scopes:
            return error(403, "this key may not read or erase the account (a CI key, scoped to analyses)")
        with database.session() as session:
            privacy.erase(session, who.account_id)
        return Response(status_code=204)

    @router.get("/v1/organisation/retention")
    def retention(who=Depends(principal)):  # noqa: B008
        if who is None:
            return error(401, "unknown or revoked API key")
        with database.session() as session:
            return {"days": privacy.retention_days(session.get_one(Organisation, who.organisation_id), settings)}

    @router.put("/v1/organisation/retention")
    def set_retention(body: Retention, who=Depends(principal)):  # noqa: B008
        """How many days reports and analysis content are kept (1 to 3650); owners and admins."""
        refused = manager_refusal(who, "set the retention period")
        if refused is not None:
            return refused
        with database.session() as session:
            session.get_one(Organisation, who.organisation_id).retention_days = body.days
        return {"days": body.days}

    return router
