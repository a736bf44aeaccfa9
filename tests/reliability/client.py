"""Helpers for the reliability tests: the bench's LSP client (imported, not copied) with requests that do
not block, every server notification recorded, and process-tree checks read from /proc (no psutil)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from lsp_client import LspClient, LspError, _Pending

STRESS = os.environ.get("INFRAGENIUS_STRESS") == "1"
SERVER = [sys.executable, "-m", "infragenius.lsp"]


class Client(LspClient):
    """Records notifications other than diagnostics (``window/showMessage``, ``$/progress``...)."""

    def __init__(self, cwd: Path, env: dict | None = None):
        self.notifications: list[tuple[str, dict]] = []
        super().__init__(SERVER, cwd=cwd, env=env)

    def _dispatch(self, message: dict) -> None:
        method = message.get("method")
        if method and "id" not in message and method != "textDocument/publishDiagnostics":
            self.notifications.append((method, message.get("params") or {}))
        super()._dispatch(message)

    def start(self, root: Path, init_options: dict | None = None) -> None:
        params = {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": {
                "textDocument": {"publishDiagnostics": {"versionSupport": True}},
                "window": {"workDoneProgress": True},
            },
            "initializationOptions": init_options or {},
        }
        self.request("initialize", params, timeout=60)
        self.notify("initialized", {})

    def send(self, method: str, params: dict) -> tuple[int, _Pending]:
        """A request whose answer is collected later with ``answer()``."""
        self._next_id += 1
        pending = _Pending()
        self._pending[self._next_id] = pending
        self._send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        return self._next_id, pending

    def messages(self) -> list[str]:
        return [p.get("message", "") for m, p in self.notifications if m == "window/showMessage"]


def answer(pending: _Pending, timeout: float) -> _Pending:
    if not pending.event.wait(timeout):
        raise LspError(f"no answer within {timeout} s")
    return pending


def lsp_range(sl: int, sc: int, el: int, ec: int) -> dict:
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def children(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (from /proc/*/stat's parent field)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":  # a zombie has exited; its parent just has not reaped it yet
            parents[int(entry)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, parent in parents.items() if parent == current]
        found += kids
        frontier += kids
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """The pids still alive after up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def thread_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))
