"""Licenses: Ed25519-signed JWTs verified offline against the public keys shipped in the package.

Claims: ``sub`` (user), ``org``, ``tier``, ``features`` (extras beyond the tier), ``seats``, ``iat``,
``nbf``, ``exp``; the header's ``kid`` picks the key, so keys can rotate (old and new both shipped).
Anything wrong — expired, not yet valid, tampered, unknown key, malformed — means Community, with
one clear reason.

Enterprise on-prem deployments sign licenses with their own key, trusted only with an issuer
certificate from InfraGenius and only within its limits (organisation, highest tier, seats, expiry):
see ``issuers.py``. A shipped kid cannot be replaced that way (the shipped key wins).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .entitlements import ENTITLEMENTS, Feature, Tier
from .issuers import CERT_TYPE, TRUSTED_KEYS_ENV, Issuer, OnPrem, on_prem  # noqa: F401 - TRUSTED_KEYS_ENV: kept importable here

log = logging.getLogger(__name__)

KEYS_DIR = Path(__file__).parent / "keys"
ISSUER = "infragenius"
LEEWAY_S = 300  # tolerated clock skew


@dataclass(frozen=True)
class License:
    subject: str
    org: str | None
    tier: Tier
    features: frozenset[Feature]
    seats: int | None
    issued_at: int | None
    expires_at: int | None
    key_id: str


@dataclass(frozen=True)
class LicenseState:
    """What the user has now, and why (``problem`` says why a token was not accepted)."""

    tier: Tier = Tier.COMMUNITY
    license: License | None = None
    problem: str | None = None
    extra_features: frozenset[Feature] = field(default_factory=frozenset)

    @property
    def features(self) -> frozenset[Feature]:
        return ENTITLEMENTS[self.tier] | self.extra_features

    def allows(self, feature: Feature) -> bool:
        return feature in self.features


COMMUNITY = LicenseState()


@lru_cache(maxsize=1)
def shipped_keys() -> dict[str, bytes]:
    """kid -> PEM public key, from the package's keys/ folder (file name = kid)."""
    return {p.stem: p.read_bytes() for p in sorted(KEYS_DIR.glob("*.pem"))}


def trusted_keys() -> dict[str, bytes]:
    """The shipped keys plus the certified on-prem ones from ``$INFRAGENIUS_TRUSTED_KEYS_DIR`` (shipped wins)."""
    return _trusted(time.time())[0]


def _trusted(now: float) -> tuple[dict[str, bytes], OnPrem]:
    onprem = on_prem(now)
    return {**{kid: issuer.public_pem for kid, issuer in onprem.issuers.items()}, **shipped_keys()}, onprem


def verify(token: str, keys: dict[str, bytes] | None = None, now: float | None = None) -> LicenseState:
    """The state a token grants. With ``keys`` given, only those keys are trusted (no on-prem issuers)."""
    import jwt

    now = time.time() if now is None else now
    keys, onprem = _trusted(now) if keys is None else (keys, OnPrem())
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return LicenseState(problem="the license is not a valid token (malformed)")
    kid = header.get("kid")
    if header.get("alg") != "EdDSA":
        return LicenseState(problem=f"the license uses an unsupported signature algorithm ({header.get('alg')})")
    if header.get("typ") == CERT_TYPE:
        return LicenseState(problem="this is an issuer certificate, not a license")
    if kid in onprem.refused:
        return LicenseState(
            problem=f"the license was signed by the on-prem key {kid!r}, which grants nothing: {onprem.refused[kid]}"
        )
    if kid not in keys:
        return LicenseState(problem=f"the license was signed with an unknown key ({kid!r}); update InfraGenius")
    try:
        claims = _decode(token, keys[kid], now)
    except jwt.ExpiredSignatureError:
        return LicenseState(problem="the license has expired")
    except jwt.ImmatureSignatureError:
        return LicenseState(problem="the license is not valid yet (check the computer's clock)")
    except jwt.InvalidSignatureError:
        return LicenseState(problem="the license signature does not match (the token was altered)")
    except jwt.PyJWTError as exc:
        return LicenseState(problem=f"the license is invalid ({exc})")
    state = _state(claims, kid)
    issuer = onprem.issuers.get(kid) if kid not in shipped_keys() else None
    return state if issuer is None else _within(issuer, state, claims["exp"])


