"""Test signing keys and an isolated config/data dir for license tests."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from infragenius.tiers import license as license_mod
from infragenius.tiers import state


def _pair() -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


@pytest.fixture
def keys(monkeypatch, tmp_path):
    """Two trusted keys (rotation) and one untrusted; licenses stored under tmp_path."""
    old_private, old_public = _pair()
    new_private, new_public = _pair()
    rogue_private, _ = _pair()
    monkeypatch.setattr(license_mod, "shipped_keys", lambda: {"k-old": old_public, "k-new": new_public})
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INFRAGENIUS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INFRAGENIUS_LICENSE", raising=False)
    state.reset()
    yield {"old": (old_private, "k-old"), "new": (new_private, "k-new"), "rogue": (rogue_private, "k-new")}
    state.reset()


def make(keys, which="new", **claims) -> str:
    private, kid = keys[which]
    claims.setdefault("subject", "jane@example.com")
    claims.setdefault("tier", "professional")
    return license_mod.issue(private, kid, **claims)


# The fake OpenAI-compatible model of the AI tests (pytest-httpserver), for Fix all with AI and the audit log.
from ..ai.conftest import FakeModel, _isolated_cache, _threaded_server, fake, httpserver  # noqa: F401
