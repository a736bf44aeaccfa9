"""The CI-results side of the API: uploads (``POST /v1/reports``), trends, and alert targets.

Any member's key uploads and reads trends; owners and admins manage alert targets. An upload's body is
JSON (``{"repository", "ref", "commit"?, "sarif"}``), gzip-compressed or not (``Content-Encoding``); the
alerts it owes are logged in its transaction and sent on the alert senders' own threads.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from . import alerts, reports
from .db import Database
from .http import TooLarge, error, manager_refusal, principal_dependency, read_body
from .models import AlertDelivery, AlertTarget, Organisation
from .settings import CloudSettings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DELIVERIES_LISTED = 50


class NewAlert(BaseModel):
    url: str = Field(max_length=2000)
    min_severity: str = "warning"


def routes(database: Database, settings: CloudSettings) -> APIRouter:
    router = APIRouter()
    principal = principal_dependency(database)
    policy = alerts.Policy(settings.alerts_allow_http, settings.alerts_allow_private_networks)

    @router.post("/v1/reports", status_code=201)
    async def upload(request: Request, who=Depends(principal)):  # noqa: B008
        """201 with the report's counts and what is new/fixed since the previous one; 401; 413; 422."""
        if who is None:
            return error(401, "unknown or revoked API key")
        try:
            body = await read_body(request, settings.max_upload_bytes)
            payload = _payload(body, request.headers.get("content-encoding", ""), settings.max_report_bytes)
            repository, ref, commit = str(payload["repository"]), str(payload["ref"]), payload.get("commit")
            reports.check_target(repository, ref)
            found = reports.items(payload.get("sarif"))
        except TooLarge as exc:
            return error(413, str(exc) or f"report larger than {settings.max_upload_bytes} bytes")
        except (reports.BadReport, KeyError, TypeError) as exc:
            return error(422, f"invalid report: {exc if isinstance(exc, reports.BadReport) else 'missing fields'}")
        from starlette.concurrency import run_in_threadpool

        try:
            answer, owed = await run_in_threadpool(_record, who, repository, ref, commit, found)
        except reports.TooMany as exc:
            return error(429, str(exc), retry_after=60)
        alerts.send_later(database, owed, policy, settings.alert_retry_delays_s)
        await run_in_threadpool(alerts.resend_stale, database, policy, settings.alert_retry_delays_s)
        return answer

    def _record(who, repository: str, ref: str, commit, found) -> tuple[dict, list[alerts.Delivery]]:
        commit = str(commit)[:64] if commit else None
        with database.session() as session:
            reports.admit(session, who.organisation_id, settings.rate_limit_per_minute)
            recorded = reports.record(session, who.organisation_id, who.account_id, repository, ref, found, commit)
            owed = [alerts.Delivery(d.id, t.url, body) for d, t, body in alerts.due(session, recorded)]
            report = recorded.report
            answer = {
                "id": report.id,
                "repository": repository,
                "ref": ref,
                "errors": report.errors,
                "warnings": report.warnings,
                "information": report.information,
                "new": report.new,
                "fixed": report.fixed,
                "baseline": recorded.first,
            }
        return answer, owed

    @router.get("/v1/reports/trends")
    def trends(
        repository: str = Query(..., max_length=200),
        ref: str = Query(..., max_length=255),
        who=Depends(principal),  # noqa: B008
    ):
        if who is None:
            return error(401, "unknown or revoked API key")
        return _points(who, repository, ref, reports.trends)

    @router.get("/v1/reports/trends/rules")
    def rule_trends(
        repository: str = Query(..., max_length=200),
        ref: str = Query(..., max_length=255),
        who=Depends(principal),  # noqa: B008
    ):
        """Professional: per upload, the findings of each rule."""
        refused = _professional(who, "trends by rule")
        if refused is not None:
            return refused
        return _points(who, repository, ref, reports.rule_trends)

    def _points(who, repository: str, ref: str, read: Callable[[Session, Organisation, str, str], list[dict]]):
        """``{"points": ...}`` as ``read`` gives them for one repository/ref of the caller's organisation; 422
        when the names are not a repository and a ref."""
        try:
            reports.check_target(repository, ref)
        except reports.BadReport as exc:
            return error(422, str(exc))
        with database.session() as session:
            org = session.get_one(Organisation, who.organisation_id)
            return {"points": read(session, org, repository, ref)}

    @router.get("/v1/reports/trends/repositories")
    def repository_trends(who=Depends(principal)):  # noqa: B008
        """Professional: every repository/ref's trend points in one answer."""
        refused = _professional(who, "trends by repository")
        if refused is not None:
            return refused
        with database.session() as session:
            org = session.get_one(Organisation, who.organisation_id)
            return {"repositories": reports.repository_trends(session, org)}

    @router.get("/v1/reports/export")
    def export(
        repository: str | None = Query(None, max_length=200),
        ref: str | None = Query(None, max_length=255),
        who=Depends(principal),  # noqa: B008
    ):
        """Every report's counts as CSV (Professional and Enterprise), optionally of one repository/ref."""
        refused = _professional(who, "CSV export")
        if refused is not None:
            return refused
        with database.session() as session:
            text = reports.export_csv(session, who.organisation_id, repository, ref)
        headers = {"Content-Disposition": 'attachment; filename="infragenius-reports.csv"'}
        return Response(text, media_type="text/csv; charset=utf-8", headers=headers)

    @router.post("/v1/alerts", status_code=201)
    def add_alert(body: NewAlert, who=Depends(principal)):  # noqa: B008
        refused = manager_refusal(who, "manage alerts")
        if refused is not None:
            return refused
        try:
            with database.session() as session:
                org = session.get_one(Organisation, who.organisation_id)
                return alerts.describe(alerts.add(session, org, body.url, body.min_severity, policy))
        except alerts.AlertRefused as exc:
            return error(exc.status, str(exc))

    @router.get("/v1/alerts")
    def list_alerts(who=Depends(principal)):  # noqa: B008
        """The targets, and the latest deliveries to them (newest first)."""
        if who is None:
            return error(401, "unknown or revoked API key")
        with database.session() as session:
            targets = alerts.targets(session, who.organisation_id)
            return {"alerts": [alerts.describe(t) for t in targets], "deliveries": _deliveries(session, targets)}

    @router.delete("/v1/alerts/{alert_id}", status_code=204)
    def delete_alert(alert_id: str, who=Depends(principal)):  # noqa: B008
        refused = manager_refusal(who, "manage alerts")
        if refused is not None:
            return refused
        with database.session() as session:
            target = session.get(AlertTarget, alert_id)
            if target is None or target.organisation_id != who.organisation_id:
                return error(404, "no such alert")
            session.delete(target)
        return Response(status_code=204)

    return router


