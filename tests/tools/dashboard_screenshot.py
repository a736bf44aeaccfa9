"""The README's dashboard screenshot: a Cloud service on a scratch SQLite database, a month of uploads from
two repositories (real SARIF from the renderer, fingerprints included), the signed-in /dashboard page as
the service serves it, opened in headless Chromium.

    .venv/bin/python tests/tools/dashboard_screenshot.py docs/dashboard.png
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

SERVER = Path(__file__).resolve().parents[2] / "server"
sys.path.insert(0, str(SERVER.parent))


def main(out: Path) -> None:
    from fastapi.testclient import TestClient

    from infragenius import app as composition
    from infragenius.cloud import accounts
    from infragenius.cloud.app import create_app
    from infragenius.cloud.db import migrate
    from infragenius.cloud.models import Report
    from infragenius.cloud.settings import CloudSettings
    from tests.cloud.reports_helpers import sarif, upload

    composition.compose_engine()  # the renderer names rules through the registry
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/cloud.sqlite3"
        migrate(url)
        settings = CloudSettings(database_url=url, session_secret="screenshot", secure_cookies=False)
        app = create_app(settings)
        with TestClient(app) as client:
            with app.state.database.session() as session:
                accounts.create_account(session, "ana@acme.example", "Acme", "professional")
                key = accounts.create_key(session, "ana@acme.example")
            _uploads(SimpleNamespace(client=client), key, sarif, upload)
            _spread_over_a_month(app.state.database, Report)
            client.post("/login", data={"api_key": key, "next": "/dashboard"})
            html = client.get("/dashboard").text
        page = Path(scratch) / "dashboard.html"
        page.write_text(html, encoding="utf-8")
        _screenshot(page, out)


def _uploads(cloud, key: str, sarif, upload) -> None:
    from infragenius.core.findings import Severity

    text = "".join(f"RUN step {n}\n" for n in range(40))
    levels = [Severity.ERROR] * 3 + [Severity.WARNING] * 5 + [Severity.INFORMATION] * 2
    codes = ["DF012", "DF002", "DF020", "DF001", "DF045", "DF012", "DF031", "DF012", "DF060", "DF002"]
    everything = [(codes[n % 10], n * 2, levels[(n * 7) % 10]) for n in range(20)]
    for day in range(12):
        fixed_so_far = everything[day + day // 2 :]  # the team fixes one or two a day
        slipped_in = everything[: 1 + day % 5 // 2]  # and now and then one comes back in a new change
        upload(cloud, key, sarif(text, slipped_in + fixed_so_far), repository="acme/infra", ref="main")
        upload(cloud, key, sarif(text, everything[: 6 + day % 4]), repository="acme/platform-charts", ref="main")


def _spread_over_a_month(database, report_model) -> None:
    """One upload every few days, instead of all within the second the script ran."""
    with database.session() as session:
        rows = list(session.query(report_model).order_by(report_model.created_at, report_model.id))
        start = dt.datetime(2026, 11, 8, 9, tzinfo=dt.UTC)
        for n, report in enumerate(rows):
            report.created_at = start + dt.timedelta(days=(n // 2) * 2.5)


def _screenshot(page: Path, out: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise SystemExit("no Chromium found")
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += ["--window-size=960,1060", f"--screenshot={out.resolve()}", page.as_uri()]
    subprocess.run(command, check=True, timeout=120, capture_output=True)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/dashboard.png"))
