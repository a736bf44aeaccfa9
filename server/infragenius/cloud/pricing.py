"""The pricing page (``/pricing``, server-rendered like ``/usage``): the four tiers, what each unlocks,
and a link to checkout (``CHECKOUT_URL``, with ``{tier}`` filled in) for the paid ones."""

from __future__ import annotations

from html import escape

from ..tiers.entitlements import ENTITLEMENTS, FEATURE_TITLES, Tier
from .page import page

PRICES = {
    Tier.COMMUNITY: "Free",
    Tier.PROFESSIONAL: "per seat, monthly",
    Tier.ENTERPRISE: "per seat, yearly; on-prem available",
    Tier.PAYG: "$0.10 per hosted analysis",
}
BASICS = "every rule, the language server and the CLI, AI with local, embedded or offline models"


def render_pricing(checkout_url: str | None, price_cents_payg: int) -> str:
    cards = "".join(_card(tier, checkout_url, price_cents_payg) for tier in PRICES)
    trial = (
        "<p>Try Professional for 14 days, once per organisation: <code>infragenius login</code>, then "
        "<code>infragenius license trial</code>.</p>"
    )
    return page("Pricing", f"<div class=cards>{cards}</div>{trial}")


def _card(tier: Tier, checkout_url: str | None, price_cents_payg: int) -> str:
    price = PRICES[tier] if tier != Tier.PAYG else f"${price_cents_payg / 100:.2f} per hosted analysis"
    extra = sorted(FEATURE_TITLES[f] for f in ENTITLEMENTS[tier] - ENTITLEMENTS[Tier.COMMUNITY] if f in FEATURE_TITLES)
    unlocks = BASICS if tier == Tier.COMMUNITY else "Community, plus " + ", ".join(extra)
    link = ""
    if tier != Tier.COMMUNITY:
        href = checkout_url.replace("{tier}", tier.value) if checkout_url else None
        link = (
            f"<p><a href='{escape(href, quote=True)}'>Choose {escape(tier.title)}</a></p>"
            if href
            else "<p>Checkout is not configured on this server.</p>"
        )
    return (
        f"<div class=card id={tier.value}><b>{escape(tier.title)}</b><p>{escape(price)}</p>"
        f"<p>{escape(unlocks)}</p>{link}</div>"
    )
