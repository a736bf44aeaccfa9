"""Choosing a provider (config + environment), the cloud client, the offline provider, JSON parsing."""

from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Request, Response

from infragenius.ai.cloud import CloudProvider
from infragenius.ai.offline import OfflineProvider
from infragenius.ai.prompts import PROMPT_VERSION
from infragenius.ai.provider import AIBadAnswer, AIError, AIUnavailable, Provider
from infragenius.ai.providers import api_key_for, effective_config, make_provider
from infragenius.ai.structured import extract_json, parse
from infragenius.ai.verify import FixAnswer
from infragenius.core.config import AIConfig, ConfigError


def test_environment_overrides_the_config():
    env = {
        "INFRAGENIUS_AI_PROVIDER": "openai-compatible",
        "INFRAGENIUS_AI_BASE_URL": "http://h:1/v1",
        "INFRAGENIUS_AI_TIMEOUT_S": "7",
        "INFRAGENIUS_AI_ENABLED": "false",
    }
    config = effective_config(AIConfig(model="m"), env)
    assert (config.provider, config.base_url, config.timeout_s, config.enabled, config.model) == (
        "openai-compatible",
        "http://h:1/v1",
        7.0,
        False,
        "m",
    )
    with pytest.raises(ConfigError, match="environment INFRAGENIUS_AI_"):
        effective_config(AIConfig(), {"INFRAGENIUS_AI_CONTEXT": "everything"})


def test_api_key_sources_in_order():
    config = AIConfig(api_key_env="MY_KEY")
    assert api_key_for(config, "from-editor", {"MY_KEY": "env"}) == "from-editor"
    assert api_key_for(config, None, {"MY_KEY": "env", "INFRAGENIUS_AI_API_KEY": "generic"}) == "env"
    assert api_key_for(config, None, {"INFRAGENIUS_AI_API_KEY": "generic"}) == "generic"
    assert api_key_for(config, None, {}) is None


@pytest.mark.parametrize(
    "config, name",
    [
        (AIConfig(), "embedded"),
        (AIConfig(provider="openai-compatible", base_url="http://h/v1"), "openai-compatible"),
        (AIConfig(provider="infragenius-cloud"), "infragenius-cloud"),
        (AIConfig(provider="offline"), "offline"),
        (AIConfig(provider="openai-compatible", enabled=False), "offline"),
    ],
)
def test_make_provider(config, name, monkeypatch):
    from infragenius.tiers import state
    from infragenius.tiers.entitlements import Tier
    from infragenius.tiers.license import LicenseState

    monkeypatch.setattr(state, "current", lambda: LicenseState(tier=Tier.PROFESSIONAL))
    provider = make_provider(config, env={})
    assert provider.name == name and isinstance(provider, Provider)
    provider.close()


def test_paid_providers_say_which_tier_unlocks_them(monkeypatch):
    from infragenius.tiers import state
    from infragenius.tiers.license import LicenseState

    monkeypatch.setattr(state, "current", lambda: LicenseState())
    with pytest.raises(ConfigError, match="Requires Professional"):
        make_provider(AIConfig(provider="infragenius-cloud"), env={})
    with pytest.raises(ConfigError, match="Custom models: Requires Professional"):
        make_provider(AIConfig(provider="embedded", model_path="/models/mine.gguf"), env={})


def test_openai_compatible_needs_a_base_url():
    with pytest.raises(ConfigError, match="needs ai.base_url"):
        make_provider(AIConfig(provider="openai-compatible"), env={})


def test_offline_provider_answers_from_the_docs_in_the_prompt():
    prompt = [{"role": "user", "content": "File x\n\nRule documentation:\nUse LABEL.\n\nFinding: DF001 ..."}]
    assert OfflineProvider().complete(prompt) == "Use LABEL."
    with pytest.raises(AIUnavailable, match="does not write fixes"):
        OfflineProvider().complete(prompt, schema={})


def test_cloud_client_posts_an_analysis(httpserver):
    seen = []

    def handler(request: Request) -> Response:
        seen.append((request.headers.get("Authorization"), json.loads(request.get_data())))
        return Response(
            json.dumps({"id": "a1", "content": "hosted answer", "model": "m", "tier": "pro"}),
            content_type="application/json",
        )

    httpserver.expect_request("/v1/analyses", method="POST").respond_with_handler(handler)
    pieces = []
    provider = CloudProvider(httpserver.url_for(""), "acct-key", timeout_s=5)
    assert provider.complete([{"role": "user", "content": "hi"}], stream=pieces.append) == "hosted answer"
    assert pieces == ["hosted answer"]
    auth, body = seen[0]
    assert auth == "Bearer acct-key"
    assert body["task"] == "explain" and body["prompt_version"] == PROMPT_VERSION and body["schema"] is None


@pytest.mark.parametrize(
    "code, message, error",
    [
        (401, "rejected the account key", AIError),
        (402, r"monthly quota is used up \(HTTP 402\)", AIError),
        (403, r"your plan does not include this \(HTTP 403\)", AIError),
        (409, "still running", AIUnavailable),
        (429, r"rate limit reached \(HTTP 429\)", AIUnavailable),
        (503, r"failed \(HTTP 503\)", AIUnavailable),
    ],
)
def test_cloud_errors(httpserver, code, message, error):
    httpserver.expect_request("/v1/analyses").respond_with_data("{}", status=code)
    with pytest.raises(error, match=message):
        CloudProvider(httpserver.url_for(""), "k", timeout_s=5).complete([{"role": "user", "content": "hi"}])


def test_cloud_without_a_key():
    with pytest.raises(AIError, match="no account key"):
        CloudProvider(None, None).complete([{"role": "user", "content": "hi"}])


@pytest.mark.parametrize(
    "answer",
    [
        '{"explanation": "e", "edits": [{"start_line": 1, "end_line": 1, "new_text": "x"}]}',
        'Here you go:\n```json\n{"explanation": "e", "edits": [{"start_line": 1, "end_line": 1, "new_text": "x"}]}\n```',
        'Sure. {"explanation": "e", "edits": [{"start_line": 1, "end_line": 1, "new_text": "x"}]} Hope it helps {}',
    ],
)
def test_parse_tolerates_fences_and_prose(answer):
    assert parse(answer, FixAnswer).edits[0].new_text == "x"


@pytest.mark.parametrize(
    "answer, problem",
    [
        ("not json at all", "answer: Invalid JSON"),
        ('{"explanation": "e", "edits": []}', "edits: List should have at least 1 item"),
        (
            '{"explanation": "e", "edits": [{"start_line": 0, "end_line": 1, "new_text": ""}]}',
            "edits.0.start_line: Input should be greater than or equal to 1",
        ),
    ],
)
def test_parse_reports_what_is_wrong(answer, problem):
    with pytest.raises(AIBadAnswer) as exc:
        parse(answer, FixAnswer)
    assert problem in str(exc.value)


def test_extract_json_of_plain_text():
    assert extract_json("  nothing here ") == "nothing here"
