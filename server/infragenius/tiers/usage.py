"""Local usage analytics (Professional): counts of analyses, findings by rule and fixes applied, per
day, in a SQLite file under the user data dir. Nothing leaves the machine; no file content or path
is stored, only counts and rule codes."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from pathlib import Path

from . import store
from .entitlements import Feature

SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL DEFAULT '', n INTEGER NOT NULL,
    PRIMARY KEY (day, kind, code)
)
"""


def _db() -> sqlite3.Connection:
    folder = store.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(Path(folder) / "usage.sqlite3", timeout=5)
    conn.execute(SCHEMA)
    return conn


def record(analyses: int = 0, findings: Counter | None = None, fixes: int = 0, day: dt.date | None = None) -> bool:
    """Add counts for today. Recorded only when the license includes usage analytics."""
    from .state import allows

    if not allows(Feature.USAGE_ANALYTICS):
        return False
    day_s = (day or dt.date.today()).isoformat()
    rows = [("analysis", "", analyses), ("fix", "", fixes)] + [
        ("finding", code, n) for code, n in (findings or {}).items()
    ]
    with _db() as conn:
        conn.executemany(
            "INSERT INTO counts (day, kind, code, n) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (day, kind, code) DO UPDATE SET n = n + excluded.n",
            [(day_s, kind, code, n) for kind, code, n in rows if n],
        )
    return True


def summary(days: int) -> dict:
    since = (dt.date.today() - dt.timedelta(days=days - 1)).isoformat()
    with _db() as conn:
        rows = conn.execute("SELECT day, kind, code, n FROM counts WHERE day >= ? ORDER BY day", (since,)).fetchall()
    by_day: dict[str, dict[str, int]] = {}
    by_rule: Counter = Counter()
    totals: Counter = Counter()
    for day, kind, code, n in rows:
        by_day.setdefault(day, Counter())[kind] += n
        totals[kind] += n
        if kind == "finding":
            by_rule[code] += n
    return {
        "days": days,
        "totals": dict(totals),
        "by_day": {d: dict(c) for d, c in by_day.items()},
        "findings_by_rule": dict(by_rule.most_common()),
    }


def report(days: int, fmt: str = "text") -> str:
    data = summary(days)
    if fmt == "json":
        return json.dumps(data, indent=2)
    totals = data["totals"]
    lines = [
        (
            f"Last {days} days: {totals.get('analysis', 0)} analyses, {totals.get('finding', 0)} findings, "
            f"{totals.get('fix', 0)} fixes applied."
        ),
    ]
    if data["findings_by_rule"]:
        lines.append("Findings by rule:")
        lines += [f"  {code:<8} {n}" for code, n in list(data["findings_by_rule"].items())[:20]]
    if data["by_day"]:
        lines.append("By day:")
        lines += [
            f"  {day}  analyses {c.get('analysis', 0):>5}  findings {c.get('finding', 0):>5}  fixes {c.get('fix', 0):>3}"
            for day, c in data["by_day"].items()
        ]
    return "\n".join(lines)