def _professional(who, feature: str):
    """None when the caller's tier has the Professional report features; else the refusal to answer."""
    if who is None:
        return error(401, "unknown or revoked API key")
    if who.tier not in ("professional", "enterprise"):
        return error(403, f"{feature} is a Professional feature (see /pricing)")
    return None


def _payload(body: bytes, encoding: str, limit: int) -> dict:
    """The upload's JSON, decompressed within ``limit`` (a small gzip can expand a thousandfold)."""
    if encoding.strip().lower() == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, limit + 1)
        except zlib.error:
            raise reports.BadReport("the body is not valid gzip") from None
        if len(body) > limit or inflater.unconsumed_tail:
            raise TooLarge(f"report larger than {limit} bytes once decompressed")
    elif encoding.strip() not in ("", "identity"):
        raise reports.BadReport(f"unsupported Content-Encoding {encoding!r}")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested deeper than Python recurses, too
        raise reports.BadReport("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise reports.BadReport("the body must be a JSON object")
    return payload


def _deliveries(session, targets: list[AlertTarget]) -> list[dict]:
    from sqlalchemy import select

    ids = [t.id for t in targets]
    if not ids:
        return []
    query = select(AlertDelivery).where(AlertDelivery.alert_id.in_(ids)).order_by(AlertDelivery.id.desc())
    return [
        {
            "alert_id": d.alert_id,
            "report_id": d.report_id,
            "status": d.status,
            "attempts": d.attempts,
            "error": d.last_error,
            "at": d.at.isoformat(timespec="seconds"),
        }
        for d in session.scalars(query.limit(DELIVERIES_LISTED))
    ]
