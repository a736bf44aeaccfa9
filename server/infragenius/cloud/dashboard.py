"""``/dashboard``: the organisation's uploaded reports, server-rendered like ``/usage`` (no JavaScript,
everything escaped): one trend chart per repository and ref (inline SVG: errors, warnings and
information per upload) and the rules with the most findings in the latest reports."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from . import accounts
from .db import Database
from .models import ApiKey, Organisation, Report, now
from .page import page
from .reports import history_days, in_history
from .settings import CloudSettings

SERIES = (("errors", "#c62828"), ("warnings", "#ef8f00"), ("information", "#1e88e5"))
WIDTH, HEIGHT, PAD = 640, 170, 28
POINTS_SHOWN = 100  # uploads per chart, the latest
TOP_RULES = 10

STYLE = """<style>.chart{border:1px solid #ddd;border-radius:8px;margin:.4rem 0 1.2rem}
.legend span{margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;
vertical-align:middle}h2{font-size:1.1rem;margin-top:1.6rem}th.n{text-align:right}</style>"""
SIGN_IN = """<form method=post action=/login><input type=hidden name=next value=/dashboard>
<label>API key <input name=api_key type=password autocomplete=off></label>
<button type=submit>Sign in</button></form>"""


def routes(database: Database, settings: CloudSettings) -> APIRouter:
    router = APIRouter()

    @router.get("/dashboard", response_class=HTMLResponse)
    def dashboard(request: Request):
        with database.session() as session:
            key = _signed_in_key(session, request, settings)
            if key is None:
                return HTMLResponse(page("Sign in", SIGN_IN))
            org = key.account.organisation
            return HTMLResponse(render(org, key.account.email, series(session, org)))

    return router


def _signed_in_key(session: Session, request: Request, settings: CloudSettings) -> ApiKey | None:
    """The key of the page session (the cookie ``/login`` sets), checked on every view like ``/usage``."""
    from .app import SESSION_COOKIE, _unsign

    key_id, _, expires = (_unsign(settings, request.cookies.get(SESSION_COOKIE, "")) or "").partition(":")
    if not key_id or not expires.isdigit() or int(expires) < now().timestamp():
        return None
    key = session.get(ApiKey, key_id)
    if key is None or not accounts.is_live(key) or "usage" not in key.scopes:
        return None
    return key


def series(session: Session, org: Organisation) -> dict[tuple[str, str], list[Report]]:
    """The organisation's reports within its history, by (repository, ref), oldest first."""
    grouped: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in in_history(session, org):
        grouped[(report.repository, report.ref)].append(report)
    return dict(sorted(grouped.items()))


def render(org: Organisation, email: str, grouped: dict[tuple[str, str], list[Report]]) -> str:
    days = history_days(org)
    period = f"last {days} days" if days else "all history"
    head = f"{STYLE}<p>{escape(email)} · {escape(org.name)} · {escape(org.tier_now())} · {period}</p>"
    if not grouped:
        body = "<p>No reports yet: run <code>infragenius check --upload</code> in CI.</p>"
        return page("Dashboard", head + body)
    charts = "".join(_section(repository, ref, reports) for (repository, ref), reports in grouped.items())
    return page("Dashboard", head + _top_rules(grouped) + charts)


def _section(repository: str, ref: str, reports: list[Report]) -> str:
    last = reports[-1]
    counts = ", ".join(
        (_count(last.errors, "error"), _count(last.warnings, "warning"), f"{last.information} information")
    )
    summary = f"{_count(len(reports), 'upload')}; latest: {counts}, {last.new} new, {last.fixed} fixed"
    return f"<h2>{escape(repository)} @ {escape(ref)}</h2><p>{summary}</p>{chart(reports[-POINTS_SHOWN:])}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def chart(reports: list[Report]) -> str:
    """A line per severity over the uploads; the y axis from 0 to the largest count."""
    top = max([1, *(getattr(r, name) for r in reports for name, _ in SERIES)])
    step = (WIDTH - 2 * PAD) / max(1, len(reports) - 1)

    def xy(i: int, value: int) -> str:
        return f"{PAD + i * step:.1f},{HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / top:.1f}"

    def dots(name: str, colour: str) -> str:  # a point per upload: one upload alone shows too
        centres = (xy(i, getattr(r, name)).split(",") for i, r in enumerate(reports))
        return "".join(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"/>' for x, y in centres)

    lines = "".join(
        f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
        f'points="{" ".join(xy(i, getattr(r, name)) for i, r in enumerate(reports))}"><title>{name}</title></polyline>'
        f"{dots(name, colour)}"
        for name, colour in SERIES
    )
    axes = (
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#999"/>'
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="#999"/>'
        f'<text x="4" y="{PAD + 4}" font-size="11">{top}</text><text x="4" y="{HEIGHT - PAD + 4}" font-size="11">0</text>'
        f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="11">{_day(reports[0])}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="11" text-anchor="end">{_day(reports[-1])}</text>'
    )
    legend = "".join(f'<span><i style="background:{c}"></i>{n}</span>' for n, c in SERIES)
    return (
        f'<svg class=chart role=img aria-label="findings per upload" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">{axes}{lines}</svg>'
        f"<div class=legend>{legend}</div>"
    )


def _day(report: Report) -> str:
    return report.created_at.strftime("%Y-%m-%d")


def _top_rules(grouped: dict[tuple[str, str], list[Report]]) -> str:
    """Findings per rule in the latest report of each repository/ref, and in how many of them."""
    findings: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for reports in grouped.values():
        rules = Counter(row[1] for row in reports[-1].findings)
        findings.update(rules)
        places.update(rules.keys())
    if not findings:
        return "<h2>Top rules</h2><p>No findings in the latest reports.</p>"
    rows = "".join(
        f"<tr><td>{escape(rule)}</td><td class=n>{count}</td><td class=n>{places[rule]}</td></tr>"
        for rule, count in sorted(findings.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]
    )
    return (
        "<h2>Top rules</h2><table><thead><tr><th>Rule</th><th class=n>Findings</th><th class=n>Repositories/refs</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
