"""On-prem license issuers: an Enterprise deployment signs its own licenses, within limits InfraGenius set.

``$INFRAGENIUS_TRUSTED_KEYS_DIR`` holds, per on-prem signing key, ``<kid>.pem`` (its Ed25519 public key)
and ``<kid>.cert`` (its issuer certificate). A key without a valid certificate grants nothing: anyone
can make a key, only InfraGenius can certify one.

The certificate is an EdDSA JWT signed by a vendor root (a key shipped in the package), with the
header ``typ`` ``ig-issuer+jwt`` (so it can never pass for a license) and the claims ``iss``
(``infragenius``), ``sub`` (the certified kid), ``key`` (the public key: base64url of its 32 raw
bytes), ``org``, ``max_tier`` (the highest tier it may issue), ``seats`` (the most seats one license
may grant; absent = no cap), ``iat`` and ``exp``. Licenses the key signs must stay inside all of them
(``Issuer.refusal``).

Example: ``certify(root_pem, "ig-2026-11", public_key_pem=acme_pem, kid="acme-onprem", org="acme",
max_tier="enterprise", seats=500)``; the deployment puts ``acme-onprem.pem`` and ``acme-onprem.cert``
in the folder and signs licenses with ``kid`` ``acme-onprem``.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .entitlements import ENTITLEMENTS, Feature, Tier

log = logging.getLogger("infragenius.tiers.license")  # one logger for everything about license trust

TRUSTED_KEYS_ENV = "INFRAGENIUS_TRUSTED_KEYS_DIR"
CERT_TYPE = "ig-issuer+jwt"
ISSUER = "infragenius"
LEEWAY_S = 300  # tolerated clock skew, as for licenses


class CertificateError(Exception):
    """Why an on-prem key is not trusted (the text completes "the key grants nothing: ...")."""


@dataclass(frozen=True)
class Issuer:
    """A certified on-prem signing key and the limits of what it may grant."""

    kid: str
    public_pem: bytes
    org: str
    max_tier: Tier
    seats: int | None
    expires_at: int

    def refusal(
        self, tier: Tier, features: frozenset[Feature], org: str | None, seats: int | None, expires_at: int
    ) -> str | None:
        """Why a license with these claims goes beyond this issuer's certificate, or None."""
        who = f"its issuer {self.kid!r} ({self.org})"
        if org is not None and org != self.org:
            return f"the license names the organisation {org!r} but {who} is certified for {self.org!r} only"
        allowed = ENTITLEMENTS[self.max_tier]
        if not ENTITLEMENTS[tier] <= allowed:
            return f"the license grants {tier.title} but {who} may issue {self.max_tier.title} at most"
        beyond = sorted(f.value for f in features - allowed)
        if beyond:
            return f"the license grants {', '.join(beyond)} beyond what {who} may issue ({self.max_tier.title})"
        if self.seats is not None and (seats is None or seats > self.seats):
            granted = "unlimited seats" if seats is None else f"{seats} seats"
            return f"the license grants {granted} but {who} may grant {self.seats} at most"
        if expires_at > self.expires_at:
            return (
                f"the license runs until {_day(expires_at)}, past {who}'s certificate (until {_day(self.expires_at)})"
            )
        return None


@dataclass(frozen=True)
class OnPrem:
    """The on-prem keys found: the certified ones, and why each other one grants nothing."""

    issuers: dict[str, Issuer] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)


def vendor_roots() -> dict[str, bytes]:
    """kid -> PEM of the keys that may certify an on-prem issuer: the vendor keys shipped in the
    package (tests replace this in-process; nothing from the environment or a file is ever added)."""
    from .license import shipped_keys

    return shipped_keys()


def on_prem(now: float | None = None) -> OnPrem:
    """The keys in ``$INFRAGENIUS_TRUSTED_KEYS_DIR``, each checked against its certificate."""
    folder = os.environ.get(TRUSTED_KEYS_ENV, "").strip()
    if not folder:
        return OnPrem()
    path = Path(folder).expanduser()
    if not path.is_dir():
        log.warning("%s=%s is not a folder; no extra license keys trusted", TRUSTED_KEYS_ENV, path)
        return OnPrem()
    roots = vendor_roots()
    found = OnPrem()
    for pem_path in sorted(path.glob("*.pem")):
        kid = pem_path.stem
        if kid in roots:
            log.warning("ignored %s: a shipped key cannot be replaced", pem_path)
            continue
        try:
            found.issuers[kid] = _load(pem_path, roots, time.time() if now is None else now)
        except CertificateError as exc:
            log.warning("ignored %s: %s", pem_path, exc)
            found.refused[kid] = str(exc)
    return found


