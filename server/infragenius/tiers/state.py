"""The license in force for this process: from the editor (initialize), the environment, or the file."""

from __future__ import annotations

import logging
import os

from . import store
from .entitlements import Feature
from .license import COMMUNITY, LicenseState, verify

log = logging.getLogger(__name__)
ENV_TOKEN = "INFRAGENIUS_LICENSE"

_editor_token: str | None = None
_cached: tuple[str | None, LicenseState] | None = None


def set_editor_token(token: str | None) -> None:
    """The editor passed a license from its secret storage (it wins over the file)."""
    global _editor_token, _cached
    _editor_token = token.strip() if token else None
    _cached = None


def token_and_source() -> tuple[str | None, str | None]:
    if _editor_token:
        return _editor_token, "editor"
    if os.environ.get(ENV_TOKEN):
        return os.environ[ENV_TOKEN], "environment"
    token = store.read_secret(store.LICENSE_FILE)
    return (token, "license file") if token else (None, None)


def current() -> LicenseState:
    """The verified license state (Community when there is no valid license)."""
    global _cached
    token, source = token_and_source()
    if _cached is not None and _cached[0] == token:
        return _cached[1]
    state = COMMUNITY if token is None else verify(token)
    if state.problem:
        log.warning("license from %s not accepted: %s; using Community", source, state.problem)
    _cached = (token, state)
    return state


def allows(feature: Feature | str) -> bool:
    return current().allows(Feature(feature))


def reset() -> None:
    global _editor_token, _cached
    _editor_token = None
    _cached = None
