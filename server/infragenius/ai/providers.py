"""Choosing a provider from the ``[ai]`` config, with environment variables on top and the
organisation policy over both (``tiers.policy.enforce_ai``: the environment cannot loosen it).

``INFRAGENIUS_AI_PROVIDER``, ``INFRAGENIUS_AI_BASE_URL``, ``INFRAGENIUS_AI_MODEL``, ``INFRAGENIUS_AI_MODEL_PATH``,
``INFRAGENIUS_AI_LORA_PATH``,
``INFRAGENIUS_AI_CONTEXT``, ``INFRAGENIUS_AI_TIMEOUT_S`` and ``INFRAGENIUS_AI_ENABLED`` override the config
keys of the same name. The API key is never in a project's file: it comes from the editor (passed in), from
the variable named by ``api_key_env``, or from ``INFRAGENIUS_AI_API_KEY``; for InfraGenius Cloud, failing
those, the account key ``infragenius login`` stored (sent only to the service that issued it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..core.config import AIConfig, ConfigError
from .provider import Provider

ENV_PREFIX = "INFRAGENIUS_AI_"
ENV_KEYS = ("provider", "base_url", "model", "model_path", "lora_path", "context", "timeout_s", "enabled")


def effective_config(config: AIConfig | None, env: Mapping[str, str] | None = None) -> AIConfig:
    from ..tiers.policy import enforce_ai

    return enforce_ai(_with_environment(config or AIConfig(), os.environ if env is None else env))


def _with_environment(config: AIConfig, env: Mapping[str, str]) -> AIConfig:
    overrides = {key: env[ENV_PREFIX + key.upper()] for key in ENV_KEYS if env.get(ENV_PREFIX + key.upper())}
    if not overrides:
        return config
    if "enabled" in overrides:
        overrides["enabled"] = overrides["enabled"].strip().lower() not in ("0", "false", "no", "off")
    try:
        # only the keys set somewhere stay "set": discovery runs when no setting names a provider
        return AIConfig.model_validate({**config.model_dump(exclude_unset=True), **overrides})
    except ValueError as exc:  # pydantic's ValidationError, made one line
        raise ConfigError(f"environment {ENV_PREFIX}*: {str(exc).splitlines()[0]}") from None


def api_key_for(config: AIConfig, explicit: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if env is None else env
    if explicit:
        return explicit
    if config.api_key_env and env.get(config.api_key_env):
        return env[config.api_key_env]
    return env.get(ENV_PREFIX + "API_KEY") or None


def required_feature(config: AIConfig) -> str | None:
    """The tier feature the configured provider needs (None: any tier may use it)."""
    if not config.enabled:
        return None
    if config.provider == "infragenius-cloud":
        from .cloud import DEFAULT_BASE_URL

        hosted = not config.base_url or config.base_url.rstrip("/") == DEFAULT_BASE_URL
        return "cloud-models" if hosted else "onprem-cloud"  # your own InfraGenius Cloud: Enterprise
    if config.provider == "embedded" and (config.model_path or config.lora_path):
        return "custom-models"  # your own GGUF (e.g. fine-tuned) or a LoRA adapter in the embedded server
    return None


def _stored_account_key(base_url: str | None) -> str | None:
    """The key ``infragenius login`` stored, for the Cloud that issued it only (the overrides come first)."""
    from ..tiers.account import stored_key_for

    return stored_key_for(base_url)


def _require(feature: str) -> None:
    """A provider that needs a paid tier: a clear ConfigError (CLI exit 2) naming the tier."""
    from ..tiers.gates import GateClosed, require

    try:
        require(feature)
    except GateClosed as exc:
        raise ConfigError(str(exc)) from None


def make_provider(config: AIConfig, api_key: str | None = None, env: Mapping[str, str] | None = None) -> Provider:
    name = config.provider if config.enabled else "offline"
    if config.lora_path and name not in ("embedded", "offline"):
        raise ConfigError(
            f'ai.lora-path is for the embedded model; ai.provider is "{name}" (a hosted fine-tune is '
            "chosen with ai.model)"
        )
    if name == "openai-compatible":
        from .openai_compat import OpenAICompatibleProvider

        if not config.base_url:
            raise ConfigError('ai.provider = "openai-compatible" needs ai.base_url (e.g. http://127.0.0.1:11434/v1)')
        return OpenAICompatibleProvider(
            config.base_url, config.model, api_key_for(config, api_key, env), config.headers, config.timeout_s
        )
    if name == "embedded":
        from .discovery import local_provider
        from .embedded import EmbeddedProvider

        local = local_provider(config)  # a model already served on this machine, when nothing is configured
        if local is not None:
            return local

        if required_feature(config):
            _require("custom-models")
        return EmbeddedProvider(config.model_path, config.timeout_s, lora_path=config.lora_path)
    if name == "infragenius-cloud":
        from .cloud import CloudProvider

        _require(required_feature(config) or "cloud-models")
        key = api_key_for(config, api_key, env) or _stored_account_key(config.base_url)
        return CloudProvider(config.base_url, key, config.timeout_s, config.model)
    from .offline import OfflineProvider

    return OfflineProvider()
