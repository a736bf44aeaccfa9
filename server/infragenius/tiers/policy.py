"""Organisation policy: settings an administrator fixes for every user on a machine.

The policy file uses the config keys (``select``, ``ignore``, ``[ai]``...) and is read from fixed system
locations only (``SYSTEM_PATHS``: ``/etc/infragenius/policy.toml``; on Windows ``policy.toml`` in the
machine-wide config folder), which a user cannot write. Nothing a user controls loosens it: not the
environment (``INFRAGENIUS_POLICY_FILE`` is no longer read, ``INFRAGENIUS_AI_*`` variables are applied
under it), not the user's config or editor settings, not the command line, and not the license state:
a policy restricts whether the license is Enterprise, expired or gone.

It is applied after every other source, so its values win, with three keys that can only restrict:
``[ai] enabled`` (off if either says off), ``context`` (the smaller) and ``provider`` (a user who chose
``offline`` stays offline). A policy file that cannot be read turns AI requests off rather than lapse.
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
_warned: set[str] = set()
_CONTEXT_ORDER = {"none": 0, "window": 1, "file": 2}
UNREADABLE = {"ai": {"enabled": False}}  # fail closed: what a broken policy leaves in force


def _system_paths() -> tuple[Path, ...]:
    if os.name == "nt":
        from platformdirs import site_config_dir

        return (Path(site_config_dir("InfraGenius", appauthor=False)) / "policy.toml",)
    return (Path("/etc/infragenius/policy.toml"),)


SYSTEM_PATHS: tuple[Path, ...] = _system_paths()  # tests replace this in-process, never via the environment


def policy_path() -> Path | None:
    if os.environ.get("INFRAGENIUS_POLICY_FILE"):
        _warn_once(
            "env",
            "INFRAGENIUS_POLICY_FILE is ignored: the organisation policy is read from "
            f"{', '.join(map(str, SYSTEM_PATHS))} only",
        )
    return next((path for path in SYSTEM_PATHS if path.exists()), None)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        _warn_once(
            str(path), f"organisation policy {path} is unreadable ({exc}); AI requests are off until it is fixed"
        )
        return dict(UNREADABLE)


def load_policy() -> tuple[dict[str, Any], Path] | None:
    path = policy_path()
    if path is None:
        return None
    data = _read(path)
    data.pop("audit", None)  # the audit section configures the audit log, not the engine
    return data, path


def in_force() -> bool:
    return policy_path() is not None


def apply_policy(config):
    """``config`` with the organisation policy on top (whatever the license)."""
    loaded = load_policy()
    if loaded is None:
        return config
    data, path = loaded
    rules = {key: value for key, value in data.items() if key != "ai"}
    enforced = config.merged(rules, f"organisation policy {path}") if rules else config
    return enforced.model_copy(update={"ai": _restrict(enforced.ai, data.get("ai"), path)})


def enforce_ai(ai):
    """``ai`` (an ``AIConfig``, environment variables applied) with the policy's ``[ai]`` on top."""
    loaded = load_policy()
    return ai if loaded is None else _restrict(ai, loaded[0].get("ai"), loaded[1])


def _restrict(ai, rules: Any, path: Path):
    from ..core.config import AIConfig, Config, ConfigError

    if not rules:
        return ai
    if not isinstance(rules, dict):
        raise ConfigError(f"organisation policy {path}: [ai] must be a table")
    wanted = Config.from_dict({"ai": rules}, f"organisation policy {path}").ai
    update = {key: getattr(wanted, key) for key in wanted.model_fields_set}
    if "enabled" in update:
        update["enabled"] = update["enabled"] and ai.enabled
    if "context" in update:
        update["context"] = min(update["context"], ai.context, key=_CONTEXT_ORDER.__getitem__)
    if "provider" in update and ai.provider == "offline":
        update["provider"] = "offline"
    return AIConfig.model_validate({**{k: getattr(ai, k) for k in ai.model_fields_set}, **update})


def audit_path() -> Path | None:
    """``[audit] path`` in the policy file, if set."""
    path = policy_path()
    if path is None:
        return None
    audit = _read(path).get("audit")
    value = audit.get("path") if isinstance(audit, dict) else None
    return Path(value) if isinstance(value, str) and value else None


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        log.warning(message)
