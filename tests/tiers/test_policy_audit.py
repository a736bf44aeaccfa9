"""Organisation policy and the audit log (Enterprise)."""

from __future__ import annotations

import json

from infragenius.core.config import Config
from infragenius.tiers import state
from infragenius.tiers.audit import log_path, record
from infragenius.tiers.policy import apply_policy

from .conftest import make

SECRET_FILE = 'FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n'


def test_policy_wins_over_user_settings_for_enterprise(keys, tmp_path, monkeypatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('ignore = ["DF002"]\n[ai]\nprovider = "openai-compatible"\nbase-url = "https://llm.corp.example/v1"\n')
    monkeypatch.setenv("INFRAGENIUS_POLICY_FILE", str(policy))
    user = Config().merged({"ai": {"provider": "infragenius-cloud"}, "ignore": []})
    assert apply_policy(user).ai.provider == "infragenius-cloud"  # Community: policy not applied
    state.set_editor_token(make(keys, tier="enterprise"))
    enforced = apply_policy(user)
    assert enforced.ai.provider == "openai-compatible"
    assert enforced.ai.base_url == "https://llm.corp.example/v1"
    assert enforced.ignore == ["DF002"]
    # a user trying to override after the fact still ends up with the policy's values
    assert apply_policy(enforced.merged({"ai": {"provider": "infragenius-cloud"}})).ai.provider == "openai-compatible"


def test_audit_log_records_metadata_never_content(keys) -> None:
    assert record(text=SECRET_FILE, rule="DF001", provider="embedded", model="smollm2", bytes_sent=120, redactions=1) is False
    state.set_editor_token(make(keys, tier="enterprise", subject="ops@acme.example"))
    assert record(text=SECRET_FILE, rule="DF001", provider="embedded", model="smollm2", bytes_sent=120, redactions=1)
    raw = log_path().read_text()
    entry = json.loads(raw.splitlines()[-1])
    assert entry["user"] == "ops@acme.example" and entry["rule"] == "DF001" and entry["redactions"] == 1
    assert entry["file_hash"].startswith("sha256:")
    assert "wJalrXUtnFEMI" not in raw and "alpine" not in raw
