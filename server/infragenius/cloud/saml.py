"""Enterprise SAML 2.0 sign-in (python3-saml), next to OIDC: it approves a device code.

``infragenius login`` shows a code; on ``/device`` the user picks "Sign in with SSO"
(``GET /v1/auth/saml/login?code=...``): the service sends an AuthnRequest to the identity provider
(HTTP-Redirect) and remembers its id with the code. The provider posts its signed Response to
``/v1/auth/saml/acs`` (HTTP-POST); python3-saml checks the signature against the configured certificate,
the audience, the destination, the validity window and that it answers that very request (InResponseTo),
so a captured Response cannot approve another code, nor the same code twice. The email (NameID or the
``email`` attribute) must be at an Enterprise organisation's verified SSO domain; an address seen for the
first time there becomes a member (taking a seat).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import accounts, device
from .models import Account, DeviceCode, Organisation
from .settings import CloudSettings


class SAMLError(Exception):
    """Sign-in refused; the message says why (never the assertion itself)."""


def configured(settings: CloudSettings) -> bool:
    return bool(settings.saml_idp_entity_id and settings.saml_idp_sso_url and settings.saml_idp_cert_file)


def login_url(session: Session, settings: CloudSettings, base_url: str, user_code: str) -> str:
    """Where to send the browser: the provider, with an AuthnRequest the pending code now waits on."""
    row = _pending(session, user_code)
    auth = _auth(settings, base_url, {})
    url = auth.login(return_to=row.user_code)
    row.saml_request_id = auth.get_last_request_id()
    return url


def finish(session: Session, settings: CloudSettings, base_url: str, form: dict[str, str]) -> Account:
    """Check the provider's Response and approve the device code it answers; the signed-in account."""
    row = _pending(session, form.get("RelayState", ""))
    if not row.saml_request_id:
        raise SAMLError("this code did not start an SSO sign-in")
    auth = _auth(settings, base_url, form)
    try:
        auth.process_response(request_id=row.saml_request_id)
    except Exception as exc:  # noqa: BLE001 - a Response the toolkit cannot even read is a refusal
        raise SAMLError(f"the SSO response is not valid ({type(exc).__name__})") from None
    row.saml_request_id = None  # answered: the same request cannot be answered twice
    if auth.get_errors() or not auth.is_authenticated():
        raise SAMLError(f"the SSO response is not valid ({auth.get_last_error_reason() or 'not authenticated'})")
    account = _account(session, _email(auth))
    device.approve(session, row.user_code, account)
    return account


def _pending(session: Session, user_code: str) -> DeviceCode:
    row = session.scalar(select(DeviceCode).where(DeviceCode.user_code == device.normalise(user_code)))
    if row is None or row.status != device.PENDING or device.expired(row):
        raise SAMLError("unknown or expired code; run `infragenius login` again")
    return row


def _email(auth) -> str:
    attributes = auth.get_attributes()
    email = (attributes.get("email") or [None])[0] or auth.get_nameid()
    if not isinstance(email, str) or "@" not in email:
        raise SAMLError("the SSO response carries no email address")
    return email.strip().lower()


def _account(session: Session, email: str) -> Account:
    """The account for a signed-in address: the organisation is the one whose verified domain it is."""
    domain = email.rpartition("@")[2]
    org = session.scalar(select(Organisation).where(Organisation.sso_domain == domain))
    if org is None or org.tier_now() != "enterprise":
        raise SAMLError(f"no Enterprise organisation has verified the domain {domain}")
    account = session.scalar(select(Account).where(Account.email == email))
    if account is not None and (account.organisation_id != org.id or account.removed_at is not None):
        raise SAMLError(f"{email} is not a member of {org.name}")
    if account is None:
        account = accounts.create_account(session, email, org.name)  # a seat is claimed (402 when none left)
    return account


def _auth(settings: CloudSettings, base_url: str, post_data: dict[str, str]):
    from onelogin.saml2.auth import OneLogin_Saml2_Auth

    if not configured(settings):
        raise SAMLError("SAML sign-in is not configured on this server")
    parts = urlsplit(base_url)
    https = parts.scheme == "https"
    request = {
        "https": "on" if https else "off",
        "http_host": parts.netloc,
        "script_name": "/v1/auth/saml/acs",
        "get_data": {},
        "post_data": post_data,
    }
    return OneLogin_Saml2_Auth(request, _toolkit_settings(settings, base_url))


def _toolkit_settings(settings: CloudSettings, base_url: str) -> dict:
    cert = Path(settings.saml_idp_cert_file or "").read_text("utf-8")
    return {
        "strict": True,
        "sp": {
            "entityId": settings.saml_sp_entity_id or f"{base_url}/v1/auth/saml/metadata",
            "assertionConsumerService": {
                "url": f"{base_url}/v1/auth/saml/acs",
                "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
            },
            "NameIDFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        },
        "idp": {
            "entityId": settings.saml_idp_entity_id,
            "singleSignOnService": {
                "url": settings.saml_idp_sso_url,
                "binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
            },
            "x509cert": cert,
        },
        "security": {
            "wantMessagesSigned": True,
            "wantAssertionsSigned": False,  # the signed Response covers its assertion
            "rejectDeprecatedAlgorithm": True,
            "wantAttributeStatement": False,  # the email may come as the NameID alone
            "allowSingleLabelDomains": True,  # a service on an intranet host name (and the tests' "testserver")
        },
    }
