"""The server-rendered usage page (no JavaScript, escaped everywhere)."""

from __future__ import annotations

from html import escape

STYLE = """body{font:15px system-ui,sans-serif;margin:2rem auto;max-width:860px;color:#1b1f24}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left}td.n{text-align:right}
.cards{display:flex;gap:1rem}.card{border:1px solid #ddd;border-radius:8px;padding:.8rem 1rem;flex:1}
.card b{display:block;font-size:1.5rem}.err{color:#b00020}"""


def page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)} — InfraGenius Cloud</title>"
        f"<style>{STYLE}</style><h1>{escape(title)}</h1>{body}</html>"
    )


def render_usage(org: str, tier: str, email: str, data: dict) -> str:
    cards = (
        f"<div class=cards><div class=card>Analyses<b id=analyses>{data['analyses']}</b></div>"
        f"<div class=card>Cost<b id=cost>${data['cost_usd']:.2f}</b></div>"
        f"<div class=card>Tokens<b>{data['tokens']}</b></div></div>"
    )
    rows = (
        "".join(
            f"<tr><td>{escape(day)}</td><td class=n>{v['analyses']}</td><td class=n>${v['cost_cents'] / 100:.2f}</td></tr>"
            for day, v in data["by_day"].items()
        )
        or "<tr><td colspan=3>No analyses in this period.</td></tr>"
    )
    kinds = ", ".join(f"{escape(k)}: {n}" for k, n in data["by_kind"].items()) or "none"
    body = (
        f"<p>{escape(email)} · {escape(org)} · {escape(tier)} · last {data['days']} days</p>{cards}"
        f"<table><thead><tr><th>Day</th><th>Analyses</th><th>Cost</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>By kind: {kinds}</p>"
    )
    return page("Usage", body)
