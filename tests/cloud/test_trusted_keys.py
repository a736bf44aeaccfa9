"""On-prem trust: ``INFRAGENIUS_TRUSTED_KEYS_DIR`` holds an Enterprise deployment's own license keys, each
trusted only with an issuer certificate signed by a vendor root, and only within that certificate's
limits. The test root is injected in-process (``issuers.vendor_roots``), never through the environment."""

from __future__ import annotations

import logging
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infragenius.cli import main
from infragenius.tiers import issuers, state
from infragenius.tiers import license as lic
from infragenius.tiers.entitlements import Tier

ROOT_KID = "ig-test-root"


def key_pair() -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


ROOT_PRIVATE, ROOT_PUBLIC = key_pair()


@pytest.fixture
def root(monkeypatch):
    """The test vendor root, trusted in this process only (the shipped keys stay the only licence keys)."""
    shipped = lic.shipped_keys()
    monkeypatch.setattr(issuers, "vendor_roots", lambda: {**shipped, ROOT_KID: ROOT_PUBLIC})
    return ROOT_PRIVATE


@pytest.fixture
def trusted_dir(tmp_path, monkeypatch):
    folder = tmp_path / "trusted"
    folder.mkdir()
    monkeypatch.setenv(lic.TRUSTED_KEYS_ENV, str(folder))
    return folder


def on_prem_key(folder, kid="acme-onprem", root_private=ROOT_PRIVATE, root_kid=ROOT_KID, **limits) -> bytes:
    """A new on-prem key in ``folder`` with its certificate (limits default to Enterprise, 100 seats, 1 year)."""
    private, public = key_pair()
    (folder / f"{kid}.pem").write_bytes(public)
    limits = {"org": "acme", "max_tier": "enterprise", "seats": 100, "days": 365, **limits}
    (folder / f"{kid}.cert").write_text(
        issuers.certify(root_private, root_kid, public_key_pem=public, kid=kid, **limits)
    )
    return private


def test_without_the_variable_only_shipped_keys_are_trusted(monkeypatch):
    monkeypatch.delenv(lic.TRUSTED_KEYS_ENV, raising=False)
    private, _ = key_pair()
    token = lic.issue(private, "acme-onprem", subject="ops@acme.example", tier="enterprise")
    result = lic.verify(token)
    assert (result.tier, result.problem) == (
        Tier.COMMUNITY,
        "the license was signed with an unknown key ('acme-onprem'); update InfraGenius",
    )
    assert lic.trusted_keys() == lic.shipped_keys()


def test_a_self_made_key_and_issue_license_grant_nothing(trusted_dir, tmp_path, monkeypatch, capsys):
    """The attack: drop your own key in the folder, sign an Enterprise license with the admin CLI."""
    private, public = key_pair()
    (trusted_dir / "acme-onprem.pem").write_bytes(public)
    (tmp_path / "signing.pem").write_bytes(private)
    monkeypatch.setenv("LICENSE_PRIVATE_KEY_FILE", str(tmp_path / "signing.pem"))
    monkeypatch.setenv("LICENSE_KEY_ID", "acme-onprem")
    assert main(["cloud", "admin", "issue-license", "me@acme.example", "--tier", "enterprise", "--seats", "9"]) == 0
    token = capsys.readouterr().out.strip()

    result = lic.verify(token)
    assert (result.tier, result.license) == (Tier.COMMUNITY, None)
    assert result.problem == (
        "the license was signed by the on-prem key 'acme-onprem', which grants nothing: "
        "no issuer certificate (acme-onprem.cert) signed by InfraGenius"
    )
    assert "acme-onprem" not in lic.trusted_keys()
    assert main(["license", "activate", token]) == 2
    assert "grants nothing" in capsys.readouterr().err


