"""Licenses: Ed25519-signed JWTs verified offline against the public keys shipped in the package.

Claims: ``sub`` (user), ``org``, ``tier``, ``features`` (extras beyond the tier), ``seats``, ``iat``,
``nbf``, ``exp``; the header's ``kid`` picks the key, so keys can rotate (old and new both shipped).
Anything wrong — expired, not yet valid, tampered, unknown key, malformed — means Community, with
one clear reason.

Enterprise on-prem deployments sign licenses with their own key: ``INFRAGENIUS_TRUSTED_KEYS_DIR``
names a folder of ``<kid>.pem`` Ed25519 public keys trusted in addition to the shipped ones. A shipped
kid cannot be replaced that way (the shipped key wins), and a file that is not an Ed25519 public key
is ignored with a warning.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .entitlements import ENTITLEMENTS, Feature, Tier

log = logging.getLogger(__name__)

KEYS_DIR = Path(__file__).parent / "keys"
TRUSTED_KEYS_ENV = "INFRAGENIUS_TRUSTED_KEYS_DIR"
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
    """The shipped keys plus the on-prem ones from ``$INFRAGENIUS_TRUSTED_KEYS_DIR`` (shipped wins)."""
    folder = os.environ.get(TRUSTED_KEYS_ENV, "").strip()
    extra = _extra_keys(Path(folder).expanduser()) if folder else {}
    return {**extra, **shipped_keys()}


def _extra_keys(folder: Path) -> dict[str, bytes]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    if not folder.is_dir():
        log.warning("%s=%s is not a folder; no extra license keys trusted", TRUSTED_KEYS_ENV, folder)
        return {}
    keys = {}
    for path in sorted(folder.glob("*.pem")):
        try:
            pem = path.read_bytes()
            if isinstance(load_pem_public_key(pem), Ed25519PublicKey):
                keys[path.stem] = pem
                continue
        except (OSError, ValueError, TypeError):
            pass
        log.warning("ignored %s: not an Ed25519 public key (PEM)", path)
    return keys


def verify(token: str, keys: dict[str, bytes] | None = None, now: float | None = None) -> LicenseState:
    import jwt

    keys = trusted_keys() if keys is None else keys
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return LicenseState(problem="the license is not a valid token (malformed)")
    kid = header.get("kid")
    if header.get("alg") != "EdDSA":
        return LicenseState(problem=f"the license uses an unsupported signature algorithm ({header.get('alg')})")
    if kid not in keys:
        return LicenseState(problem=f"the license was signed with an unknown key ({kid!r}); update InfraGenius")
    try:
        claims = _decode(token, keys[kid], time.time() if now is None else now)
    except jwt.ExpiredSignatureError:
        return LicenseState(problem="the license has expired")
    except jwt.ImmatureSignatureError:
        return LicenseState(problem="the license is not valid yet (check the computer's clock)")
    except jwt.InvalidSignatureError:
        return LicenseState(problem="the license signature does not match (the token was altered)")
    except jwt.PyJWTError as exc:
        return LicenseState(problem=f"the license is invalid ({exc})")
    return _state(claims, kid)


def _decode(token: str, key: bytes, now: float) -> dict:
    """Check the signature, then the time claims against ``now`` with the clock-skew leeway (by hand,
    so tests and audits can verify as of any moment)."""
    import jwt

    claims = jwt.decode(token, key, algorithms=["EdDSA"], issuer=ISSUER,
                        options={"require": ["exp", "sub", "tier"], "verify_exp": False, "verify_nbf": False,
                                 "verify_iat": False, "verify_aud": False})
    if claims["exp"] < now - LEEWAY_S:
        raise jwt.ExpiredSignatureError("expired")
    if "nbf" in claims and claims["nbf"] > now + LEEWAY_S:
        raise jwt.ImmatureSignatureError("not yet valid")
    return claims


def _state(claims: dict, kid: str) -> LicenseState:
    try:
        tier = Tier(claims["tier"])
    except ValueError:
        return LicenseState(problem=f"the license names an unknown tier ({claims['tier']!r})")
    features = frozenset(Feature(f) for f in claims.get("features", []) if f in Feature._value2member_map_)
    lic = License(
        subject=str(claims["sub"]), org=claims.get("org"), tier=tier, features=features,
        seats=claims.get("seats"), issued_at=claims.get("iat"), expires_at=claims.get("exp"), key_id=kid,
    )
    return LicenseState(tier=tier, license=lic, extra_features=features)


def issue(private_key_pem: bytes, kid: str, *, subject: str, tier: str, org: str | None = None,
          features: list[str] | None = None, seats: int | None = None, days: int = 365, now: float | None = None) -> str:
    """Sign a license (used by the Cloud service's admin CLI and by tests)."""
    import jwt

    issued = int(now if now is not None else time.time())
    claims = {"iss": ISSUER, "sub": subject, "tier": tier, "iat": issued, "nbf": issued, "exp": issued + days * 86400}
    if org:
        claims["org"] = org
    if features:
        claims["features"] = features
    if seats:
        claims["seats"] = seats
    return jwt.encode(claims, private_key_pem, algorithm="EdDSA", headers={"kid": kid})