def _load(pem_path: Path, roots: dict[str, bytes], now: float) -> Issuer:
    try:
        pem = pem_path.read_bytes()
        raw = _raw_public_key(pem)
    except (OSError, ValueError, TypeError):
        raise CertificateError("not an Ed25519 public key (PEM)") from None
    cert_path = pem_path.with_suffix(".cert")
    try:
        token = cert_path.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise CertificateError(f"no issuer certificate ({cert_path.name}) signed by InfraGenius") from None
    return check_certificate(token, pem_path.stem, pem, raw, roots, now)


def check_certificate(token: str, kid: str, pem: bytes, raw_key: bytes, roots: dict[str, bytes], now: float) -> Issuer:
    """The issuer a certificate vouches for, or CertificateError saying why it does not."""
    import jwt

    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise CertificateError("its issuer certificate is not a valid token") from None
    if header.get("typ") != CERT_TYPE or header.get("alg") != "EdDSA":
        raise CertificateError("its certificate is not an InfraGenius issuer certificate")
    root = header.get("kid")
    if root not in roots:
        raise CertificateError(f"its issuer certificate is signed by an unknown root ({root!r}), not by InfraGenius")
    try:
        claims = jwt.decode(
            token,
            roots[root],
            algorithms=["EdDSA"],
            issuer=ISSUER,
            options={
                "require": ["sub", "key", "org", "max_tier", "exp"],
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
                "verify_aud": False,
            },
        )
    except jwt.PyJWTError as exc:
        raise CertificateError(f"its issuer certificate is invalid ({exc})") from None
    return _issuer(claims, kid, pem, raw_key, now)


def _issuer(claims: dict, kid: str, pem: bytes, raw_key: bytes, now: float) -> Issuer:
    if claims["sub"] != kid or claims["key"] != _b64(raw_key):
        raise CertificateError("its issuer certificate was made for another key")
    if not isinstance(claims["org"], str) or not claims["org"]:
        raise CertificateError("its issuer certificate names no organisation")
    try:
        max_tier = Tier(claims["max_tier"])
    except (ValueError, TypeError):
        raise CertificateError(f"its issuer certificate names an unknown tier ({claims['max_tier']!r})") from None
    seats, expires = claims.get("seats"), claims["exp"]
    if seats is not None and not _count(seats):
        raise CertificateError("its issuer certificate's seats is not a positive whole number")
    if not _count(expires):
        raise CertificateError("its issuer certificate's expiry is not a timestamp")
    if expires < now - LEEWAY_S:
        raise CertificateError(f"its issuer certificate expired on {_day(expires)}")
    return Issuer(kid, pem, claims["org"], max_tier, seats, expires)


def certify(
    root_private_pem: bytes,
    root_kid: str,
    *,
    public_key_pem: bytes,
    kid: str,
    org: str,
    max_tier: str,
    seats: int | None = None,
    days: int = 365,
    now: float | None = None,
) -> str:
    """Sign an issuer certificate for an on-prem key (the vendor's admin CLI, and tests)."""
    import jwt

    issued = int(time.time() if now is None else now)
    claims = {
        "iss": ISSUER,
        "sub": kid,
        "key": _b64(_raw_public_key(public_key_pem)),
        "org": org,
        "max_tier": Tier(max_tier).value,
        "iat": issued,
        "exp": issued + days * 86400,
    }
    if seats is not None:
        claims["seats"] = seats
    return jwt.encode(claims, root_private_pem, algorithm="EdDSA", headers={"kid": root_kid, "typ": CERT_TYPE})


def _raw_public_key(pem: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_pem_public_key,
    )

    key = load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise TypeError("not an Ed25519 public key")
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _count(value: object) -> bool:
    """A positive whole number (JSON gives bools and floats too; neither is a count or a time here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _day(ts: int) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d")