def test_a_certificate_from_a_self_made_root_grants_nothing(root, trusted_dir):
    fake_root, _ = key_pair()
    private = on_prem_key(trusted_dir, root_private=fake_root, root_kid="my-root")
    result = lic.verify(lic.issue(private, "acme-onprem", subject="me@acme.example", tier="enterprise", seats=5))
    assert result.tier == Tier.COMMUNITY
    assert result.problem.endswith(
        "its issuer certificate is signed by an unknown root ('my-root'), not by InfraGenius"
    )

    forged_kid = on_prem_key(trusted_dir, kid="acme-2", root_private=fake_root)  # our root's kid, not its key
    result = lic.verify(lic.issue(forged_kid, "acme-2", subject="me@acme.example", tier="enterprise", seats=5))
    assert result.tier == Tier.COMMUNITY
    assert "its issuer certificate is invalid (Signature verification failed)" in result.problem


def test_a_certified_key_issues_licenses_within_its_limits(root, trusted_dir):
    private = on_prem_key(trusted_dir)
    token = lic.issue(private, "acme-onprem", subject="ops@acme.example", tier="enterprise", org="acme", seats=50)
    result = lic.verify(token)
    assert (result.tier, result.problem, result.license.key_id, result.license.org) == (
        Tier.ENTERPRISE,
        None,
        "acme-onprem",
        "acme",
    )
    assert set(lic.trusted_keys()) == set(lic.shipped_keys()) | {"acme-onprem"}


@pytest.mark.parametrize(
    "limits, claims, problem",
    [
        (
            {"max_tier": "professional"},
            {"tier": "enterprise"},
            "the license grants Enterprise but its issuer 'acme-onprem' (acme) may issue Professional at most",
        ),
        (
            {"max_tier": "professional"},
            {"tier": "professional", "features": ["sso", "audit-log"]},
            "the license grants audit-log, sso beyond what its issuer 'acme-onprem' (acme) may issue (Professional)",
        ),
        (
            {"seats": 10},
            {"seats": 11},
            "the license grants 11 seats but its issuer 'acme-onprem' (acme) may grant 10 at most",
        ),
        (
            {"seats": 10},
            {"seats": None},
            "the license grants unlimited seats but its issuer 'acme-onprem' (acme) may grant 10 at most",
        ),
        ({"days": 30}, {"days": 31}, "past its issuer 'acme-onprem' (acme)'s certificate"),
        (
            {},
            {"org": "globex"},
            (
                "the license names the organisation 'globex' but its issuer 'acme-onprem' (acme) is "
                "certified for 'acme' only"
            ),
        ),
    ],
    ids=["tier", "features", "seats", "unlimited-seats", "expiry", "organisation"],
)
def test_a_license_beyond_the_certificate_is_refused(root, trusted_dir, limits, claims, problem):
    private = on_prem_key(trusted_dir, **limits)
    claims = {"subject": "ops@acme.example", "tier": "enterprise", "seats": 5, **claims}
    result = lic.verify(lic.issue(private, "acme-onprem", **claims))
    assert result.tier == Tier.COMMUNITY
    assert problem in result.problem


def test_an_expired_or_misplaced_certificate_grants_nothing(root, trusted_dir):
    private = on_prem_key(trusted_dir, days=10)
    token = lic.issue(private, "acme-onprem", subject="ops@acme.example", tier="professional", seats=5, days=5)
    later = time.time() + 20 * 86400
    result = lic.verify(token, now=later)
    assert result.tier == Tier.COMMUNITY and "its issuer certificate expired on" in result.problem

    other = on_prem_key(trusted_dir, kid="globex-onprem", org="globex")
    (trusted_dir / "globex-onprem.cert").write_bytes((trusted_dir / "acme-onprem.cert").read_bytes())
    result = lic.verify(lic.issue(other, "globex-onprem", subject="x@globex.example", tier="professional", seats=5))
    assert result.problem.endswith("its issuer certificate was made for another key")


def test_a_certificate_is_not_a_license(root, trusted_dir):
    on_prem_key(trusted_dir)
    assert lic.verify((trusted_dir / "acme-onprem.cert").read_text()).problem == (
        "this is an issuer certificate, not a license"
    )


