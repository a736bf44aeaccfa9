"""Who decides where AI requests go: the user, never a repository that the user happens to open.

Where code and credentials go (``provider``, ``base-url``, ``api-key-env``, ``headers``, ``model``,
``model-path``, ``lora-path``) is taken from the user's own settings: the user config file
(``config.toml`` in the platform config dir, ``[ai]`` section), editor *user* settings, environment
variables and command-line flags. A repository's ``.infragenius.toml`` may only restrict what leaves the
machine (``provider = "offline"``, ``enabled = false``, a smaller ``context``), unless the user trusted
its folder with ``infragenius trust PATH``. Even then ``api-key-env`` may only name the variable that the
user's own config names: a trusted repository still cannot pick which of the user's secrets is sent.

A redirecting key that is not honoured is reported once (``Refusal.message``), naming the endpoint the
repository asked for; it is never dropped silently.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import AIConfig, Config, ConfigError

USER_CONFIG_FILE = "config.toml"
TRUST_FILE = "trusted-folders.json"
# keys that decide where code and keys go (field names)
REDIRECTING = ("provider", "base_url", "api_key_env", "headers", "model", "model_path", "lora_path")
_CONTEXT_ORDER = {"none": 0, "window": 1, "file": 2}


@dataclass(frozen=True)
class Refusal:
    """The AI settings of a repository config that were not honoured, and why."""

    source: Path  # the config file that asked
    folder: Path  # what `infragenius trust` would have to name
    keys: tuple[str, ...]  # kebab-case config keys
    endpoint: str  # where the repository wanted requests to go, in words
    trusted: bool  # the folder is trusted (only api-key-env was refused)

    def message(self) -> str:
        keys = ", ".join(f"ai.{key}" for key in self.keys)
        if self.trusted:
            return (
                f"{self.source} names {keys}, which your user config does not name; ignored (only a "
                f"variable named in {user_config_path()} is read)"
            )
        return (
            f"{self.source} asks to send AI requests to {self.endpoint}; ignored ({keys}) because "
            f"{self.folder} is not trusted. Run `infragenius trust {self.folder}` to allow it."
        )


# -- the user's own AI settings ----------------------------------------------------------------
def config_dir() -> Path:
    """The user config dir (``$INFRAGENIUS_CONFIG_DIR``, else the platform's); the license lives there too."""
    override = os.environ.get("INFRAGENIUS_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("infragenius", appauthor=False))


def user_config_path() -> Path:
    return config_dir() / USER_CONFIG_FILE


def user_ai() -> AIConfig:
    """``[ai]`` of the user config file (defaults when there is none)."""
    path = user_config_path()
    if not path.is_file():
        return AIConfig()
    return Config.load(path).ai


# -- trusted folders ---------------------------------------------------------------------------
def trusted_folders() -> list[Path]:
    try:
        data = json.loads((config_dir() / TRUST_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_dir() / TRUST_FILE}: unreadable ({exc}); fix or delete it") from None
    folders = data.get("folders") if isinstance(data, dict) else None
    return [Path(f) for f in folders if isinstance(f, str)] if isinstance(folders, list) else []


def trust(folder: Path) -> bool:
    """Trust ``folder`` (and everything below it). False when it was trusted already."""
    folder = folder.resolve()
    folders = trusted_folders()
    if folder in folders:
        return False
    _save([*folders, folder])
    return True


def untrust(folder: Path) -> bool:
    """Stop trusting ``folder``. False when it was not in the list."""
    folder = folder.resolve()
    folders = trusted_folders()
    if folder not in folders:
        return False
    _save([f for f in folders if f != folder])
    return True


def is_trusted(config_file: Path) -> bool:
    here = config_file.resolve().parent
    return any(here == folder or folder in here.parents for folder in trusted_folders())


def _save(folders: list[Path]) -> None:
    """Written to a new file then renamed over the old one: never half-written, never through a link."""
    directory = config_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".trusted-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"folders": [str(f) for f in folders]}, fh, indent=2)
            fh.write("\n")
        os.replace(tmp, directory / TRUST_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- the guard ---------------------------------------------------------------------------------
def guard(config: Config, found: Path | None) -> tuple[Config, Refusal | None]:
    """``config`` (read from the repository file ``found``) with its ``[ai]`` section on top of the
    user's own: restrictions kept, redirections kept only for a trusted folder."""
    user = user_ai()
    repo = config.ai
    trusted = found is not None and is_trusted(found)
    kept, refused = {}, []
    for key in sorted(repo.model_fields_set):
        value = getattr(repo, key)
        if value == getattr(user, key) or _restricts(key, value, user) or (trusted and key != "api_key_env"):
            kept[key] = value
        elif key in REDIRECTING or key in ("context", "enabled"):
            refused.append(key)
        else:
            kept[key] = value  # timeout-s: where requests go does not change
    ai = AIConfig.model_validate({**{k: getattr(user, k) for k in user.model_fields_set}, **kept})
    refusal = None
    if refused and found is not None:
        folder = found.resolve().parent
        refusal = Refusal(found, folder, tuple(k.replace("_", "-") for k in refused), _endpoint(repo, refused), trusted)
    return config.model_copy(update={"ai": ai}), refusal


def _restricts(key: str, value, user: AIConfig) -> bool:
    """Whether the repository's value only sends less, or nothing."""
    if key == "provider":
        return value == "offline"
    if key == "enabled":
        return value is False
    if key == "context":
        return _CONTEXT_ORDER[value] <= _CONTEXT_ORDER[user.context]
    return False


def _endpoint(repo: AIConfig, refused: list[str]) -> str:
    if "base_url" in refused and repo.base_url:
        return _shown(repo.base_url)
    if "provider" in refused:
        return f"the {repo.provider} provider" + (f" at {_shown(repo.base_url)}" if repo.base_url else "")
    if "model_path" in refused or "lora_path" in refused:
        return f"a model file it names ({_shown(repo.model_path or repo.lora_path or '')})"
    if "headers" in refused or "api_key_env" in refused or "model" in refused:
        return "your AI provider with settings of its own"
    if "context" in refused:
        return f"your AI provider, with more of each file (context = {repo.context})"
    return "your AI provider, which your settings turn off"


def _shown(value: str) -> str:
    """A repository's string as the user will read it: control characters (a terminal escape that
    would rewrite the message, a newline that would fake a second one) escaped."""
    return value if value.isprintable() else value.encode("unicode_escape").decode("ascii")
