"""Enterprise sign-in: an ID token from the organisation's issuer is exchanged for an API key.

The email must be verified by the issuer: ``email_verified`` is the JSON boolean ``true`` (a missing
claim or the string ``"false"`` is not). The key expires (``LOGIN_KEY_TTL_DAYS``) and replaces the
account's previous sign-in key."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from . import accounts
from .models import Account


class OIDCError(Exception):
    pass


def login(database, settings, id_token: str) -> str:
    import jwt

    if not settings.oidc_issuer or not settings.oidc_client_id:
        raise OIDCError("OIDC sign-in is not configured on this server")
    issuer = settings.oidc_issuer.rstrip("/")
    try:
        import httpx

        meta = httpx.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
        if str(meta.get("issuer", "")).rstrip("/") != issuer:  # OpenID Connect Discovery 1.0, section 4.3
            raise OIDCError("the issuer's metadata names another issuer")
        key = jwt.PyJWKClient(meta["jwks_uri"], timeout=10).get_signing_key_from_jwt(id_token).key
        claims = jwt.decode(
            id_token,
            key,
            algorithms=["RS256", "ES256", "EdDSA"],
            audience=settings.oidc_client_id,
            issuer=meta["issuer"],
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except OIDCError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to validate is a refusal
        raise OIDCError(f"invalid ID token ({type(exc).__name__})") from None
    email = claims.get("email")
    if not isinstance(email, str) or not email or claims.get("email_verified") is not True:
        raise OIDCError("the ID token carries no verified email")
    email = email.lower()
    with database.session() as session:
        account = session.scalar(select(Account).where(Account.email == email))
        if account is None or account.organisation.tier != "enterprise":
            raise OIDCError("no Enterprise account for this identity")
        ttl = dt.timedelta(days=settings.login_key_ttl_days)
        return accounts.login_key(session, email, ["analyses", "usage"], ttl)
