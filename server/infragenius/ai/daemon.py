"""One embedded model per user and machine, shared by the language server and every CLI call.

Loading the model costs seconds; answering a warm one costs a fraction of that. So the model's
server (``llama_process --state FILE``) outlives the process that started it: it writes a *state
file* ``{"url", "token", "pid", "model"}`` and serves until nobody has used it for ``IDLE_S``.
Whoever uses it touches the state file (the *lease*); the language server keeps touching it while
it runs (:class:`KeepWarm`), so the model stays warm while the editor is open and goes a few minutes
after the last CLI call.

Trust: the server listens on 127.0.0.1 only and demands the token (llama.cpp's ``api_keys``). The
token lives in the state file, in a folder only this user can read (0700, file 0600); a state file
that another user owns or others could read is never used. A process id that is no longer alive, or
a server that does not answer ``/health``, makes the state file stale: it is removed and a new model
started.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import httpx

log = logging.getLogger(__name__)

ENV_DIR = "INFRAGENIUS_AI_RUN_DIR"
ENV_IDLE = "INFRAGENIUS_AI_IDLE_S"
IDLE_S = 300.0  # a shared model stays this long after its last use (the lease's age)
LEASE_EVERY_S = 60.0  # how often a language server renews the lease while it runs
CHECK_EVERY_S = 2.0  # how often the model's process looks at its lease
HEALTH_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class Daemon:
    url: str
    token: str
    pid: int
    state: Path


def run_dir() -> Path:
    """The user's private folder for state files (created 0700)."""
    override = os.environ.get(ENV_DIR)
    if override:
        folder = Path(override)
    else:
        import platformdirs

        folder = Path(platformdirs.user_state_dir("infragenius", appauthor=False)) / "models"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def idle_seconds() -> float:
    try:
        return max(5.0, float(os.environ.get(ENV_IDLE, IDLE_S)))
    except ValueError:
        return IDLE_S


def state_path(*key: object) -> Path:
    """The state file of one model configuration (model file, threads, context, adapter)."""
    digest = hashlib.sha256(json.dumps([str(k) for k in key]).encode()).hexdigest()[:16]
    return run_dir() / f"model-{digest}.json"


def new_token() -> str:
    return secrets.token_urlsafe(32)


# -- clients -----------------------------------------------------------------------------------
def find(state: Path, renew: bool = True) -> Daemon | None:
    """The running model behind ``state``, or None (a stale state file is removed); ``renew``: its
    lease too (a caller about to use it; not ``ai status``)."""
    data = _read_private(state)
    if data is None:
        return None
    try:
        daemon = Daemon(str(data["url"]).rstrip("/"), str(data["token"]), int(data["pid"]), state)
    except (KeyError, TypeError, ValueError):
        _remove(state)
        return None
    if not daemon.url.startswith("http://127.0.0.1:") or not alive(daemon) or not _healthy(daemon.url):
        log.info("shared model at %s is gone; starting a new one", daemon.url)
        _remove(state)
        return None
    if renew:
        touch(state)
    return daemon


def alive(daemon: Daemon) -> bool:
    """Whether the model's process still runs (signal 0: only a process of this user answers)."""
    try:
        os.kill(daemon.pid, 0)
    except (ProcessLookupError, PermissionError, OSError):
        return False
    return daemon.state.is_file()


def touch(state: Path) -> None:
    """Renew the lease: the model stays up ``IDLE_S`` from now."""
    with contextlib.suppress(OSError):
        os.utime(state)


def stop(state: Path) -> bool:
    """Stop the model behind ``state`` (``ai stop``, tests); True when one was running."""
    data = _read_private(state)
    _remove(state)  # its process sees its state file gone and leaves
    if data is None:
        return False
    with contextlib.suppress(KeyError, TypeError, ValueError, ProcessLookupError, PermissionError, OSError):
        import signal

        os.kill(int(data["pid"]), signal.SIGTERM)
        return True
    return False


def stop_all() -> int:
    return sum(stop(state) for state in run_dir().glob("model-*.json"))


@contextlib.contextmanager
def start_lock(state: Path) -> Iterator[None]:
    """Two CLI calls at once start one model: the second waits, then finds the first's."""
    try:
        import fcntl
    except ImportError:  # Windows: at worst two models start, and the last state file wins
        yield
        return
    with open(state.with_suffix(".lock"), "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


_HOLD = False  # set by a long-lived process (the language server): it keeps the model it uses warm


def hold_leases() -> None:
    """From now on, this process renews the lease of every shared model it uses, while it runs."""
    global _HOLD
    _HOLD = True


def keep_warm_if_held(state: Path) -> None:
    if _HOLD:
        KeepWarm.start(state)


class KeepWarm:
    """Renews a lease every ``LEASE_EVERY_S`` while this process lives (the language server's hook)."""

    _running: ClassVar[dict[Path, KeepWarm]] = {}
    _lock = threading.Lock()

    def __init__(self, state: Path) -> None:
        self.state = state
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="infragenius-keep-warm", daemon=True)

    @classmethod
    def start(cls, state: Path) -> KeepWarm:
        with cls._lock:
            keeper = cls._running.get(state)
            if keeper is None:
                keeper = cls._running[state] = KeepWarm(state)
                keeper._thread.start()
            return keeper

    def _run(self) -> None:
        while not self._stop.wait(LEASE_EVERY_S):
            touch(self.state)

    def cancel(self) -> None:
        self._stop.set()
        with self._lock:
            self._running.pop(self.state, None)


# -- the model's side --------------------------------------------------------------------------
def publish(state: Path, url: str, token: str, model: str) -> None:
    """Write the state file atomically, readable by this user only."""
    fd, tmp = tempfile.mkstemp(dir=state.parent, prefix=".model-", suffix=".tmp")  # mkstemp: 0600
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"url": url, "token": token, "pid": os.getpid(), "model": model}, fh)
    os.replace(tmp, state)


def serve_until_idle(state: Path, token: str, idle_s: float) -> None:
    """Block while the lease is fresh and the state file still names this process."""
    while True:
        time.sleep(CHECK_EVERY_S)
        data = _read_private(state)
        if data is None or data.get("token") != token:
            return  # stopped, or replaced by another model: leave quietly
        try:
            age = time.time() - state.stat().st_mtime
        except OSError:
            return
        if age > idle_s:
            _remove(state)
            return


# -- helpers -----------------------------------------------------------------------------------
def _read_private(state: Path) -> dict | None:
    """The state file's content, only when this user owns it and nobody else can read it."""
    try:
        info = state.stat()
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o077):
            log.warning("ignoring %s: it must belong to you and be private (0600)", state)
            return None
        data = json.loads(state.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=HEALTH_TIMEOUT_S, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


def _remove(state: Path) -> None:
    with contextlib.suppress(OSError):
        state.unlink()
