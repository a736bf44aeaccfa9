"""Organisation policy (Enterprise): settings an administrator fixes for every user on a machine.

The policy file uses the config keys (``select``, ``ignore``, ``[ai]``...). It is applied after the
user's config file and editor settings, so its values win; ``[ai] provider`` in a policy can, for
instance, keep AI requests on the company's own endpoint. Path: ``$INFRAGENIUS_POLICY_FILE`` or
``/etc/infragenius/policy.toml``.
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path
from typing import Any

from .entitlements import Feature

log = logging.getLogger(__name__)
DEFAULT_PATH = Path("/etc/infragenius/policy.toml")
_warned: set[str] = set()


def policy_path() -> Path | None:
    path = Path(os.environ.get("INFRAGENIUS_POLICY_FILE") or DEFAULT_PATH)
    return path if path.is_file() else None


def load_policy() -> tuple[dict[str, Any], Path] | None:
    path = policy_path()
    if path is None:
        return None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        _warn_once(str(path), f"organisation policy {path} is unreadable ({exc}); not applied")
        return None
    data.pop("audit", None)  # the audit section configures the audit log, not the engine
    return data, path


def apply_policy(config):
    """``config`` with the organisation policy on top, when the license includes it."""
    from .state import allows

    loaded = load_policy()
    if loaded is None:
        return config
    data, path = loaded
    if not allows(Feature.ORG_POLICY):
        _warn_once("tier", f"organisation policy {path} needs an Enterprise license; not applied")
        return config
    return config.merged(data, f"organisation policy {path}")


def audit_path() -> Path | None:
    """``[audit] path`` in the policy file, if set."""
    path = policy_path()
    if path is None:
        return None
    try:
        value = tomllib.loads(path.read_text("utf-8")).get("audit", {}).get("path")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    return Path(value) if value else None


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        log.warning(message)
