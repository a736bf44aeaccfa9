"""The HTTP API (FastAPI): analyses, usage, policy, sign-in and the usage page.

``POST /v1/analyses`` with ``"stream": true`` answers ``text/event-stream``: the upstream model's own
stream forwarded as ``data: {"delta": "..."}`` events, then ``data: {"done": true, "id", "model",
"tier", "usage"}`` once it is metered, or ``data: {"error": "...", "status": 502|504}`` when the upstream
fails mid-stream (nothing charged). An answer the upstream completed is charged even when the client
left before ``done`` (a retry with the same Idempotency-Key gets it again, free). Refusals before the stream starts (401/402/403/409/429, an upstream
that cannot be reached) keep their HTTP status and JSON body.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import time
import uuid
from typing import Literal

from fastapi import Depends, FastAPI, Form, Header, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    StreamingResponse,
)
from pydantic import BaseModel, Field, ValidationError

from .. import __version__
from . import accounts, metering
from .db import Database
from .http import TooLarge, error, principal_dependency, read_body
from .models import AuditEntry
from .settings import CloudSettings
from .upstream import Upstream, UpstreamError

log = logging.getLogger("infragenius.cloud")
SESSION_COOKIE = "ig_session"
SESSION_TTL_S = 12 * 3600
SIGNED_IN_PAGES = ("/usage", "/dashboard")
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:-]{1,64}")
FORGET_EVERY_S = 60
NOT_RECORDED = "the analysis could not be recorded; nothing was charged"


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str = Field(max_length=200_000)


class AnalysisRequest(BaseModel):
    """The contract the client (``ai/cloud.py``) speaks."""

    prompt_version: str = "1"
    task: Literal["explain", "fix", "review"] = "explain"
    messages: list[ChatMessage] = Field(min_length=1, max_length=50)
    schema_: dict | None = Field(default=None, alias="schema")
    client: str | None = None
    stream: bool = False  # answer as server-sent events while the upstream writes


def create_app(settings: CloudSettings | None = None, upstream: Upstream | None = None) -> FastAPI:
    settings = settings or CloudSettings()
    database = Database(settings.database_url)
    model = upstream or Upstream(
        settings.upstream_base_url,
        settings.upstream_model,
        settings.upstream_api_key,
        settings.upstream_timeout_s,
        settings.upstream_extra_body,
    )
    app = FastAPI(title="InfraGenius Cloud", version=__version__, docs_url="/docs", redoc_url=None)
    app.state.database = database
    app.state.upstream = model
    app.state.settings = settings
    app.state.answers_forgotten_at = 0.0

    @app.middleware("http")
    async def limit_size(request: Request, call_next):
        # an uploaded report (compressed SARIF of a whole repository) may be larger than any other request
        limit = {"/v1/reports": settings.max_upload_bytes, "/v1/baselines": settings.max_baseline_bytes}.get(
            request.url.path, settings.max_request_bytes
        )
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            return error(413, f"request larger than {limit} bytes")
        return await call_next(request)

    principal = principal_dependency(database)

    from .account_routes import routes as account_routes
    from .billing_routes import routes as billing_routes
    from .dashboard import routes as dashboard_routes
    from .report_routes import routes as report_routes
    from .shared_settings_routes import routes as shared_settings_routes

    app.include_router(account_routes(database, settings))
    app.include_router(billing_routes(database, settings))
    app.include_router(report_routes(database, settings))
    app.include_router(dashboard_routes(database, settings))
    app.include_router(shared_settings_routes(database, settings))

    @app.get("/healthz")
    def healthz():
        """For the load balancer: this process is up and reaches the database."""
        from sqlalchemy import text

        try:
            with database.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure means "not ready"
            log.warning("health check: the database is unreachable")
            return JSONResponse({"ok": False, "version": __version__, "region": settings.region}, status_code=503)
        return {"ok": True, "version": __version__, "region": settings.region}

    @app.post("/v1/analyses")
    async def analyses(request: Request, who=Depends(principal), idempotency_key: str | None = Header(default=None)):  # noqa: B008
        """One explain / fix / review. 200 the answer; 401 unknown or revoked key; 402 monthly quota used up;
        403 tier or key scope lacks hosted AI; 409 the same Idempotency-Key is still running (Retry-After);
        413 too large; 422 malformed, or an Idempotency-Key already used with another request; 429 rate
        limit (Retry-After); 500 the answer could not be recorded (not charged); 502 upstream failed; 504
        upstream timed out. Only a 200 is metered; a retry with the same Idempotency-Key and request
        replays it free of charge for ANSWER_RETENTION_HOURS. With ``"stream": true`` a 200 is an event
        stream (see the module docstring), metered once the upstream has answered."""
        if who is None:
            return error(401, "unknown or revoked API key")
        if idempotency_key is not None and not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
            return error(422, "invalid Idempotency-Key (1 to 64 letters, digits, '.', '_', ':' or '-')")
        try:
            body = await read_body(request, settings.max_request_bytes)
        except TooLarge:
            return error(413, f"request larger than {settings.max_request_bytes} bytes")
        try:
            payload = AnalysisRequest.model_validate_json(body)
        except ValidationError as exc:
            return error(422, f"invalid request: {exc.errors()[0]['msg']}")
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(_forget_old_answers)
        if payload.stream:
            return await _stream_analysis(who, payload, idempotency_key or uuid.uuid4().hex)
        return await run_in_threadpool(_run_analysis, who, payload, idempotency_key or uuid.uuid4().hex)

    def _forget_old_answers() -> None:
        """Answer text is kept for retries only: past the window it goes (at most once a minute per process)."""
        last = app.state.answers_forgotten_at
        if last and time.monotonic() - last < FORGET_EVERY_S:
            return
        app.state.answers_forgotten_at = time.monotonic()
        try:
            with database.session() as session:
                metering.forget_answers(session, settings)
        except Exception as exc:  # noqa: BLE001 - housekeeping must not fail the request; it runs again soon
            log.warning("could not forget old answers (%s)", type(exc).__name__)

    def _reserve(who, payload: AnalysisRequest, request_id: str) -> tuple[str | None, dict | None]:
        """(row id, None) for a new reservation; (None, the stored answer) for a retry of a request that
        already succeeded (same answer, no charge). Raises metering.Refused."""
        with database.session() as session:
            try:
                row, replay = metering.reserve(session, who, request_id, payload.task, settings, _digest(payload))
            except metering.Refused as refused:
                refusal = refused  # raised once committed: a refusal still prunes the rate window
            else:
                return (None, _answer(row, who)) if replay else (row.id, None)
        raise refusal

    def _release(row_id: str) -> None:
        with database.session() as session:
            metering.release(session, row_id)  # not metered: nothing is charged for a failure

    def _run_analysis(who, payload: AnalysisRequest, request_id: str):
        try:
            row_id, replayed = _reserve(who, payload, request_id)
        except metering.Refused as refused:
            return error(refused.status, str(refused), refused.retry_after)
        if replayed is not None:
            return replayed
        redactions = 0
        try:
            messages, redactions = _redacted(payload.messages)
            answer = model.complete(messages, payload.schema_)
        except UpstreamError as exc:
            _release(row_id)
            _audit(who, payload, redactions, exc.status)
            return error(exc.status, str(exc))
        except BaseException:
            _release(row_id)  # never leave a reservation behind
            raise
        done = _meter_or_release(who, payload, redactions, row_id, answer)
        return error(500, NOT_RECORDED) if done is None else done

    def _meter_or_release(who, payload: AnalysisRequest, redactions: int, row_id: str, answer) -> dict | None:
        """Meter the answer; None (and the reservation released) when it cannot be recorded."""
        try:
            with database.session() as session:
                row = metering.complete(
                    session,
                    row_id,
                    who,
                    model=answer.model,
                    tokens_in=answer.tokens_in,
                    tokens_out=answer.tokens_out,
                    latency_ms=answer.latency_ms,
                    content=answer.content,
                    settings=settings,
                )
                done = _answer(row, who)
        except Exception as exc:  # noqa: BLE001 - a database failure: refuse, release, never leave it pending
            log.error("could not record analysis %s (%s); released", row_id, type(exc).__name__)
            _release(row_id)
            return None
        _audit(who, payload, redactions, 200)
        return done

    async def _stream_analysis(who, payload: AnalysisRequest, request_id: str):
        from starlette.concurrency import run_in_threadpool

        try:
            row_id, replayed = await run_in_threadpool(_reserve, who, payload, request_id)
        except metering.Refused as refused:
            return error(refused.status, str(refused), refused.retry_after)
        if replayed is not None:
            return EventStream(_replay(replayed))
        redactions = 0
        try:
            messages, redactions = await run_in_threadpool(_redacted, payload.messages)
            upstream_stream = await run_in_threadpool(model.stream, messages, payload.schema_)
        except BaseException as exc:
            await _shielded(_release, row_id)
            if not isinstance(exc, UpstreamError):
                raise
            await run_in_threadpool(_audit, who, payload, redactions, exc.status)
            return error(exc.status, str(exc))
        forwarding = Forwarding(who, payload, redactions, row_id, upstream_stream)
        return EventStream(forwarding.events(), forwarding.finish)

    class Forwarding:
        """One streamed analysis on its way to the client. ``events()``: the upstream's pieces as they come
        (each read in a worker thread: the upstream client blocks), then the metered summary. Charged once
        the upstream has answered, whether or not the client is still there for the ``done`` event: a
        client that goes away early does not stop the upstream (it answers, and costs, all the same), so
        its answer is read to the end and metered, and a retry with the same Idempotency-Key replays it.
        Released when the upstream fails. ``finish()`` settles it however the response ended, also one
        whose events never started (the client gone before the first byte)."""

        def __init__(self, who, payload: AnalysisRequest, redactions: int, row_id: str, upstream_stream) -> None:
            self.call = (who, payload, redactions, row_id)
            self.upstream = upstream_stream
            self.pieces = iter(upstream_stream)
            self.settled = False

        async def events(self):
            from starlette.concurrency import run_in_threadpool

            who, payload, redactions, row_id = self.call
            try:
                while (piece := await run_in_threadpool(next, self.pieces, None)) is not None:
                    yield _sse({"delta": metering.storable(piece)})
                self.settled = True  # the upstream answered: metered now, even if the client leaves before `done`
                done = await _shielded(_meter_or_release, *self.call, self.upstream.answer)
                yield _sse({"error": NOT_RECORDED, "status": 500} if done is None else {"done": True, **_summary(done)})
            except UpstreamError as exc:
                await _shielded(_release, row_id)  # before the event: a retry right after it must not get 409
                self.settled = True
                await _shielded(_audit, who, payload, redactions, exc.status)
                yield _sse({"error": str(exc), "status": exc.status})
            finally:
                await self.finish()

        async def finish(self) -> None:
            if not self.settled:
                self.settled = True
                await _shielded(_finish_abandoned, *self.call, self.upstream, self.pieces)
            await _shielded(self.upstream.close)

    def _finish_abandoned(who, payload: AnalysisRequest, redactions: int, row_id: str, upstream_stream, pieces) -> None:
        """The client left mid-stream: read the rest of the upstream's answer, then meter or release."""
        try:
            for _ in pieces:
                pass
        except UpstreamError as exc:
            _release(row_id)
            _audit(who, payload, redactions, exc.status)
            return
        except BaseException:
            _release(row_id)
            raise
        if upstream_stream.answer is None:  # the stream had already failed (the error was not seen here)
            _release(row_id)
            return
        _meter_or_release(who, payload, redactions, row_id, upstream_stream.answer)

    def _audit(who, payload: AnalysisRequest, redactions: int, status: int) -> None:
        if who.tier != "enterprise":
            return
        with database.session() as session:
            session.add(
                AuditEntry(
                    organisation_id=who.organisation_id,
                    account_email=who.email,
                    kind=payload.task,
                    model=settings.upstream_model,
                    bytes_in=sum(len(m.content.encode()) for m in payload.messages),
                    redactions=redactions,
                    status=status,
                )
            )

    @app.get("/v1/usage")
    def usage(days: int = 30, who=Depends(principal)):  # noqa: B008
        if who is None:
            return error(401, "unknown or revoked API key")
        if "usage" not in who.scopes:
            return error(403, "this key may not read usage")
        from .billing import running_bill

        with database.session() as session:
            report = metering.usage(session, who.organisation_id, max(1, min(days, 366)))
            # pay-per-use: what this calendar month costs so far ($0.10 per analysis); 0 on other tiers
            report["bill"] = running_bill(session, who.organisation_id, settings.price_cents_payg)
            return report

    @app.post("/v1/auth/oidc")
    def oidc_login(id_token: str = Form(...)):
        from .oidc import OIDCError, login

        try:
            key = login(database, settings, id_token)
        except OIDCError as exc:
            return error(401, str(exc))
        return {"api_key": key}

    @app.post("/login")
    def page_login(api_key: str = Form(...), next: str = Form("/usage")):
        """The usage page signs in with an API key: the same key, the same scopes as ``GET /v1/usage``;
        then back to the page that asked (``/usage`` or ``/dashboard``, never elsewhere)."""
        with database.session() as session:
            who = accounts.authenticate(session, api_key)
        if who is None:
            return HTMLResponse(
                _page("Sign in", "<p class=err>Unknown or revoked key.</p>" + _LOGIN_FORM), status_code=401
            )
        if "usage" not in who.scopes:
            return HTMLResponse(
                _page("Sign in", "<p class=err>This key may not read usage.</p>" + _LOGIN_FORM), status_code=403
            )
        response = RedirectResponse(next if next in SIGNED_IN_PAGES else "/usage", status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            _sign(settings, f"{who.key_id}:{int(time.time()) + SESSION_TTL_S}"),
            max_age=SESSION_TTL_S,
            httponly=True,
            samesite="strict",
            secure=settings.secure_cookies,
        )
        return response

    @app.get("/usage", response_class=HTMLResponse)
    def usage_page(request: Request, days: int = 30):
        key_id, _, expires = (_unsign(settings, request.cookies.get(SESSION_COOKIE, "")) or "").partition(":")
        if not key_id or not expires.isdigit() or int(expires) < time.time():
            return HTMLResponse(_page("Sign in", _LOGIN_FORM))
        from .models import ApiKey
        from .page import render_usage

        with database.session() as session:
            key = session.get(ApiKey, key_id)
            # Checked on every view: a key revoked, expired or narrowed since sign-in ends the session.
            if key is None or not accounts.is_live(key) or "usage" not in key.scopes:
                return HTMLResponse(_page("Sign in", _LOGIN_FORM))
            org = key.account.organisation
            data = metering.usage(session, org.id, max(1, min(days, 366)))
            return HTMLResponse(render_usage(org.name, org.tier, key.account.email, data))

    from .plugins import routes as plugin_routes
    from .privacy_routes import routes as privacy_routes

    app.include_router(plugin_routes(database))
    app.include_router(privacy_routes(database, settings))
    return app


