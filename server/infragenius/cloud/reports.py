"""CI results in the Cloud: uploaded SARIF kept per organisation/repository/ref as counts and fingerprints,
compared with the previous report of the same repository and ref (new and fixed findings), and the trends.

A report keeps, per finding, only its file, rule, level, start line and the two fingerprint hashes that
``check --format sarif`` writes in ``partialFingerprints`` (``core/fingerprints.py``): never a message or
the file's text. Results of another tool without them get a hash of rule, file and message instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core.fingerprints import VERSION, matched
from .models import Organisation, Report, now

REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_./-]{1,99}$")
REF = re.compile(r"^[^\x00-\x20\x7f~^:?*\[\\]{1,255}$")  # what git allows in a ref name, roughly
SEVERITIES = ("error", "warning", "information")
_LEVELS = {"error": "error", "warning": "warning", "note": "information", "none": "information"}
MAX_RESULTS = 50_000
COMMUNITY_HISTORY_DAYS = 30


class BadReport(ValueError):
    """The upload is not a report this service can keep (HTTP 422, the message says why)."""


@dataclass(frozen=True)
class Item:
    """One finding as a report keeps it."""

    file: str
    rule: str
    level: str  # error | warning | information
    start_line: int
    context: str
    line: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.file, self.rule, self.context, self.line)

    def stored(self) -> list:
        return [self.file, self.rule, self.level, self.start_line, self.context, self.line]


def check_target(repository: str, ref: str) -> None:
    if not REPOSITORY.fullmatch(repository or "") or ".." in repository:
        raise BadReport("repository must be OWNER/NAME")
    if not REF.fullmatch(ref or ""):
        raise BadReport("ref is not a valid git ref name")


def items(sarif: object) -> list[Item]:
    """The findings of a SARIF 2.1.0 log (every run). BadReport when it is not one."""
    if not isinstance(sarif, dict) or sarif.get("version") != "2.1.0" or not isinstance(sarif.get("runs"), list):
        raise BadReport("sarif must be a SARIF 2.1.0 log")
    found: list[Item] = []
    for run in sarif["runs"]:
        results = run.get("results") if isinstance(run, dict) else None
        if not isinstance(results, list):
            raise BadReport("each SARIF run needs a results list")
        found.extend(_item(result) for result in results)
        if len(found) > MAX_RESULTS:
            raise BadReport(f"more than {MAX_RESULTS} results")
    return found


def _item(result) -> Item:
    try:
        rule = str(result["ruleId"])
        physical = result["locations"][0]["physicalLocation"]
        file = str(physical["artifactLocation"]["uri"])
        start = int(physical.get("region", {}).get("startLine", 0))
        level = _LEVELS.get(str(result.get("level", "warning")), "warning")
        prints = result.get("partialFingerprints") or {}
        context = str(prints.get(f"infragenius/{VERSION}", "")).rpartition(":")[0]
        line = str(prints.get(f"infragenius/line/{VERSION}", ""))
        if not context or not line:  # another tool's result: known by its rule, file and message
            text = str((result.get("message") or {}).get("text", ""))
            context = line = hashlib.sha256(f"{rule}\x00{file}\x00{text}".encode()).hexdigest()[:20]
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError):
        raise BadReport("a SARIF result lacks ruleId or a physical location, or has a malformed field") from None
    return Item(file[:1000], rule[:100], level, start, context[:64], line[:64])


def _from_stored(row: list) -> Item:
    file, rule, level, start, context, line = row
    return Item(file, rule, level, start, context, line)


class TooMany(Exception):
    """An organisation past its uploads per minute (HTTP 429, Retry-After)."""


def admit(session: Session, organisation_id: str, per_minute: int) -> None:
    """Raise TooMany when the organisation uploaded ``per_minute`` reports in the last minute (counted in
    the database: every service process sees the same count)."""
    since = now() - dt.timedelta(minutes=1)
    recent = session.scalar(
        select(func.count())
        .select_from(Report)
        .where(Report.organisation_id == organisation_id, Report.created_at >= since)
    )
    if (recent or 0) >= per_minute:
        raise TooMany(f"rate limit of {per_minute} uploads per minute reached")


@dataclass(frozen=True)
class Recorded:
    report: Report
    new: list[Item]  # findings the previous report of this repository/ref did not have
    first: bool  # no previous report: this one is the baseline


def record(
    session: Session, organisation_id: str, account_id: str, repository: str, ref: str, found: list[Item], commit=None
) -> Recorded:
    """Keep a report and count what is new and fixed since the previous one of the same repository/ref."""
    previous = latest(session, organisation_id, repository, ref)
    before = [_from_stored(row) for row in previous.findings] if previous is not None else []
    seen_before = matched([i.key for i in before], [i.key for i in found])
    still_there = matched([i.key for i in found], [i.key for i in before])
    new = [item for item, old in zip(found, seen_before, strict=True) if not old] if previous is not None else []
    levels = Counter(item.level for item in found)
    report = Report(
        organisation_id=organisation_id,
        account_id=account_id,
        repository=repository,
        ref=ref,
        commit=commit,
        errors=levels["error"],
        warnings=levels["warning"],
        information=levels["information"],
        new=len(new),
        fixed=still_there.count(False),
        findings=[item.stored() for item in found],
    )
    session.add(report)
    session.flush()
    return Recorded(report, new, previous is None)


def latest(session: Session, organisation_id: str, repository: str, ref: str) -> Report | None:
    return session.scalar(
        select(Report)
        .where(Report.organisation_id == organisation_id, Report.repository == repository, Report.ref == ref)
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(1)
    )


def history_days(org: Organisation) -> int | None:
    """How far back an organisation sees its reports: Community 30 days, paid tiers all (None)."""
    return None if org.tier_now() in ("professional", "enterprise") else COMMUNITY_HISTORY_DAYS


def in_history(session: Session, org: Organisation, repository: str | None = None, ref: str | None = None):
    """The organisation's reports within its history (of one repository/ref if given), oldest first."""
    query = select(Report).where(Report.organisation_id == org.id)
    if repository is not None:
        query = query.where(Report.repository == repository, Report.ref == ref)
    days = history_days(org)
    if days is not None:
        query = query.where(Report.created_at >= now() - dt.timedelta(days=days))
    return session.scalars(query.order_by(Report.created_at, Report.id))


