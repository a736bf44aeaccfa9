"""Service settings, from the environment (12-factor: the same image runs anywhere)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path


def _default_database_url() -> str:
    from ..tiers.store import data_dir

    return f"sqlite:///{data_dir() / 'cloud.sqlite3'}"


def _json_object(name: str) -> dict:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ValueError(f"{name} is not valid JSON") from None
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be a JSON object")  # noqa: TRY004 - a bad setting, reported like the others
    return value


@dataclass
class CloudSettings:
    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL") or _default_database_url())
    upstream_base_url: str | None = field(default_factory=lambda: os.environ.get("UPSTREAM_BASE_URL"))
    upstream_model: str = field(default_factory=lambda: os.environ.get("UPSTREAM_MODEL", "default"))
    upstream_api_key: str | None = field(default_factory=lambda: os.environ.get("UPSTREAM_API_KEY"))
    upstream_timeout_s: float = field(default_factory=lambda: float(os.environ.get("UPSTREAM_TIMEOUT_S", "60")))
    # extra fields for every upstream request (JSON object), e.g. sampling options of a local model
    upstream_extra_body: dict = field(default_factory=lambda: _json_object("UPSTREAM_EXTRA_BODY"))
    license_private_key_file: str | None = field(default_factory=lambda: os.environ.get("LICENSE_PRIVATE_KEY_FILE"))
    license_key_id: str = field(default_factory=lambda: os.environ.get("LICENSE_KEY_ID", "ig-2026-11"))
    session_secret: str = field(default_factory=lambda: os.environ.get("SESSION_SECRET") or os.urandom(32).hex())
    rate_limit_per_minute: int = field(default_factory=lambda: int(os.environ.get("RATE_LIMIT_PER_MINUTE", "60")))
    max_request_bytes: int = field(default_factory=lambda: int(os.environ.get("MAX_REQUEST_BYTES", str(256 * 1024))))
    price_cents_payg: int = 10  # $0.10 per analysis on pay-per-use
    monthly_quota: dict[str, int] = field(default_factory=lambda: {"professional": 5000, "enterprise": 50000})
    secure_cookies: bool = field(
        default_factory=lambda: os.environ.get("SECURE_COOKIES", "1") != "0"
    )  # 0 only for plain-HTTP dev
    oidc_issuer: str | None = field(default_factory=lambda: os.environ.get("OIDC_ISSUER"))
    oidc_client_id: str | None = field(default_factory=lambda: os.environ.get("OIDC_CLIENT_ID"))
    # a key from an OIDC sign-in expires after this many days (the next sign-in replaces it anyway)
    login_key_ttl_days: float = field(default_factory=lambda: float(os.environ.get("LOGIN_KEY_TTL_DAYS", "30")))
    # billing: the webhook's signing secret, and the checkout the pricing page links to ({tier}, {org} filled in)
    billing_webhook_secret: str | None = field(default_factory=lambda: os.environ.get("BILLING_WEBHOOK_SECRET"))
    checkout_url: str | None = field(default_factory=lambda: os.environ.get("CHECKOUT_URL"))
    # Enterprise SAML 2.0 sign-in next to OIDC: the identity provider's entity id, its SSO URL (HTTP-Redirect)
    # and its signing certificate (PEM file); this service's own entity id defaults to its metadata URL
    saml_idp_entity_id: str | None = field(default_factory=lambda: os.environ.get("SAML_IDP_ENTITY_ID"))
    saml_idp_sso_url: str | None = field(default_factory=lambda: os.environ.get("SAML_IDP_SSO_URL"))
    saml_idp_cert_file: str | None = field(default_factory=lambda: os.environ.get("SAML_IDP_CERT_FILE"))
    saml_sp_entity_id: str | None = field(default_factory=lambda: os.environ.get("SAML_SP_ENTITY_ID"))
    # how often `infragenius login` polls for the device code's approval (seconds)
    device_poll_interval_s: int = field(default_factory=lambda: int(os.environ.get("DEVICE_POLL_INTERVAL_S", "5")))
    # how long an answer's text (and its Idempotency-Key) is kept for retries; then only usage remains
    answer_retention_hours: float = field(default_factory=lambda: float(os.environ.get("ANSWER_RETENTION_HOURS", "24")))

    # alerts (cloud/alerts.py): plain http and loopback/private addresses only where a deployment allows
    # them (development, an on-prem chat server); how long to wait between delivery attempts
    alerts_allow_http: bool = field(default_factory=lambda: os.environ.get("ALERTS_ALLOW_HTTP") == "1")
    alerts_allow_private_networks: bool = field(
        default_factory=lambda: os.environ.get("ALERTS_ALLOW_PRIVATE_NETWORKS") == "1"
    )
    alert_retry_delays_s: tuple[float, ...] = (2.0, 10.0)
    # an uploaded report as sent (gzip: 5,300 findings are ~300 KB) and once decompressed
    max_upload_bytes: int = field(default_factory=lambda: int(os.environ.get("MAX_UPLOAD_BYTES", str(8 << 20))))
    max_report_bytes: int = field(default_factory=lambda: int(os.environ.get("MAX_REPORT_BYTES", str(64 << 20))))
    # a repository's shared baseline (PUT /v1/baselines): the JSON of --write-baseline, ~200 bytes a finding
    max_baseline_bytes: int = field(default_factory=lambda: int(os.environ.get("MAX_BASELINE_BYTES", str(8 << 20))))

    # GDPR: the one region this deployment keeps its data in (`cloud serve --region`), and how long an
    # organisation's reports and analysis content are kept unless it sets its own period
    region: str = field(default_factory=lambda: os.environ.get("REGION", "unspecified"))
    retention_days: int = field(default_factory=lambda: int(os.environ.get("RETENTION_DAYS", "90")))

    def license_private_key(self) -> bytes | None:
        inline = os.environ.get("LICENSE_PRIVATE_KEY")
        if inline:
            return inline.encode()
        if self.license_private_key_file:
            return Path(self.license_private_key_file).read_bytes()
        return None
