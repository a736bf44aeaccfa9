"""A local SAML 2.0 identity provider for the tests: its signing certificate, and signed Responses to the
service's AuthnRequests (built as an IdP builds them, signed with python3-saml's own signer)."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ENTITY_ID = "https://idp.acme.example/saml"
SSO_URL = "https://idp.acme.example/saml/sso"


def _key_and_cert() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.acme.example")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    return private, cert.public_bytes(serialization.Encoding.PEM)


@dataclass
class IdentityProvider:
    key: bytes
    cert: bytes

    @classmethod
    def new(cls) -> IdentityProvider:
        return cls(*_key_and_cert())

    def write_cert(self, folder: Path) -> Path:
        path = folder / "idp.pem"
        path.write_bytes(self.cert)
        return path

    @staticmethod
    def request_id(redirect: str) -> str:
        """The ID of the AuthnRequest in a redirect to the provider (HTTP-Redirect binding)."""
        from lxml import etree
        from onelogin.saml2.utils import OneLogin_Saml2_Utils

        assert redirect.startswith(SSO_URL + "?")
        query = parse_qs(urlsplit(redirect).query)
        return etree.fromstring(OneLogin_Saml2_Utils.decode_base64_and_inflate(query["SAMLRequest"][0])).get("ID")

    def response(
        self,
        base_url: str,
        in_response_to: str,
        email: str,
        *,
        valid_for: dt.timedelta = dt.timedelta(minutes=5),
        signer: IdentityProvider | None = None,
    ) -> str:
        """A signed Response for ``email``, base64 as the browser posts it."""
        from onelogin.saml2.utils import OneLogin_Saml2_Utils

        now = dt.datetime.now(dt.UTC)
        acs = f"{base_url}/v1/auth/saml/acs"
        audience = f"{base_url}/v1/auth/saml/metadata"
        xml = RESPONSE.format(
            response_id=f"_r{uuid.uuid4().hex}",
            assertion_id=f"_a{uuid.uuid4().hex}",
            now=_instant(now),
            before=_instant(now - dt.timedelta(minutes=1)),
            later=_instant(now + valid_for),
            acs=acs,
            audience=audience,
            request_id=in_response_to,
            issuer=ENTITY_ID,
            email=email,
        )
        signer = signer or self
        signed = OneLogin_Saml2_Utils.add_sign(xml, signer.key, signer.cert)
        return base64.b64encode(signed if isinstance(signed, bytes) else signed.encode()).decode()


def _instant(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


RESPONSE = """<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{response_id}" Version="2.0" IssueInstant="{now}" \
Destination="{acs}" InResponseTo="{request_id}"><saml:Issuer>{issuer}</saml:Issuer>\
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
<saml:Assertion ID="{assertion_id}" Version="2.0" IssueInstant="{now}"><saml:Issuer>{issuer}</saml:Issuer>\
<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{email}</saml:NameID>\
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
<saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="{acs}" InResponseTo="{request_id}"/>\
</saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{before}" NotOnOrAfter="{later}">\
<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>\
<saml:AuthnStatement AuthnInstant="{now}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>\
urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>\
</saml:AuthnStatement></saml:Assertion></samlp:Response>"""
