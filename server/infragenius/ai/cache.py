"""Answer cache: in memory (TTL + LRU) and on disk under the platform's user cache directory.

Keys are made of the provider, the model, ``PROMPT_VERSION``, the task and a hash of the *redacted*
prompt, and the stored value is the model's *redacted* answer: no secret is ever written to disk, and
placeholders are restored per request from that request's redactor (the same text redacts the same way).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from cachetools import TTLCache

from .prompts import PROMPT_VERSION

log = logging.getLogger(__name__)

DISK_TTL_S = 30 * 24 * 3600
MEMORY_TTL_S = 24 * 3600
ENV_DIR = "INFRAGENIUS_AI_CACHE_DIR"


def default_cache_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("infragenius", appauthor=False)) / "ai"


def cache_key(provider: str, model: str, task: str, messages: list, schema: dict | None = None) -> str:
    prompt = json.dumps({"messages": messages, "schema": schema}, sort_keys=True, ensure_ascii=False)
    prompt_hash = hashlib.sha256(prompt.encode("utf-8")).hexdigest()
    return hashlib.sha256(f"{provider}\0{model}\0{PROMPT_VERSION}\0{task}\0{prompt_hash}".encode()).hexdigest()


class AnswerCache:
    def __init__(self, directory: Path | None = None, *, disk: bool = True, maxsize: int = 512) -> None:
        self.directory = directory if directory is not None else default_cache_dir()
        self.disk = disk
        self._memory: TTLCache = TTLCache(maxsize=maxsize, ttl=MEMORY_TTL_S)
        self._lock = threading.Lock()

    def get(self, key: str, memory_only: bool = False) -> str | None:
        with self._lock:
            value = self._memory.get(key)
        if value is not None or memory_only or not self.disk:
            return value
        value = self._read(key)
        if value is not None:
            with self._lock:
                self._memory[key] = value
        return value

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._memory[key] = value
        if self.disk:
            self._write(key, value)

    def clear(self) -> int:
        """Forget everything; returns how many answers were removed from disk."""
        with self._lock:
            self._memory.clear()
        if not self.directory.is_dir():
            return 0
        count = sum(1 for _ in self.directory.rglob("*.json"))
        shutil.rmtree(self.directory, ignore_errors=True)
        return count

    # -- disk ----------------------------------------------------------------------------------
    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def _read(self, key: str) -> str | None:
        path = self._path(key)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or time.time() - float(data.get("at", 0)) > DISK_TTL_S:
            return None
        value = data.get("answer")
        return value if isinstance(value, str) else None

    def _write(self, key: str, value: str) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # write then rename: a reader never sees half a file, two writers never mix
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"at": time.time(), "prompt_version": PROMPT_VERSION, "answer": value}, fh)
            os.replace(tmp, path)
        except OSError as exc:  # a read-only or full cache dir costs speed, never correctness
            log.warning("AI cache not written (%s): %s", path.parent, exc)
