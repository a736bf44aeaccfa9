"""Billing on the API: the provider's webhook, and the pricing page that leads to checkout."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Header, Request
from fastapi.responses import HTMLResponse

from . import billing
from .db import Database
from .http import TooLarge, error, read_body
from .settings import CloudSettings

log = logging.getLogger("infragenius.cloud.billing")


def routes(database: Database, settings: CloudSettings) -> APIRouter:
    router = APIRouter()

    @router.post("/v1/billing/webhook")
    async def webhook(request: Request, stripe_signature: str | None = Header(default=None)):
        """400 a bad or old signature; 200 otherwise, also for an event applied before (applied once)."""
        from starlette.concurrency import run_in_threadpool

        if not settings.billing_webhook_secret:
            return error(503, "billing is not configured on this server (BILLING_WEBHOOK_SECRET)")
        try:
            body = await read_body(request, settings.max_request_bytes)
            event = billing.verify(body, stripe_signature, settings.billing_webhook_secret)
        except TooLarge:
            return error(413, f"request larger than {settings.max_request_bytes} bytes")
        except billing.BadEvent as exc:
            return error(400, str(exc))
        outcome = await run_in_threadpool(_apply, event)
        log.info("billing event %s (%s): %s", event["id"][:80], event["type"][:100], outcome)
        return {"received": True, "outcome": outcome}

    def _apply(event: dict) -> str:
        with database.session() as session:
            return billing.apply(session, event)

    @router.get("/pricing", response_class=HTMLResponse)
    def pricing():
        from .pricing import render_pricing

        return HTMLResponse(render_pricing(settings.checkout_url, settings.price_cents_payg))

    return router