def _within(issuer: Issuer, state: LicenseState, expires_at: int) -> LicenseState:
    """The state an on-prem license grants: nothing when it goes beyond its issuer's certificate."""
    lic = state.license
    if lic is None:
        return state
    refusal = issuer.refusal(lic.tier, lic.features, lic.org, lic.seats, expires_at)
    return LicenseState(problem=refusal) if refusal else state


def _decode(token: str, key: bytes, now: float) -> dict:
    """Check the signature, the claims' types, then the time claims against ``now`` with the clock-skew
    leeway (by hand, so tests and audits can verify as of any moment)."""
    import jwt

    claims = jwt.decode(
        token,
        key,
        algorithms=["EdDSA"],
        issuer=ISSUER,
        options={
            "require": ["exp", "sub", "tier"],
            "verify_exp": False,
            "verify_nbf": False,
            "verify_iat": False,
            "verify_aud": False,
        },
    )
    wrong = _wrong_claim(claims)
    if wrong:  # signed, but not by a tool that writes our claims: refuse it rather than guess
        raise jwt.InvalidTokenError(f"the claim {wrong}")
    if claims["exp"] < now - LEEWAY_S:
        raise jwt.ExpiredSignatureError("expired")
    if claims.get("nbf") is not None and claims["nbf"] > now + LEEWAY_S:
        raise jwt.ImmatureSignatureError("not yet valid")
    return claims


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_time(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


# claim -> (check, what it must be); None is accepted for the optional ones
_CLAIM_TYPES = {
    "sub": (_is_text, "a non-empty string", False),
    "tier": (_is_text, "a string", False),
    "exp": (_is_time, "a timestamp", False),
    "org": (_is_text, "a non-empty string", True),
    "features": (lambda v: isinstance(v, list) and all(isinstance(f, str) for f in v), "a list of strings", True),
    "seats": (_is_count, "a positive whole number", True),
    "iat": (_is_time, "a timestamp", True),
    "nbf": (_is_time, "a timestamp", True),
}


def _wrong_claim(claims: dict) -> str | None:
    """The first claim of the wrong type, described ("'seats' must be a positive whole number, not 'many'"),
    or None."""
    for name, (check, what, optional) in _CLAIM_TYPES.items():
        value = claims.get(name)
        if (value is None and optional) or check(value):
            continue
        return f"{name!r} must be {what}, not {value!r}"[:200]
    return None


def _state(claims: dict, kid: str) -> LicenseState:
    try:
        tier = Tier(claims["tier"])
    except ValueError:
        return LicenseState(problem=f"the license names an unknown tier ({claims['tier']!r})")
    features = frozenset(Feature(f) for f in claims.get("features") or [] if f in Feature._value2member_map_)
    lic = License(
        subject=claims["sub"],
        org=claims.get("org"),
        tier=tier,
        features=features,
        seats=claims.get("seats"),
        issued_at=claims.get("iat"),
        expires_at=claims.get("exp"),
        key_id=kid,
    )
    return LicenseState(tier=tier, license=lic, extra_features=features)


def issue(
    private_key_pem: bytes,
    kid: str,
    *,
    subject: str,
    tier: str,
    org: str | None = None,
    features: list[str] | None = None,
    seats: int | None = None,
    days: int = 365,
    now: float | None = None,
    expires_at: int | None = None,
) -> str:
    """Sign a license (used by the Cloud service and its admin CLI, and by tests). It runs ``days``, or
    until ``expires_at`` when given (a trial ends with the tier it grants)."""
    import jwt

    issued = int(now if now is not None else time.time())
    exp = expires_at if expires_at is not None else issued + days * 86400
    claims = {"iss": ISSUER, "sub": subject, "tier": tier, "iat": issued, "nbf": issued, "exp": exp}
    if org:
        claims["org"] = org
    if features:
        claims["features"] = features
    if seats:
        claims["seats"] = seats
    return jwt.encode(claims, private_key_pem, algorithm="EdDSA", headers={"kid": kid})
