"""Database tables (SQLAlchemy 2). All state lives here so that service processes are stateless."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

TIERS = ("community", "professional", "enterprise", "payg")


def _id() -> str:
    return uuid.uuid4().hex


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    tier: Mapped[str] = mapped_column(String(20), default="community")
    policy: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # Enterprise: settings served to clients
    # Paid tiers: the licensed seats (members the organisation may hold) and when the tier ends (a trial's
    # 14 days, a cancelled subscription's period end); past it the organisation is Community again.
    seats: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tier_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    trial_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # once
    # Enterprise SSO (SAML): sign-ins whose email is at this domain belong here; set by the vendor once the
    # organisation has shown it owns the domain (`cloud admin set-sso-domain`)
    sso_domain: Mapped[str | None] = mapped_column(String(253), unique=True, nullable=True)
    # days its reports and analysis content are kept (None: the deployment's RETENTION_DAYS, 90 by default)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    accounts: Mapped[list[Account]] = relationship(back_populates="organisation")

    def tier_now(self, at: dt.datetime | None = None) -> str:
        """The tier in force: a trial or a cancelled subscription ends at ``tier_expires_at``."""
        ends = self.tier_expires_at
        if ends is None:
            return self.tier
        ends = ends.replace(tzinfo=dt.UTC) if ends.tzinfo is None else ends  # SQLite gives naive UTC back
        return self.tier if ends > (at or now()) else "community"


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(20), default="member")  # owner | admin | member
    # A member removed from the organisation: no seat, no live key; the row stays (its usage does).
    removed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    organisation: Mapped[Organisation] = relationship(back_populates="accounts")


class ApiKey(Base):
    """A key is shown once; only its SHA-256 is stored. ``prefix`` finds the row without a scan. Keys made
    by a sign-in (``origin`` "login") expire, and a new sign-in revokes the account's previous one."""

    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    digest: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list] = mapped_column(JSON, default=lambda: ["analyses", "usage"])
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    origin: Mapped[str] = mapped_column(String(10), default="admin", server_default="admin")  # admin | login
    account: Mapped[Account] = relationship()


class Analysis(Base):
    """One metered analysis. ``request_id`` (account + Idempotency-Key) is unique: a retried request is
    never charged twice, and never sent upstream twice; ``request_digest`` (SHA-256 of the request) tells
    a retry from another request under the same key. Past the idempotency window the key, the digest
    and the answer text are forgotten (``metering.forget_answers``): the row stays as usage."""

    __tablename__ = "analyses"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_id)
    request_id: Mapped[str | None] = mapped_column(String(100), unique=True, nullable=True)
    request_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    api_key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id"))
    kind: Mapped[str] = mapped_column(String(20))
    model: Mapped[str] = mapped_column(String(200))
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    cost_cents: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[str] = mapped_column(String, default="")  # kept (for the window) so a retry gets the same answer
    # "pending" from admission until the upstream answers (it reserves quota and the idempotency key;
    # a failure deletes it), then "done": only done rows are usage and cost.
    status: Mapped[str] = mapped_column(String(10), default="done", server_default="done")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    __table_args__ = (Index("ix_analyses_org_created", "organisation_id", "created_at"),)


class RequestLog(Base):
    """Accepted requests per key, for rate limiting across processes (pruned as it goes)."""

    __tablename__ = "request_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    api_key_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class BillingEvent(Base):
    """A billing webhook event already applied: each event id is applied once (the provider retries)."""

    __tablename__ = "billing_events"
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class DeviceCode(Base):
    """One device-code sign-in (RFC 8628): the CLI polls with the device code (only its SHA-256 is
    stored), the user approves the short user code in a signed-in browser; the key is handed out once."""

    __tablename__ = "device_codes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_id)
    device_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_code: Mapped[str] = mapped_column(String(9), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | approved | denied | used
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    polled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # the SAML AuthnRequest sent for this code: only the IdP's answer to it may approve the code, once
    saml_request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditEntry(Base):
    """Enterprise audit log of AI requests: metadata only, never content."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(String(32), index=True)
    account_email: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(20))
    model: Mapped[str] = mapped_column(String(200))
    bytes_in: Mapped[int] = mapped_column(Integer)
    redactions: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Report(Base):
    """One uploaded check run (``POST /v1/reports``) of a repository's ref: its counts for the trends and
    its findings as fingerprints (file, rule, level, line, context and line hashes; no message, no file
    text), to tell the next upload's new findings from old ones. ``new``/``fixed`` are against the
    previous report of the same repository and ref (0 for the first: it is the baseline)."""

    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    repository: Mapped[str] = mapped_column(String(200))
    ref: Mapped[str] = mapped_column(String(255))
    commit: Mapped[str | None] = mapped_column(String(64), nullable=True)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    information: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    fixed: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    __table_args__ = (Index("ix_reports_org_repo_ref_created", "organisation_id", "repository", "ref", "created_at"),)


class AlertTarget(Base):
    """Where the service posts a message when an upload brings new findings at or above ``min_severity``."""

    __tablename__ = "alert_targets"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    min_severity: Mapped[str] = mapped_column(String(20), default="warning")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class AlertDelivery(Base):
    """The delivery log: one row per message, with how many attempts it took and how it ended. The
    message itself is kept until it is sent, so that another service process can send it when the one
    that should have sent it died (``claimed_at``: when a process took it on)."""

    __tablename__ = "alert_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[str] = mapped_column(String(32), index=True)  # kept when the target is deleted
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)  # HTTP status or error kind only
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    body: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # the message, until it is sent
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SharedBaseline(Base):
    """An organisation's baseline for one repository (``PUT /v1/baselines``): the document
    ``check --write-baseline`` writes (rules, file names and hashes of lines; messages, no file text),
    which members' ``check`` runs use when they name no baseline of their own."""

    __tablename__ = "shared_baselines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    repository: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    __table_args__ = (UniqueConstraint("organisation_id", "repository", name="uq_shared_baselines_org_repo"),)


class Plugin(Base):
    """One rule pack in the marketplace index (``GET /v1/plugins``): a PyPI package at one pinned version.
    Managed by the operator (``cloud admin plugin add/remove``); ``verified`` means the operator has
    reviewed that version, and ``tier`` is the lowest tier the pack is meant for."""

    __tablename__ = "plugins"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    package: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(64))
    tier: Mapped[str] = mapped_column(String(20), default="community")
    description: Mapped[str] = mapped_column(String(500), default="")
    homepage: Mapped[str | None] = mapped_column(String(500), nullable=True)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


__all__ = [
    "TIERS",
    "Account",
    "AlertDelivery",
    "AlertTarget",
    "Analysis",
    "ApiKey",
    "AuditEntry",
    "Base",
    "BillingEvent",
    "DeviceCode",
    "Organisation",
    "Plugin",
    "Report",
    "RequestLog",
    "SharedBaseline",
    "UniqueConstraint",
    "func",
]