class EventStream(StreamingResponse):
    """Server-sent events whose generator is always closed, also when the client disconnects mid-stream
    (Starlette then just stops iterating), so that its clean-up runs now; ``finish`` runs after it in any
    case, also when the generator never started (closing an unstarted generator runs none of its code,
    and a client gone before the first byte can cancel the streaming task before it starts)."""

    def __init__(self, events, finish=None) -> None:
        super().__init__(
            events, media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
        self.finish = finish

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            try:
                await self.body_iterator.aclose()
            finally:
                if self.finish is not None:
                    await self.finish()


def _sse(event: dict) -> str:
    return f"data: {json.dumps(event, separators=(',', ':'))}\n\n"


async def _replay(answer: dict):
    """A retry of a streamed request that already succeeded: the stored answer as one piece, no charge."""
    if answer["content"]:
        yield _sse({"delta": answer["content"]})
    yield _sse({"done": True, **_summary(answer)})


def _summary(answer: dict) -> dict:
    """The final event: the answer's id, model, tier and usage (its text went out as the deltas)."""
    return {k: v for k, v in answer.items() if k != "content"}


async def _shielded(fn, *args):
    """Run ``fn`` in a worker thread to its end even while the request is being cancelled (client gone)."""
    import anyio
    from starlette.concurrency import run_in_threadpool

    with anyio.CancelScope(shield=True):
        return await run_in_threadpool(fn, *args)


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several worker processes): settings from the environment."""
    return create_app(CloudSettings())


def _redacted(messages: list[ChatMessage]) -> tuple[list[dict], int]:
    """Redact again on the server (defence in depth: a client may be old or modified)."""
    redactor = _server_redactor()
    out = [{"role": m.role, "content": redactor.redact(m.content)} for m in messages]
    return out, len(redactor.secrets)


def _server_redactor():
    from ..ai.redact import Redactor

    class ServerRedactor(Redactor):
        """Placeholders named ``REDACTED_CLOUD_<KIND>_<n>``: the client numbers its own placeholders from 1
        too, and must not "restore" one of ours to one of its secrets."""

        def _placeholder(self, secret: str, kind: str) -> str:
            return super()._placeholder(secret, f"CLOUD_{kind}")

    return ServerRedactor()


def _digest(payload: AnalysisRequest) -> str:
    """What makes two requests the same request for an Idempotency-Key (streamed or not is how the
    answer travels, not what is asked)."""
    canonical = payload.model_dump_json(by_alias=True, exclude={"stream"})
    return hashlib.sha256(canonical.encode()).hexdigest()


def _answer(row, who) -> dict:
    return {
        "id": row.id,
        "content": row.content,
        "model": row.model,
        "tier": who.tier,
        "usage": {"tokens_in": row.tokens_in, "tokens_out": row.tokens_out, "cost_cents": row.cost_cents},
    }


def _sign(settings: CloudSettings, value: str) -> str:
    mac = hmac.new(settings.session_secret.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def _unsign(settings: CloudSettings, signed: str) -> str | None:
    value, _, mac = signed.rpartition(".")
    if not value:
        return None
    expected = hmac.new(settings.session_secret.encode(), value.encode(), hashlib.sha256).hexdigest()
    return value if hmac.compare_digest(mac, expected) else None


_LOGIN_FORM = """<form method=post action=/login><label>API key <input name=api_key type=password autocomplete=off></label>
<button type=submit>Sign in</button></form>"""


def _page(title: str, body: str) -> str:
    from .page import page

    return page(title, body)
