"""Settings: the workspace's config file with the editor's settings merged on top.

Sources, later wins: ``Config.discover(root)`` (``.infragenius.toml`` / ``pyproject.toml``) with its
``[ai]`` section guarded by ``core.trust`` (the workspace may restrict AI requests, not redirect them,
unless its folder is trusted; the user config file's ``[ai]`` is underneath), the
``initializationOptions`` sent with ``initialize``, then the ``infragenius`` section pulled with
``workspace/configuration`` after ``initialized`` and again on every ``workspace/didChangeConfiguration``
(settings pushed in that notification are used when the client cannot be asked). Editor settings count
as the user's own: an editor sends the AI endpoint settings from its user scope only (the VS Code
extension does). The organisation policy goes over everything. Keys are the config file's keys
(kebab-case; camelCase and snake_case accepted). A bad setting shows one error message and the last
good config stays in force.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from .documents import uri_to_path

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

    from ..core.config import Config
    from .state import State

log = logging.getLogger(__name__)


def _community(feature: str) -> bool:
    return False


def _unchanged(config: Config) -> Config:
    return config


def _ignored(token: str) -> None:
    return None


@dataclass(frozen=True)
class Licensing:
    """What the license and the organisation decide, handed in by ``infragenius.app`` (this floor
    imports nothing of ``tiers/``); the defaults are the Community edition's."""

    allows: Callable[[str], bool] = _community  # does the license in force grant this tier feature
    apply_policy: Callable[[Config], Config] = _unchanged  # the organisation policy, over everything
    take_token: Callable[[str], None] = _ignored  # a license token the editor passes from its secret storage


LICENSING = Licensing()


def use_licensing(licensing: Licensing) -> None:
    """Install the license hooks (called by the composition root, once per process)."""
    global LICENSING
    LICENSING = licensing


def entitled(feature: str) -> bool:
    """Whether the license in force grants a tier feature: asked per analysis, since the editor can
    hand over a license while the server runs (the engine takes this predicate; core never asks)."""
    return LICENSING.allows(feature)


SECTION = "infragenius"
CONFIG_FILE_NAMES = (".infragenius.toml", "infragenius.toml", "pyproject.toml")
# keys that only the editor extension reads (how to start the server, tracing); not engine config
CLIENT_ONLY_KEYS = {"trace", "server", "enable", "enabled", "executable", "path", "args", "interpreter"}


class Settings:
    def __init__(self, server: LanguageServer, state: State) -> None:
        self.server = server
        self.state = state
        self.init_options: dict[str, Any] = {}
        self.client_settings: dict[str, Any] = {}
        self.can_pull = False
        self._last_error: str | None = None
        state.reload_settings = self.refresh  # e.g. after the user allowed the workspace's AI endpoint

    # -- sources -------------------------------------------------------------------------------
    def initialize(self, params: lsp.InitializeParams) -> None:
        raw = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        self.init_options = _section(raw)
        self.state.secrets = _take_secrets(raw, self.init_options)
        if self.state.secrets.get("licenseToken"):  # before the first config: the policy needs the tier
            LICENSING.take_token(self.state.secrets["licenseToken"])
        self.state.ai_api_key = self.state.secrets.get("aiApiKey") or self.state.secrets.get("cloudKey")
        caps = params.capabilities
        self.can_pull = bool(caps.workspace and caps.workspace.configuration)

    async def refresh(self, pushed: Any = None) -> None:
        """Re-read every source and apply the result (or report why it cannot be applied)."""
        if self.can_pull:
            try:
                items = lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section=SECTION)])
                result = await self.server.workspace_configuration_async(items)
                self.client_settings = _section(result[0] if result else None)
            except Exception as exc:  # noqa: BLE001 (a client that fails the request: keep what we had)
                log.warning("workspace/configuration failed: %s", exc)
        elif pushed is not None:
            self.client_settings = _section(pushed)
        try:
            config = await self.state.run(self._build)
        except Exception as exc:  # noqa: BLE001 (a bad setting is reported, never fatal)
            self._report(str(exc))
            if self.state.config is None:  # nothing good yet: fall back to the defaults
                self.state.set_config(await self.state.run(_default_config))
            return
        self._last_error = None
        self.state.set_config(config)

    # -- building (analysis thread) ------------------------------------------------------------
    def _build(self) -> Config:
        from ..core.config import Config
        from ..core.trust import guard

        base, found = Config(), None
        if self.state.root is not None:
            base, found = Config.discover(self.state.root)
            if found is not None:
                log.info("config file: %s", found)
        config, self.state.ai_refusal = guard(base, found)  # asked about on the first AI command (ai.lsp)
        if self.state.ai_refusal is not None:
            log.warning("%s", self.state.ai_refusal.message())
        if self.init_options:
            config = config.merged(_strip(self.init_options), "initializationOptions")
        if self.client_settings:
            config = config.merged(_strip(self.client_settings), "settings")
        config = LICENSING.apply_policy(config)  # an Enterprise organisation policy wins over editor settings
        _validate_codes(config)
        return config

    def _report(self, message: str) -> None:
        log.warning("settings not applied: %s", message)
        if message == self._last_error:
            return  # one message per distinct problem, not one per keystroke
        self._last_error = message
        text = f"InfraGenius: settings not applied, keeping the previous ones.\n{message}"
        self.server.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=text))


def is_config_file(uri: str) -> bool:
    path = uri_to_path(uri)
    return path is not None and path.name in CONFIG_FILE_NAMES


def _section(value: Any) -> dict[str, Any]:
    """Settings arrive either as the section itself or wrapped as ``{"infragenius": {...}}``."""
    if not isinstance(value, dict):
        return {}
    inner = value.get(SECTION)
    if isinstance(inner, dict):
        return inner
    return value


SECRET_KEYS = ("licenseToken", "cloudKey")


def _take_secrets(raw: dict[str, Any], section: dict[str, Any]) -> dict[str, str]:
    """Secrets the editor passes from its secret storage: kept in memory for the license and AI
    modules, removed from the settings so they are never validated, logged or echoed."""
    found: dict[str, str] = {}
    for source in (raw, section):
        for key in SECRET_KEYS:
            value = source.pop(key, None) if isinstance(source, dict) else None
            if isinstance(value, str) and value.strip():
                found[key] = value.strip()
    ai = section.get("ai")
    if isinstance(ai, dict):
        key = ai.pop("apiKey", None) or ai.pop("api_key", None)
        if isinstance(key, str) and key.strip():
            found["aiApiKey"] = key.strip()
    return found


def _strip(settings: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in settings.items() if k not in CLIENT_ONLY_KEYS and v is not None}


def _validate_codes(config: Config) -> None:
    from ..core.config import ConfigError

    names_codes = (
        config.select != ["ALL"] or config.extend_select or config.ignore or config.per_file_ignores or config.severity
    )
    if not names_codes:
        return  # nothing to check, and checking would import every language now
    try:
        config.validate_codes()
    except ConfigError:
        raise
    except Exception:  # a language package that fails to import is not the user's settings' fault
        log.exception("could not check rule codes in the settings")


def _default_config() -> Config:
    from ..core.config import Config

    return Config()
