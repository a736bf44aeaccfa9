"""The AI audit log: one JSON line per AI request — who, which file (by hash), which rule, where it
went, how many bytes and redactions. Never any file content. Written with an Enterprise license, and
whenever an organisation policy is in force (whatever the license: a policy does not lapse with it)."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import threading
from pathlib import Path

from . import store
from .entitlements import Feature

_LOCK = threading.Lock()
FIELDS = ("time", "user", "file_hash", "rule", "provider", "model", "bytes_sent", "redactions", "kind")


def log_path() -> Path:
    from .policy import audit_path

    return audit_path() or store.data_dir() / "audit.jsonl"


def file_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def record(
    *,
    text: str,
    rule: str | None,
    provider: str,
    model: str | None,
    bytes_sent: int,
    redactions: int,
    kind: str = "explain",
) -> bool:
    """Append one entry when the license includes the audit log or a policy is in force. ``text`` is
    hashed, never stored."""
    from .policy import in_force
    from .state import allows, current

    if not (allows(Feature.AUDIT_LOG) or in_force()):
        return False
    lic = current().license
    entry = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "user": lic.subject if lic else getpass.getuser(),
        "file_hash": file_hash(text),
        "rule": rule,
        "provider": provider,
        "model": model,
        "bytes_sent": int(bytes_sent),
        "redactions": int(redactions),
        "kind": kind,
    }
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, sort_keys=True) + "\n"
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(line)
    return True