def trends(session: Session, org: Organisation, repository: str, ref: str) -> list[dict]:
    """One point per upload, oldest first, within the organisation's history."""
    return [_point(r) for r in in_history(session, org, repository, ref)]


def rule_trends(session: Session, org: Organisation, repository: str, ref: str) -> list[dict]:
    """Per upload, the findings of each rule (Professional: trends by rule)."""
    return [
        {"at": _point(r)["at"], "rules": dict(sorted(Counter(row[1] for row in r.findings).items()))}
        for r in in_history(session, org, repository, ref)
    ]


def repository_trends(session: Session, org: Organisation) -> list[dict]:
    """Every repository/ref's points (Professional: trends by repository), by repository and ref."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for report in in_history(session, org):
        grouped.setdefault((report.repository, report.ref), []).append(_point(report))
    return [{"repository": repo, "ref": ref, "points": points} for (repo, ref), points in sorted(grouped.items())]


def _point(report: Report) -> dict:
    at = report.created_at.replace(tzinfo=dt.UTC) if report.created_at.tzinfo is None else report.created_at
    return {
        "at": at.isoformat(timespec="seconds"),
        "errors": report.errors,
        "warnings": report.warnings,
        "information": report.information,
        "new": report.new,
        "fixed": report.fixed,
    }


EXPORT_COLUMNS = ("at", "repository", "ref", "commit", "errors", "warnings", "information", "new", "fixed")


def export_csv(session: Session, organisation_id: str, repository: str | None = None, ref: str | None = None) -> str:
    """The organisation's reports as CSV, oldest first. Text cells that a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@`` first) are quoted with a leading apostrophe."""
    import csv
    import io

    query = select(Report).where(Report.organisation_id == organisation_id)
    if repository:
        query = query.where(Report.repository == repository)
    if ref:
        query = query.where(Report.ref == ref)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for report in session.scalars(query.order_by(Report.created_at, Report.id)):
        point = _point(report)
        texts = [_cell(report.repository), _cell(report.ref), _cell(report.commit or "")]
        writer.writerow([point["at"], *texts, *(point[k] for k in EXPORT_COLUMNS[4:])])
    return out.getvalue()


def _cell(text: str) -> str:
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
