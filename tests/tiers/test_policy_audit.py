"""Organisation policy and the audit log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infragenius.cli import main
from infragenius.core.config import AIConfig, Config
from infragenius.tiers import policy, state
from infragenius.tiers.audit import log_path, record
from infragenius.tiers.policy import apply_policy

from .conftest import make

SECRET_FILE = 'FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n'


def test_policy_wins_over_user_settings(keys, system_policy) -> None:
    system_policy(
        'ignore = ["DF002"]\n[ai]\nprovider = "openai-compatible"\nbase-url = "https://llm.corp.example/v1"\n'
    )
    user = Config().merged({"ai": {"provider": "infragenius-cloud"}, "ignore": []})
    state.set_editor_token(make(keys, tier="enterprise"))
    enforced = apply_policy(user)
    assert enforced.ai.provider == "openai-compatible"
    assert enforced.ai.base_url == "https://llm.corp.example/v1"
    assert enforced.ignore == ["DF002"]
    # a user trying to override after the fact still ends up with the policy's values
    assert apply_policy(enforced.merged({"ai": {"provider": "infragenius-cloud"}})).ai.provider == "openai-compatible"


def test_audit_log_records_metadata_never_content(keys) -> None:
    assert (
        record(text=SECRET_FILE, rule="DF001", provider="embedded", model="smollm2", bytes_sent=120, redactions=1)
        is False
    )
    state.set_editor_token(make(keys, tier="enterprise", subject="ops@acme.example"))
    assert record(text=SECRET_FILE, rule="DF001", provider="embedded", model="smollm2", bytes_sent=120, redactions=1)
    raw = log_path().read_text()
    entry = json.loads(raw.splitlines()[-1])
    assert entry["user"] == "ops@acme.example" and entry["rule"] == "DF001" and entry["redactions"] == 1
    assert entry["file_hash"].startswith("sha256:")
    assert "wJalrXUtnFEMI" not in raw and "alpine" not in raw


# -- a policy cannot be loosened (issue 16, section 3) -----------------------------------------
@pytest.fixture
def system_policy(tmp_path, monkeypatch):
    """Writes the policy at the machine's system location (injected in-process, never via the environment)."""
    path = tmp_path / "etc" / "policy.toml"
    path.parent.mkdir()
    monkeypatch.setattr(policy, "SYSTEM_PATHS", (path,))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\n")

    def write(text: str) -> Path:
        path.write_text(text)
        return path

    return write


def _company(system_policy, fake) -> None:
    system_policy(f'[ai]\nprovider = "openai-compatible"\nbase-url = "{fake.base_url}"\nmodel = "corp-model"\n')
    fake.answer("From the company model.")


ELSEWHERE = "http://127.0.0.1:9/v1"  # nothing listens there: a request that got there would fail


@pytest.mark.parametrize("license_state", ["none", "expired", "enterprise"])
def test_environment_cannot_loosen_the_policy_whatever_the_license(
    keys, fake, system_policy, monkeypatch, capsys, license_state
) -> None:
    _company(system_policy, fake)
    if license_state != "none":
        state.set_editor_token(make(keys, tier="enterprise", days=-2 if license_state == "expired" else 365))
    monkeypatch.setenv("INFRAGENIUS_AI_PROVIDER", "infragenius-cloud")
    monkeypatch.setenv("INFRAGENIUS_AI_BASE_URL", ELSEWHERE)
    monkeypatch.setenv("INFRAGENIUS_AI_MODEL", "other")
    monkeypatch.setenv("INFRAGENIUS_POLICY_FILE", "/nonexistent")
    assert main(["explain", "Dockerfile:2", "DF001"]) == 0
    assert "From the company model." in capsys.readouterr().out
    (request,) = fake.requests
    assert request["model"] == "corp-model"


def test_the_policy_file_variable_is_ignored_with_one_warning(system_policy, caplog, monkeypatch) -> None:
    monkeypatch.setattr(policy, "_warned", set())
    monkeypatch.setenv("INFRAGENIUS_POLICY_FILE", "/nonexistent")
    path = system_policy('ignore = ["DF002"]\n')
    assert policy.policy_path() == path and policy.policy_path() == path
    assert [r.getMessage() for r in caplog.records] == [
        f"INFRAGENIUS_POLICY_FILE is ignored: the organisation policy is read from {path} only"
    ]


def test_policy_restricts_without_a_license(system_policy) -> None:
    system_policy(
        'ignore = ["DF002"]\n[ai]\nprovider = "openai-compatible"\nbase-url = "https://llm.corp.example/v1"\n'
        'context = "window"\n'
    )
    user = Config(ignore=[], ai=AIConfig(provider="infragenius-cloud", context="file"))
    enforced = apply_policy(user)
    assert (enforced.ignore, enforced.ai.provider, enforced.ai.base_url, enforced.ai.context) == (
        ["DF002"],
        "openai-compatible",
        "https://llm.corp.example/v1",
        "window",
    )
    # what only restricts stays the user's: AI off, offline, a smaller context
    assert apply_policy(Config(ai=AIConfig(provider="offline", context="none", enabled=False))).ai.model_dump(
        include={"provider", "context", "enabled"}
    ) == {"provider": "offline", "context": "none", "enabled": False}


def test_an_unreadable_policy_turns_ai_off_rather_than_lapse(system_policy, fake, capsys, monkeypatch) -> None:
    monkeypatch.setattr(policy, "_warned", set())
    system_policy("[ai\nprovider = ")
    assert main(["explain", "Dockerfile:2", "--provider", "openai-compatible", "--base-url", fake.base_url]) == 0
    assert "[offline]" in capsys.readouterr().out and fake.requests == []


def test_audit_log_records_every_request_while_a_policy_is_in_force(keys, fake, system_policy) -> None:
    _company(system_policy, fake)
    fake.answer("From the company model.", '{"findings": []}')
    assert main(["explain", "Dockerfile:2", "DF001", "--no-cache"]) == 0  # Community: no license at all
    assert main(["review", "Dockerfile", "--no-cache"]) == 0
    entries = [json.loads(line) for line in log_path().read_text().splitlines()]
    assert [(e["kind"], e["provider"], e["model"]) for e in entries] == [
        ("explain", "openai-compatible", "corp-model"),
        ("review", "openai-compatible", "corp-model"),
    ]
    assert len(fake.requests) == 2


def test_user_config_cannot_loosen_the_policy(fake, system_policy, capsys) -> None:
    from infragenius.core.trust import user_config_path

    _company(system_policy, fake)
    user_config_path().parent.mkdir(parents=True, exist_ok=True)
    user_config_path().write_text(f'[ai]\nprovider = "infragenius-cloud"\nbase-url = "{ELSEWHERE}"\nmodel = "mine"\n')
    assert main(["explain", "Dockerfile:2", "DF001"]) == 0
    assert "From the company model." in capsys.readouterr().out
    assert [r["model"] for r in fake.requests] == ["corp-model"]
