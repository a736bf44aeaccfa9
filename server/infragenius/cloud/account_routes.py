"""The account side of the API: device-code sign-in (and the ``/device`` page that approves it), members
and seats, the organisation's license and its trial. Every route that changes something names who may:
owners and admins manage members and start the trial; any member reads the license and the members."""

from __future__ import annotations

import datetime as dt
from html import escape

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError

from . import accounts, device, licensing, members
from .db import Database
from .http import error, manager_refusal, principal_dependency
from .models import Account, Organisation
from .page import page
from .settings import CloudSettings


class NewMember(BaseModel):
    email: str = Field(max_length=320)


def routes(database: Database, settings: CloudSettings) -> APIRouter:
    router = APIRouter()
    principal = principal_dependency(database)
    key_ttl = dt.timedelta(days=settings.login_key_ttl_days)

    @router.post("/v1/auth/device")
    def device_authorization(request: Request):
        """Start a device-code sign-in: the codes, and where the user approves them."""
        with database.session() as session:
            codes = device.start(session, settings.device_poll_interval_s)
        base = str(request.base_url).rstrip("/")
        return {
            **codes,
            "verification_uri": f"{base}/device",
            "verification_uri_complete": f"{base}/device?code={codes['user_code']}",
        }

    @router.post("/v1/auth/token")
    def device_token(device_code: str = Form(..., max_length=100), grant_type: str = Form(device.GRANT)):
        """Poll for the key: 200 once approved (only once), else 400 with an RFC 8628 error code."""
        if grant_type != device.GRANT:
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        with database.session() as session:
            try:
                key, account = device.redeem(session, device_code, settings.device_poll_interval_s, key_ttl)
            except device.DeviceError as exc:
                refusal = exc  # answered after the commit: a pending poll's time is recorded (slow_down)
            else:
                org = account.organisation
                return {
                    "api_key": key,
                    "token_type": "bearer",
                    "email": account.email,
                    "organisation": org.name,
                    "tier": org.tier_now(),
                }
        return JSONResponse({"error": refusal.code, "error_description": str(refusal)}, status_code=400)

    @router.get("/device", response_class=HTMLResponse)
    def device_page(code: str = ""):
        return HTMLResponse(_device_page(device.normalise(code) if code else ""))

    @router.post("/device", response_class=HTMLResponse)
    def device_approve(
        user_code: str = Form(..., max_length=20),
        api_key: str = Form("", max_length=200),
        email: str = Form("", max_length=320),
        organisation: str = Form("", max_length=200),
    ):
        """Approve a code as the account of ``api_key``, or as a new Community account (sign-up: a new
        address in a new organisation only; joining one is an owner's invitation)."""
        with database.session() as session:
            account, problem = _signed_in_or_new(session, api_key, email, organisation)
            if account is None:
                return HTMLResponse(_device_page(user_code, problem), status_code=401)
            if not device.approve(session, user_code, account):
                session.rollback()  # a sign-up for a code that is not there creates nothing
                return HTMLResponse(_device_page(user_code, "Unknown or expired code."), status_code=404)
            email = account.email
        return HTMLResponse(page("Signed in", f"<p>{escape(email)} is signed in. You can close this page.</p>"))

    def _signed_in_or_new(session, api_key: str, email: str, organisation: str):
        if api_key:
            who = accounts.authenticate(session, api_key.strip())
            if who is None:
                return None, "Unknown or revoked key."
            return session.get(Account, who.account_id), None
        if not email or not organisation:
            return None, "Sign in with an API key, or sign up with an email address and an organisation name."
        from sqlalchemy import select

        if session.scalar(select(Organisation).where(Organisation.name == organisation)) is not None:
            return None, "That organisation exists: ask its owner to add you (POST /v1/members)."
        try:
            return accounts.create_account(session, email, organisation), None
        except ValueError as exc:
            return None, str(exc)

    @router.get("/v1/auth/saml/login")
    def saml_login(request: Request, code: str = ""):
        """Enterprise SSO for a device code: to the identity provider with a request the code waits on."""
        from .saml import SAMLError, login_url

        try:
            with database.session() as session:
                url = login_url(session, settings, _base(request), code)
        except SAMLError as exc:
            return HTMLResponse(_device_page(code, str(exc)), status_code=400)
        return RedirectResponse(url, status_code=303)

    @router.post("/v1/auth/saml/acs", response_class=HTMLResponse)
    async def saml_acs(request: Request):
        """The identity provider's signed Response (HTTP-POST binding): approves the code it answers."""
        from starlette.concurrency import run_in_threadpool

        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        return await run_in_threadpool(_saml_finish, _base(request), form)

    def _saml_finish(base: str, form: dict[str, str]) -> HTMLResponse:
        from .saml import SAMLError, finish

        with database.session() as session:
            try:
                email = finish(session, settings, base, form).email
            except (SAMLError, members.SeatLimit) as exc:
                refusal = exc  # answered after the commit: the request id is used up either way
            else:
                return HTMLResponse(page("Signed in", f"<p>{escape(email)} is signed in. You can close this page.</p>"))
        return HTMLResponse(page("Sign-in refused", f"<p class=err>{escape(str(refusal))}</p>"), status_code=401)

    @router.get("/v1/members")
    def list_members(who=Depends(principal)):  # noqa: B008
        if who is None:
            return error(401, "unknown or revoked API key")
        with database.session() as session:
            org = session.get(Organisation, who.organisation_id)
            found = members.members(session, org.id)
            return {
                "members": [{"email": a.email, "role": a.role} for a in found],
                "seats": {"used": len(found), "total": members.seat_limit(org)},
            }

    @router.post("/v1/members", status_code=201)
    def add_member(body: NewMember, who=Depends(principal)):  # noqa: B008
        refused = manager_refusal(who, "add members")
        if refused is not None:
            return refused
        try:
            with database.session() as session:
                account = members.add(session, who.organisation_id, body.email)
                return {"email": account.email, "role": account.role}
        except members.SeatLimit as exc:
            return error(402, str(exc))
        except members.MemberError as exc:
            return error(exc.status, str(exc))
        except ValueError as exc:
            return error(422, str(exc))
        except IntegrityError:  # the same address added concurrently
            return error(409, f"{body.email} is already a member of an organisation")

    @router.delete("/v1/members/{email}", status_code=204)
    def remove_member(email: str, who=Depends(principal)):  # noqa: B008
        refused = manager_refusal(who, "remove members")
        if refused is not None:
            return refused
        try:
            with database.session() as session:
                members.remove(session, who.organisation_id, email)
        except members.MemberError as exc:
            return error(exc.status, str(exc))
        return Response(status_code=204)

    @router.get("/v1/license")
    def current_license(who=Depends(principal)):  # noqa: B008
        """The organisation's license now (tier, seats, expiry), signed by this service."""
        if who is None:
            return error(401, "unknown or revoked API key")
        with database.session() as session:
            org = session.get(Organisation, who.organisation_id)
            try:
                token = licensing.license_for(org, settings, who.email)
            except licensing.LicenseRefused as exc:
                return error(exc.status, str(exc))
            return _license_answer(session, org, token)

    @router.post("/v1/licenses/trial")
    def start_trial(who=Depends(principal)):  # noqa: B008
        """A 14-day Professional trial, once per organisation (409 the second time)."""
        refused = manager_refusal(who, "start the trial")
        if refused is not None:
            return refused
        try:
            with database.session() as session:
                token = licensing.start_trial(session, who.organisation_id, settings, who.email)
                return _license_answer(session, session.get(Organisation, who.organisation_id), token)
        except licensing.LicenseRefused as exc:
            return error(exc.status, str(exc))

    return router


def _license_answer(session, org: Organisation, token: str) -> dict:
    ends = org.tier_expires_at
    return {
        "license": token,
        "tier": org.tier_now(),
        "seats": {"used": members.seats_used(session, org.id), "total": members.seat_limit(org)},
        "trial": org.trial_started_at is not None and ends is not None,
        "tier_ends_at": None if ends is None else _aware(ends).isoformat(timespec="seconds"),
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _device_page(code: str, problem: str | None = None) -> str:
    err = f"<p class=err>{escape(problem)}</p>" if problem else ""
    body = (
        f"{err}<p>Enter the code <code>infragenius login</code> showed, then sign in or sign up.</p>"
        "<form method=post action=/device>"
        f"<p><label>Code <input name=user_code value='{escape(code, quote=True)}' autocomplete=off></label></p>"
        "<p><label>API key <input name=api_key type=password autocomplete=off></label></p>"
        "<p>or sign up for Community: <label>email <input name=email type=email></label> "
        "<label>organisation <input name=organisation></label></p>"
        "<button type=submit>Approve</button></form>"
        f"<p>Enterprise: <a href='/v1/auth/saml/login?code={escape(code, quote=True)}'>sign in with SSO</a></p>"
    )
    return page("Sign in to InfraGenius", body)
