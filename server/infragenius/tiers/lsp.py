"""Tiers in the language server: the license from the editor, and the ``infragenius/status``
notification (tier, AI provider, model, quota when known) for status bars.

``register(server, state)`` is called by ``lsp.server`` at startup. The editor may pass
``licenseToken`` (and ``cloudKey``) in ``initializationOptions``; they win over the stored license.
The status is sent once settings are in force and again whenever they change.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)
STATUS_NOTIFICATION = "infragenius/status"


def status_payload(config: Any) -> dict:
    from .state import current

    state = current()
    ai = getattr(config, "ai", None)
    payload = {
        "tier": state.tier.value,
        "provider": getattr(ai, "provider", "offline") if getattr(ai, "enabled", True) else "off",
        "model": getattr(ai, "model", None),
        "quotaLeft": None,
    }
    if state.problem:
        payload["message"] = f"License not accepted: {state.problem}. Using Community."
    elif state.license is not None:
        payload["message"] = f"Licensed to {state.license.subject}"
    return payload


def register(server: Any, state: Any) -> None:
    from .state import current, set_editor_token

    shown: set[str] = set()  # license problems already shown: once each, not on every settings change

    def send_status() -> None:
        token = getattr(state, "secrets", {}).get("licenseToken")
        if token:
            set_editor_token(token)
        if _enforce_policy(state):
            return  # set_config announced the status already (on_config_change)
        try:
            payload = status_payload(state.config)
            server.protocol.notify(STATUS_NOTIFICATION, payload)
            if current().problem:
                _show_once(server, payload["message"], shown)
            _note_locked_selection(server, state, shown)
        except Exception:  # a client gone away must not break config handling
            log.debug("could not send %s", STATUS_NOTIFICATION, exc_info=True)

    state.on_first_config(send_status)
    state.on_config_change(send_status)


def _show_once(server: Any, message: str, shown: set[str]) -> None:
    """Tell the user why their license is not in force (the status bar alone is easy to miss)."""
    if message in shown:
        return
    shown.add(message)
    from lsprotocol import types as lsp

    server.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=f"InfraGenius: {message}"))


def _note_locked_selection(server: Any, state: Any, shown: set[str]) -> None:
    """Selected rules the license does not grant (``select = ["CD"]`` on Community) are not run: say so
    with one information message per session, however often the settings change."""
    from lsprotocol import types as lsp

    from .selection import gate_selection
    from .state import allows

    config = getattr(state, "config", None)
    if config is None or _LOCKED_SELECTION in shown:
        return
    if config.select == ["ALL"] and not config.extend_select:
        return  # nothing named: nothing to tell (and resolving codes would import every language)
    message = gate_selection(config, allows).message
    if message is None:
        return
    shown.add(_LOCKED_SELECTION)
    text = f"InfraGenius: {message}; those rules are not run."
    server.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Info, message=text))


_LOCKED_SELECTION = "locked selection"  # the key of that one message in ``shown``


def _enforce_policy(state: Any) -> bool:
    """The first settings were built before the editor's license was taken (settings come first), so an
    Enterprise license from the editor had no policy applied to them yet: apply it now. True when that
    changed the config (and so set it again)."""
    from .policy import apply_policy

    config = getattr(state, "config", None)
    if config is None:
        return False
    try:
        enforced = apply_policy(config)
    except Exception:  # a policy that does not merge was reported when the settings were built
        log.debug("policy not applied", exc_info=True)
        return False
    if enforced == config:
        return False
    state.set_config(enforced)
    return True
