"""Tier gates in the CLI for each tier, and the audit log written by a real explain (fake model)."""

from __future__ import annotations

import json

import pytest

from infragenius.cli import main
from infragenius.tiers import policy as policy_module
from infragenius.tiers import state
from infragenius.tiers.audit import file_hash, log_path

from .conftest import make

TIERS = ["community", "professional", "enterprise", "payg"]
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
DOCKERFILE = f'FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\nENV AWS_SECRET_ACCESS_KEY="{SECRET}"\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    return tmp_path


def _as(keys, tier: str) -> None:
    if tier != "community":
        state.set_editor_token(make(keys, tier=tier))


# gated command -> tier -> exit code
MATRIX = {
    "cloud-models": {"community": 2, "professional": 0, "enterprise": 0, "payg": 0},
    "onprem-cloud": {"community": 2, "professional": 2, "enterprise": 0, "payg": 2},
    "custom-models": {"community": 2, "professional": 0, "enterprise": 0, "payg": 2},
    "usage": {"community": 2, "professional": 0, "enterprise": 0, "payg": 2},
    "sso": {"community": 2, "professional": 2, "enterprise": 2, "payg": 2},  # enterprise: 2 for the missing --issuer
}


@pytest.mark.parametrize("tier", TIERS)
def test_on_prem_cloud_gate(keys, fake, project, capsys, tier) -> None:
    """An InfraGenius Cloud at your own address (here a local fake) is the Enterprise on-prem endpoint."""
    _as(keys, tier)
    rc = main(
        ["explain", "Dockerfile:2", "DF001", "--provider", "infragenius-cloud", "--base-url", fake.server.url_for("")]
    )
    err = capsys.readouterr().err
    assert rc == MATRIX["onprem-cloud"][tier]
    if rc == 2:
        assert "An on-prem Cloud endpoint: Requires Enterprise. See `infragenius license status`." in err
    else:  # allowed: it asks the (fake) Cloud, which has no such endpoint, and falls back to the rule docs
        assert "Requires" not in err and "note: AI unavailable" in err


@pytest.mark.parametrize("tier", TIERS)
def test_hosted_cloud_models_gate(keys, project, capsys, tier, monkeypatch) -> None:
    from infragenius.ai import providers

    _as(keys, tier)
    from infragenius.core.config import AIConfig

    if MATRIX["cloud-models"][tier] == 2:
        with pytest.raises(Exception, match="InfraGenius Cloud models: Requires Professional"):
            providers.make_provider(AIConfig(provider="infragenius-cloud"), env={})
    else:
        providers.make_provider(AIConfig(provider="infragenius-cloud"), env={}).close()


@pytest.mark.parametrize("flag", ["--model-path", "--lora-path"])  # a fine-tuned GGUF, or a LoRA adapter
@pytest.mark.parametrize("tier", TIERS)
def test_custom_models_gate(keys, project, capsys, tier, flag) -> None:
    _as(keys, tier)
    rc = main(["explain", "Dockerfile:2", "DF001", "--provider", "embedded", flag, str(project / "missing.gguf")])
    err = capsys.readouterr().err
    if MATRIX["custom-models"][tier] == 2:
        assert rc == 2 and "Custom models: Requires Professional." in err
    else:  # allowed: the (missing) model cannot start, so the answer is the rule's docs with a note
        assert rc == 0 and "Requires" not in err


@pytest.mark.parametrize("tier", TIERS)
def test_usage_gate(keys, project, capsys, tier) -> None:
    _as(keys, tier)
    rc = main(["usage"])
    assert rc == MATRIX["usage"][tier]
    if rc == 2:
        assert "Usage analytics: Requires Professional." in capsys.readouterr().err


@pytest.mark.parametrize("tier", TIERS)
def test_sso_gate(keys, project, capsys, tier) -> None:
    _as(keys, tier)
    assert main(["login", "--sso"]) == 2
    err = capsys.readouterr().err
    if tier == "enterprise":
        assert "--sso needs --issuer" in err and "Requires" not in err
    else:
        assert "SSO sign-in: Requires Enterprise." in err


def test_audit_log_on_a_real_explain_never_holds_content(keys, fake, project, capsys) -> None:
    state.set_editor_token(make(keys, tier="enterprise", subject="ops@acme.example"))
    fake.answer("MAINTAINER is deprecated; use a LABEL.")
    argv = [
        "explain",
        "Dockerfile:2",
        "DF001",
        "--provider",
        "openai-compatible",
        "--base-url",
        fake.base_url,
        "--model",
        "fake-model",
        "--context",
        "file",
    ]
    assert main(argv) == 0
    raw = log_path().read_text()
    (entry,) = [json.loads(line) for line in raw.splitlines()]
    sent = fake.requests[0]["messages"]
    assert entry.pop("time")
    assert entry == {
        "user": "ops@acme.example",
        "file_hash": file_hash(DOCKERFILE),
        "rule": "DF001",
        "provider": "openai-compatible",
        "model": "fake-model",
        "bytes_sent": sum(len(m["content"].encode()) for m in sent),
        "redactions": 1,
        "kind": "explain",
    }
    assert SECRET not in json.dumps(sent)  # redacted before it left
    for piece in [*DOCKERFILE.splitlines(), "alpine", "Jane", SECRET, "MAINTAINER is deprecated"]:
        assert piece not in raw
    assert oct(log_path().stat().st_mode & 0o777) == "0o600"
    # a cached answer sends nothing, so it logs nothing
    assert main(argv) == 0 and len(log_path().read_text().splitlines()) == 1 and len(fake.requests) == 1


def test_no_audit_log_below_enterprise(keys, fake, project) -> None:
    state.set_editor_token(make(keys, tier="professional"))
    fake.answer("ok")
    assert (
        main(["explain", "Dockerfile:2", "DF001", "--provider", "openai-compatible", "--base-url", fake.base_url]) == 0
    )
    assert len(fake.requests) == 1 and not log_path().exists()


def test_policy_wins_over_command_line_ai_flags(keys, fake, project, tmp_path, monkeypatch, capsys) -> None:
    """An Enterprise policy keeps AI requests on the company endpoint even when a flag asks for the Cloud."""
    policy = tmp_path / "policy.toml"
    policy.write_text(f'[ai]\nprovider = "openai-compatible"\nbase-url = "{fake.base_url}"\nmodel = "corp-model"\n')
    monkeypatch.setattr(policy_module, "SYSTEM_PATHS", (policy,))
    state.set_editor_token(make(keys, tier="enterprise"))
    fake.answer("From the company model.")
    assert main(["explain", "Dockerfile:2", "DF001", "--provider", "infragenius-cloud", "--model", "other"]) == 0
    assert "From the company model." in capsys.readouterr().out
    assert fake.requests[0]["model"] == "corp-model"
