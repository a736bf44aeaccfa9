"""Alerts: after an upload brings findings at or above a target's ``min_severity`` that the previous
report of the same repository/ref did not have, the service POSTs one JSON message to the target's URL
(Slack-compatible ``text`` plus structured fields), retrying, and logs each delivery.

The URL is the service calling out on a customer's behalf, so it must not reach the service's own
network (SSRF: cloud metadata at 169.254.169.254, the database, other pods). The policy:

- ``https`` only; ``http`` only where the deployment allows it (``ALERTS_ALLOW_HTTP=1``, for development);
- no user name or password in the URL;
- every address the host name resolves to must be a public one; loopback, private, link-local, shared
  and reserved ranges only where the deployment allows them (``ALERTS_ALLOW_PRIVATE_NETWORKS=1``);
- checked when the target is added and again at each delivery, and the delivery connects to the very
  address that was checked (TLS still verified against the host name), so a name that resolves elsewhere
  the second time (DNS rebinding) cannot turn it inward; redirects are not followed.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from .models import AlertDelivery, AlertTarget, Organisation, now
from .reports import Item, Recorded

log = logging.getLogger("infragenius.cloud.alerts")
LEVELS = ("error", "warning", "information")  # most severe first
COMMUNITY_TARGETS = 1
TIMEOUT_S = 10
LISTED = 20  # new findings named in the message's text


class AlertRefused(Exception):
    """A target that cannot be added (HTTP ``status``; the message says why)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Policy:
    allow_http: bool = False
    allow_private: bool = False


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def checked_address(url: str, policy: Policy, resolver: Resolver | None = None) -> str:
    """The address to connect to for ``url``, once the policy allows the URL and every address its host
    resolves to. AlertRefused(422) otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise AlertRefused(422, "url must be an https:// URL")
    if parts.scheme == "http" and not policy.allow_http:
        raise AlertRefused(422, "url must be https:// (this deployment does not send alerts over plain http)")
    if parts.username is not None or parts.password is not None:
        raise AlertRefused(422, "url must not carry a user name or password")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = (resolver or resolve)(parts.hostname, port)
    except (OSError, ValueError, UnicodeError):
        raise AlertRefused(422, f"cannot resolve {parts.hostname}") from None
    if not addresses:
        raise AlertRefused(422, f"cannot resolve {parts.hostname}")
    for address in addresses:
        if not policy.allow_private and not _public(address):
            raise AlertRefused(422, f"url must reach a public address ({parts.hostname} is {address})")
    return addresses[0]


_EMBEDS_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))  # NAT64, IPv4-compatible


def _public(address: str) -> bool:
    """A global unicast address, and so is any IPv4 address inside it (``::ffff:127.0.0.1``, 6to4
    ``2002:7f00:1::``, NAT64 ``64:ff9b::7f00:1``, ``::127.0.0.1``): each of those reaches the IPv4 one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    inside: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        inside += [v4 for v4 in (ip.ipv4_mapped, ip.sixtofour) if v4 is not None]
        if any(ip in network for network in _EMBEDS_IPV4):
            inside.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return all(one.is_global and not one.is_multicast for one in inside)


def add(session: Session, org: Organisation, url: str, min_severity: str, policy: Policy) -> AlertTarget:
    if min_severity not in LEVELS:
        raise AlertRefused(422, "min_severity must be error, warning or information")
    if len(url) > 2000:
        raise AlertRefused(422, "url is longer than 2000 characters")
    checked_address(url, policy)
    limit = target_limit(org)
    session.execute(select(Organisation.id).where(Organisation.id == org.id).with_for_update())
    if limit is not None and count(session, org.id) >= limit:
        raise AlertRefused(
            402, f"Community organisations have {limit} alert target; Professional has no limit (see /pricing)"
        )
    target = AlertTarget(organisation_id=org.id, url=url, min_severity=min_severity)
    session.add(target)
    session.flush()
    return target


def target_limit(org: Organisation) -> int | None:
    return None if org.tier_now() in ("professional", "enterprise") else COMMUNITY_TARGETS


def count(session: Session, org_id: str) -> int:
    return (
        session.scalar(select(func.count()).select_from(AlertTarget).where(AlertTarget.organisation_id == org_id)) or 0
    )


def targets(session: Session, org_id: str) -> list[AlertTarget]:
    query = select(AlertTarget).where(AlertTarget.organisation_id == org_id)
    return list(session.scalars(query.order_by(AlertTarget.created_at, AlertTarget.id)))


def describe(target: AlertTarget) -> dict:
    return {"id": target.id, "url": target.url, "min_severity": target.min_severity}


# -- after an upload -------------------------------------------------------------------------------------
def _at_least(level: str, minimum: str) -> bool:
    return LEVELS.index(level) <= LEVELS.index(minimum)


def due(session: Session, recorded: Recorded) -> list[tuple[AlertDelivery, AlertTarget, dict]]:
    """The messages an upload owes, each logged as a pending delivery (in the upload's transaction, so
    that an alert is never lost without a trace). The first upload of a repository/ref alerts nothing."""
    if recorded.first or not recorded.new:
        return []
    report = recorded.report
    owed = []
    for target in targets(session, report.organisation_id):
        worth = [item for item in recorded.new if _at_least(item.level, target.min_severity)]
        if worth:
            body = message(report, worth)
            delivery = AlertDelivery(alert_id=target.id, report_id=report.id, body=body)
            session.add(delivery)
            owed.append((delivery, target, body))
    session.flush()
    return owed


