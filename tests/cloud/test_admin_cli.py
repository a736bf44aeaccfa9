"""``infragenius cloud admin ...`` through the real CLI entry point, against a SQLite file in tmp."""

from __future__ import annotations

import re

import pytest

from infragenius.cli import main


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "admin.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.delenv("LICENSE_PRIVATE_KEY", raising=False)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["cloud", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_accounts_keys_tiers_and_revocation(db, capsys):
    from sqlalchemy import create_engine, text

    assert run(capsys, "migrate") == (0, "database schema is up to date\n", "")
    assert run(capsys, "admin", "create-account", "Alice@Example.com", "--org", "acme", "--tier", "professional") == (
        0,
        "created alice@example.com in acme (professional, owner)\n",
        "",
    )
    assert run(capsys, "admin", "create-account", "bob@example.com", "--org", "acme") == (
        0,
        "created bob@example.com in acme (professional, member)\n",
        "",
    )
    code, _, err = run(capsys, "admin", "create-account", "carol@example.com", "--org", "acme", "--tier", "payg")
    assert code == 2 and "exists with tier professional; use set-tier" in err
    code, out, _ = run(capsys, "admin", "create-key", "alice@example.com")
    assert code == 0
    key = out.splitlines()[0]
    assert re.fullmatch(r"igk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", key)
    assert out.splitlines()[1] == "(shown once: store it now)"
    prefix, secret = key.split("_", 2)[1:]

    # Stored hashed: neither the whole key nor its secret part is anywhere in the database files.
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        stored = conn.execute(text("SELECT prefix, digest FROM api_keys")).one()
    engine.dispose()
    raw = b"".join(p.read_bytes() for p in db.parent.glob("admin.sqlite3*"))
    assert secret.encode() not in raw and key.encode() not in raw
    assert stored[0] == prefix and len(stored[1]) == 64 and stored[1] != secret

    assert run(capsys, "admin", "set-tier", "acme", "enterprise") == (0, "acme is now enterprise\n", "")
    code, _, err = run(capsys, "admin", "set-tier", "acme", "platinum")
    assert code == 2 and "unknown tier 'platinum'" in err
    code, _, err = run(capsys, "admin", "set-tier", "nope", "payg")
    assert code == 2 and "no organisation 'nope'" in err

    from infragenius.cloud import accounts
    from infragenius.cloud.db import Database

    database = Database(f"sqlite:///{db}")
    with database.session() as session:
        assert accounts.authenticate(session, key).tier == "enterprise"
    assert run(capsys, "admin", "revoke-key", prefix) == (0, "revoked\n", "")
    code, _, err = run(capsys, "admin", "revoke-key", prefix)
    assert code == 2 and "no active key" in err
    with database.session() as session:
        assert accounts.authenticate(session, key) is None
    database.engine.dispose()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["create-account", "not-an-email", "--org", "o"], "invalid email address"),
        (["create-account", "x'--@example.com", "--org", "o"], "invalid email address"),
        (["create-account", "b@example.com", "--org", "o", "--tier", "gold"], "unknown tier 'gold'"),
        (["create-key", "nobody@example.com"], "no account 'nobody@example.com'"),
        (["revoke-key", "'; DROP TABLE api_keys; --"], "no active key"),
    ],
)
def test_admin_errors_are_clear(db, capsys, argv, message):
    code, out, err = run(capsys, "admin", *argv)
    assert (code, out) == (2, "")
    assert err.startswith("infragenius: error: ") and message in err


def test_duplicate_account_is_refused(db, capsys):
    assert run(capsys, "admin", "create-account", "a@example.com", "--org", "o")[0] == 0
    code, _, err = run(capsys, "admin", "create-account", "A@example.com", "--org", "o")
    assert code == 2 and "already exists" in err


def test_issue_license_signs_a_token_the_client_accepts(db, tmp_path, monkeypatch, capsys):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from infragenius.tiers import license as lic

    private = Ed25519PrivateKey.generate()
    pem_file = tmp_path / "license-signing.pem"
    pem_file.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    code, _, err = run(capsys, "admin", "issue-license", "dev@acme.example", "--tier", "professional")
    assert code == 2 and "set LICENSE_PRIVATE_KEY_FILE" in err

    monkeypatch.setenv("LICENSE_PRIVATE_KEY_FILE", str(pem_file))
    monkeypatch.setenv("LICENSE_KEY_ID", "test-2026")
    code, out, err = run(
        capsys,
        "admin",
        "issue-license",
        "dev@acme.example",
        "--tier",
        "professional",
        "--org",
        "acme",
        "--days",
        "30",
        "--seats",
        "5",
    )
    assert (code, err) == (0, "")
    token = out.strip()

    monkeypatch.setattr(lic, "shipped_keys", lambda: {"test-2026": public})
    state = lic.verify(token)
    assert state.problem is None
    assert (state.tier.value, state.license.subject, state.license.org, state.license.seats, state.license.key_id) == (
        "professional",
        "dev@acme.example",
        "acme",
        5,
        "test-2026",
    )
    assert state.license.expires_at - state.license.issued_at == 30 * 86400
    # Signed by another key than the one shipped: refused with a reason.
    assert lic.verify(token, keys={"other": public}).problem.startswith("the license was signed with an unknown key")

    code, _, err = run(capsys, "admin", "issue-license", "x@acme.example", "--tier", "gold")
    assert code == 2 and "unknown license tier 'gold'" in err
    monkeypatch.setenv("LICENSE_PRIVATE_KEY_FILE", str(tmp_path / "missing.pem"))
    code, _, err = run(capsys, "admin", "issue-license", "x@acme.example", "--tier", "enterprise")
    assert code == 2 and "cannot read the license private key" in err