def test_the_license_in_force_uses_the_certified_keys(root, trusted_dir, tmp_path, monkeypatch):
    private = on_prem_key(trusted_dir)
    monkeypatch.setenv(
        "INFRAGENIUS_LICENSE",
        lic.issue(private, "acme-onprem", subject="dev@acme.example", tier="professional", seats=3),
    )
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INFRAGENIUS_DATA_DIR", str(tmp_path / "data"))
    state.reset()
    try:
        assert state.current().tier == Tier.PROFESSIONAL
    finally:
        state.reset()


def test_the_vendor_certifies_with_the_admin_cli(root, trusted_dir, tmp_path, monkeypatch, capsys):
    (tmp_path / "root.pem").write_bytes(ROOT_PRIVATE)
    _, onprem_public = key_pair()
    (trusted_dir / "acme-onprem.pem").write_bytes(onprem_public)
    monkeypatch.setenv("LICENSE_PRIVATE_KEY_FILE", str(tmp_path / "root.pem"))
    monkeypatch.setenv("LICENSE_KEY_ID", ROOT_KID)
    argv = [
        "cloud",
        "admin",
        "issue-certificate",
        "acme-onprem",
        str(trusted_dir / "acme-onprem.pem"),
        "--org",
        "acme",
        "--max-tier",
        "professional",
        "--seats",
        "20",
    ]
    assert main(argv) == 0
    (trusted_dir / "acme-onprem.cert").write_text(capsys.readouterr().out)
    issuer = issuers.on_prem().issuers["acme-onprem"]
    assert (issuer.org, issuer.max_tier, issuer.seats) == ("acme", Tier.PROFESSIONAL, 20)
    assert main([*argv[:-4], "--max-tier", "gold"]) == 2
    assert "unknown tier 'gold'" in capsys.readouterr().err


def test_a_shipped_kid_cannot_be_overridden(root, trusted_dir):
    (shipped_kid,) = list(lic.shipped_keys())[:1]
    private = on_prem_key(trusted_dir, kid=shipped_kid)  # an attacker's key under the vendor's kid
    assert lic.trusted_keys()[shipped_kid] == lic.shipped_keys()[shipped_kid]
    forged = lic.issue(private, shipped_kid, subject="mallory@example.com", tier="enterprise", seats=5)
    result = lic.verify(forged)
    assert (result.tier, result.problem) == (
        Tier.COMMUNITY,
        "the license signature does not match (the token was altered)",
    )


def test_files_that_are_not_ed25519_public_keys_are_ignored(root, trusted_dir, caplog):
    from cryptography.hazmat.primitives.asymmetric.ec import (
        SECP256R1,
        generate_private_key,
    )

    on_prem_key(trusted_dir, kid="good")
    private, _ = key_pair()
    (trusted_dir / "private.pem").write_bytes(private)  # a private key put there by mistake
    (trusted_dir / "garbage.pem").write_text("not a key\n")
    ec_public = (
        generate_private_key(SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    (trusted_dir / "ecdsa.pem").write_bytes(ec_public)
    with caplog.at_level(logging.WARNING, logger="infragenius.tiers.license"):
        keys = lic.trusted_keys()
    assert set(keys) - set(lic.shipped_keys()) == {"good"}
    ignored = sorted(r.getMessage().split("/")[-1] for r in caplog.records)
    assert ignored == [
        "ecdsa.pem: not an Ed25519 public key (PEM)",
        "garbage.pem: not an Ed25519 public key (PEM)",
        "private.pem: not an Ed25519 public key (PEM)",
    ]


def test_a_missing_folder_trusts_nothing_extra_and_does_not_crash(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(lic.TRUSTED_KEYS_ENV, str(tmp_path / "nope"))
    with caplog.at_level(logging.WARNING, logger="infragenius.tiers.license"):
        assert lic.trusted_keys() == lic.shipped_keys()
    assert "is not a folder" in caplog.text
