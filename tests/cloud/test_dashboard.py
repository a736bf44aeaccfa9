"""/dashboard (trend charts per repository/ref as inline SVG, top rules) and GET /v1/reports/export (CSV,
Professional), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from infragenius.cloud.dashboard import chart
from infragenius.cloud.models import Report
from infragenius.core.findings import Severity

from .reports_helpers import auth, sarif, upload

EXPECTED = Path(__file__).parent / "expected"
SOME = [("DF002", 0, Severity.WARNING), ("DF001", 2, Severity.ERROR), ("DF001", 3, Severity.ERROR)]


def sign_in(cloud, key: str):
    return cloud.client.post("/login", data={"api_key": key, "next": "/dashboard"}, follow_redirects=False)


def test_signing_in_from_the_dashboard_comes_back_to_it_and_nowhere_else(cloud):
    key = cloud.account()
    assert sign_in(cloud, key).headers["location"] == "/dashboard"
    elsewhere = cloud.client.post(
        "/login", data={"api_key": key, "next": "https://evil.example/"}, follow_redirects=False
    )
    assert elsewhere.headers["location"] == "/usage"


def test_the_dashboard_needs_a_session(cloud):
    page = cloud.client.get("/dashboard")
    assert page.status_code == 200
    assert "<input type=hidden name=next value=/dashboard>" in page.text and "<svg" not in page.text


def test_one_chart_per_repository_and_ref_and_the_top_rules(cloud):
    key = cloud.account()
    upload(cloud, key, sarif())
    upload(cloud, key, sarif(findings=SOME))
    upload(cloud, key, sarif(findings=SOME[:1]), repository="acme/web", ref="<script>alert(1)</script>")
    sign_in(cloud, key)
    page = cloud.client.get("/dashboard").text
    assert page.count("<svg class=chart") == 2
    assert (
        "<h2>acme/infra @ main</h2><p>2 uploads; latest: 2 errors, 1 warning, 0 information, 1 new, 0 fixed</p>" in page
    )
    assert "<h2>acme/web @ &lt;script&gt;alert(1)&lt;/script&gt;</h2>" in page and "<script>" not in page
    top = page.split("<h2>Top rules</h2>")[1].split("</table>")[0]
    assert "<tr><td>DF001</td><td class=n>2</td><td class=n>1</td></tr>" in top
    assert "<tr><td>DF002</td><td class=n>2</td><td class=n>2</td></tr>" in top


def test_the_chart_is_inline_svg_with_a_line_per_severity():
    day = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    reports = [
        Report(errors=e, warnings=w, information=i, created_at=day + dt.timedelta(days=n))
        for n, (e, w, i) in enumerate([(4, 10, 2), (3, 12, 2), (0, 6, 1)])
    ]
    assert chart(reports) + "\n" == (EXPECTED / "dashboard_chart.svg").read_text(encoding="utf-8")


def test_an_organisation_without_reports_is_told_how_to_send_them(cloud):
    key = cloud.account()
    sign_in(cloud, key)
    assert "No reports yet: run <code>infragenius check --upload</code> in CI." in cloud.client.get("/dashboard").text


def test_csv_export_is_professional_and_guards_against_formulas(cloud):
    professional, community = cloud.account(tier="professional"), cloud.account(tier="community")
    upload(cloud, professional, sarif())
    upload(cloud, professional, sarif(findings=SOME), ref="=HYPERLINK(1)")
    response = cloud.client.get("/v1/reports/export", headers=auth(professional))
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = [line.split(",")[1:] for line in response.text.splitlines()]  # the time aside
    assert rows == [
        ["repository", "ref", "commit", "errors", "warnings", "information", "new", "fixed"],
        ["acme/infra", "main", "abc123", "1", "1", "0", "0", "0"],
        ["acme/infra", "'=HYPERLINK(1)", "abc123", "2", "1", "0", "0", "0"],
    ]
    one = cloud.client.get("/v1/reports/export", params={"ref": "main"}, headers=auth(professional))
    assert len(one.text.splitlines()) == 2
    refused = cloud.client.get("/v1/reports/export", headers=auth(community))
    assert (refused.status_code, refused.json()) == (
        403,
        {"error": "CSV export is a Professional feature (see /pricing)"},
    )
