"""On-prem trust: ``INFRAGENIUS_TRUSTED_KEYS_DIR`` adds an Enterprise deployment's own license keys to the
shipped ones; a shipped kid cannot be overridden, and files that are not Ed25519 public keys are ignored."""

from __future__ import annotations

import logging

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from infragenius.tiers import license as lic
from infragenius.tiers import state
from infragenius.tiers.entitlements import Tier


def key_pair() -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


@pytest.fixture
def trusted_dir(tmp_path, monkeypatch):
    folder = tmp_path / "trusted"
    folder.mkdir()
    monkeypatch.setenv(lic.TRUSTED_KEYS_ENV, str(folder))
    return folder


def test_without_the_variable_only_shipped_keys_are_trusted(monkeypatch):
    monkeypatch.delenv(lic.TRUSTED_KEYS_ENV, raising=False)
    private, _ = key_pair()
    token = lic.issue(private, "acme-onprem", subject="ops@acme.example", tier="enterprise")
    result = lic.verify(token)
    assert (result.tier, result.problem) == (
        Tier.COMMUNITY, "the license was signed with an unknown key ('acme-onprem'); update InfraGenius")
    assert lic.trusted_keys() == lic.shipped_keys()


def test_an_on_prem_key_is_trusted_next_to_the_shipped_ones(trusted_dir):
    private, public = key_pair()
    (trusted_dir / "acme-onprem.pem").write_bytes(public)
    token = lic.issue(private, "acme-onprem", subject="ops@acme.example", tier="enterprise", org="acme")
    result = lic.verify(token)
    assert (result.tier, result.problem, result.license.key_id, result.license.org) == (
        Tier.ENTERPRISE, None, "acme-onprem", "acme")
    assert set(lic.trusted_keys()) == set(lic.shipped_keys()) | {"acme-onprem"}


def test_the_license_in_force_uses_the_trusted_keys(trusted_dir, tmp_path, monkeypatch):
    private, public = key_pair()
    (trusted_dir / "acme-onprem.pem").write_bytes(public)
    monkeypatch.setenv("INFRAGENIUS_LICENSE", lic.issue(private, "acme-onprem", subject="dev@acme.example", tier="professional"))
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INFRAGENIUS_DATA_DIR", str(tmp_path / "data"))
    state.reset()
    try:
        assert state.current().tier == Tier.PROFESSIONAL
    finally:
        state.reset()


def test_a_shipped_kid_cannot_be_overridden(trusted_dir):
    (shipped_kid,) = list(lic.shipped_keys())[:1]
    private, public = key_pair()
    (trusted_dir / f"{shipped_kid}.pem").write_bytes(public)  # an attacker's key under the vendor's kid
    assert lic.trusted_keys()[shipped_kid] == lic.shipped_keys()[shipped_kid]
    forged = lic.issue(private, shipped_kid, subject="mallory@example.com", tier="enterprise")
    result = lic.verify(forged)
    assert (result.tier, result.problem) == (Tier.COMMUNITY, "the license signature does not match (the token was altered)")


def test_files_that_are_not_ed25519_public_keys_are_ignored(trusted_dir, caplog):
    from cryptography.hazmat.primitives.asymmetric.ec import (
        SECP256R1,
        generate_private_key,
    )

    private, public = key_pair()
    (trusted_dir / "good.pem").write_bytes(public)
    (trusted_dir / "private.pem").write_bytes(private)  # a private key put there by mistake
    (trusted_dir / "garbage.pem").write_text("not a key\n")
    ec_public = generate_private_key(SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (trusted_dir / "ecdsa.pem").write_bytes(ec_public)
    (trusted_dir / "notes.txt").write_bytes(public)  # only *.pem files are keys
    with caplog.at_level(logging.WARNING, logger="infragenius.tiers.license"):
        keys = lic.trusted_keys()
    assert set(keys) - set(lic.shipped_keys()) == {"good"}
    ignored = sorted(r.getMessage().split("/")[-1] for r in caplog.records)
    assert ignored == ["ecdsa.pem: not an Ed25519 public key (PEM)", "garbage.pem: not an Ed25519 public key (PEM)",
                       "private.pem: not an Ed25519 public key (PEM)"]


def test_a_missing_folder_trusts_nothing_extra_and_does_not_crash(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(lic.TRUSTED_KEYS_ENV, str(tmp_path / "nope"))
    with caplog.at_level(logging.WARNING, logger="infragenius.tiers.license"):
        assert lic.trusted_keys() == lic.shipped_keys()
    assert "is not a folder" in caplog.text
