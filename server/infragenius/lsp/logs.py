"""Logging: to stderr and to the editor (``window/logMessage``), never to stdout (the protocol's channel).

At the default level the log names files, versions, counts and timings - never file contents.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

    from .state import State


class ClientLogHandler(logging.Handler):
    """Forwards log records to the editor (``window/logMessage``), from any thread."""

    _LEVELS = (
        (logging.ERROR, lsp.MessageType.Error),
        (logging.WARNING, lsp.MessageType.Warning),
        (logging.INFO, lsp.MessageType.Info),
    )

    def __init__(self, server: LanguageServer, state: State, level: int) -> None:
        super().__init__(level)
        self.server = server
        self.state = state
        self._local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        loop = self.state.loop
        if getattr(self._local, "busy", False) or loop is None or loop.is_closed():
            return  # no recursion through pygls' own logging, no client yet
        kind = next((t for lvl, t in self._LEVELS if record.levelno >= lvl), lsp.MessageType.Log)
        try:
            message = self.format(record)
        except Exception:  # noqa: BLE001 (a log record that cannot be formatted is not worth a crash)
            return
        params = lsp.LogMessageParams(type=kind, message=message)
        loop.call_soon_threadsafe(self._send, params)

    def _send(self, params: lsp.LogMessageParams) -> None:
        self._local.busy = True
        try:
            self.server.window_log_message(params)
        except Exception:  # noqa: BLE001, S110 (the client is gone: logging to it must not raise)
            pass
        finally:
            self._local.busy = False


def setup_logging(server: LanguageServer, state: State, verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.INFO
    ours = logging.getLogger("infragenius")
    ours.setLevel(level)
    if not any(
        isinstance(h, logging.StreamHandler) and getattr(h, "stream", None) is sys.stderr
        for h in logging.getLogger().handlers + ours.handlers
    ):
        stderr = logging.StreamHandler(sys.stderr)  # never stdout: that is the protocol channel
        stderr.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        ours.addHandler(stderr)
    client = ClientLogHandler(server, state, logging.DEBUG if verbose else logging.INFO)
    client.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    ours.addHandler(client)
    ours.propagate = False