def message(report, new: list[Item]) -> dict:
    """Slack-compatible ``text`` (names escaped: a branch called ``<!channel>`` or ``<https://x|y>``, say a
    pull request's, must not ping everyone or show a link) and the same facts as structured fields."""
    where = _slack(f"{report.repository}@{report.ref}")
    levels = ", ".join(f"{n} {lv}" for lv in LEVELS if (n := sum(i.level == lv for i in new)))
    lines = [f"InfraGenius: {len(new)} new finding{'s' if len(new) != 1 else ''} ({levels}) in {where}"]
    lines += [f"• {_slack(i.rule)} [{i.level}] {_slack(i.file)}:{i.start_line}" for i in new[:LISTED]]
    if len(new) > LISTED:
        lines.append(f"… and {len(new) - LISTED} more")
    return {
        "text": "\n".join(lines),
        "repository": report.repository,
        "ref": report.ref,
        "commit": report.commit,
        "report_id": report.id,
        "counts": {"errors": report.errors, "warnings": report.warnings, "information": report.information},
        "new": [{"rule": i.rule, "level": i.level, "file": i.file, "line": i.start_line} for i in new],
    }


def _slack(text: str) -> str:
    """Slack's own escaping of the three characters its message text gives meaning to."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Delivery:
    """One message on its way: delivered (2xx) or given up after ``len(delays) + 1`` attempts; a 4xx
    other than 408/429 is not retried (the receiver refused it)."""

    delivery_id: int
    url: str
    body: dict


# Deliveries wait on the customer's receiver (retries, timeouts): they run on threads of their own, so
# that a slow or dead receiver cannot take the request workers every other route runs on.
SENDERS = 4
_senders: ThreadPoolExecutor | None = None
_senders_lock = threading.Lock()


def send_later(database, deliveries: list[Delivery], policy: Policy, delays: tuple[float, ...]) -> list[Future]:
    """Queue the deliveries an upload owes (each already logged as pending)."""
    global _senders
    with _senders_lock:
        if _senders is None:
            _senders = ThreadPoolExecutor(SENDERS, thread_name_prefix="infragenius-alerts")
        pool = _senders
    return [pool.submit(deliver, database, delivery, policy, delays) for delivery in deliveries]


# A delivery is taken on by one process at a time (``claim``). One still pending a minute after its
# upload, or taken on by a process that has not finished it in 5 minutes (its retries take under one),
# lost its process: the next upload in any process sends it (``resend_stale``).
STALE_PENDING = dt.timedelta(minutes=1)
LEASE = dt.timedelta(minutes=5)
SWEEP_EVERY_S = 60
_swept_at = 0.0


def _stale(at: dt.datetime) -> ColumnElement[bool]:
    return or_(
        and_(AlertDelivery.status == "pending", AlertDelivery.at < at - STALE_PENDING),
        and_(AlertDelivery.status == "sending", AlertDelivery.claimed_at < at - LEASE),
    )


def claim(database, delivery_id: int) -> bool:
    """Take the delivery on, unless another process has (an atomic conditional update)."""
    at = now()
    with database.session() as session:
        taken = session.execute(
            update(AlertDelivery)
            .where(AlertDelivery.id == delivery_id, or_(AlertDelivery.status == "pending", _stale(at)))
            .values(status="sending", claimed_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(taken, "rowcount", 0))


def resend_stale(database, policy: Policy, delays: tuple[float, ...]) -> list[Future]:
    """Queue the deliveries whose process went away (at most once a minute per process)."""
    global _swept_at
    if _swept_at and time.monotonic() - _swept_at < SWEEP_EVERY_S:
        return []
    _swept_at = time.monotonic()
    with database.session() as session:
        rows = session.execute(
            select(AlertDelivery.id, AlertTarget.url, AlertDelivery.body)
            .join(AlertTarget, AlertTarget.id == AlertDelivery.alert_id)
            .where(_stale(now()), AlertDelivery.body.is_not(None))
            .limit(100)
        ).all()
    return send_later(database, [Delivery(row.id, row.url, row.body) for row in rows], policy, delays)


def deliver(
    database, delivery: Delivery, policy: Policy, delays: tuple[float, ...], resolver: Resolver | None = None
) -> str:
    """Send one message, retrying; record the outcome in the delivery log. Returns the final status
    ("taken" when another process has it)."""
    if not claim(database, delivery.delivery_id):
        return "taken"
    attempts, error = 0, None
    for wait in (*delays, None):
        attempts += 1
        error = _attempt(delivery, policy, resolver)
        if error is None or not _retryable(error) or wait is None:
            break
        time.sleep(wait)
    status = "delivered" if error is None else "failed"
    with database.session() as session:
        row = session.get(AlertDelivery, delivery.delivery_id)
        if row is not None:  # the message goes: the log keeps how it ended
            row.status, row.attempts, row.last_error, row.body = status, attempts, error, None
    if error is not None:
        log.warning("alert delivery %s failed after %d attempt(s): %s", delivery.delivery_id, attempts, error)
    return status


def _retryable(error: str) -> bool:
    return not (error.startswith("HTTP 4") and error not in ("HTTP 408", "HTTP 429")) and error != "refused by policy"


def _attempt(delivery: Delivery, policy: Policy, resolver: Resolver | None) -> str | None:
    """None when delivered; else the HTTP status or the kind of error (never the receiver's answer)."""
    try:
        address = checked_address(delivery.url, policy, resolver)
    except AlertRefused:
        return "refused by policy"
    parts = urlsplit(delivery.url)
    host = parts.hostname or ""
    literal = f"[{address}]" if ":" in address else address
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    headers = {"Host": parts.netloc.rpartition("@")[2], "User-Agent": "InfraGenius-Alerts"}
    try:
        with httpx.Client(timeout=TIMEOUT_S, follow_redirects=False) as client:
            response = client.post(pinned, json=delivery.body, headers=headers, extensions={"sni_hostname": host})
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
