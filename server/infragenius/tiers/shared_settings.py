"""The organisation's shared settings from the Cloud, on the client (issue 22): its rule settings
(``GET /v1/policy``: ``ignore``, ``severity``, ``per-file-ignores``) and its baseline of the repository
being checked (``GET /v1/baselines``), for a member signed in with ``infragenius login`` or a CI job with a member's
key in ``INFRAGENIUS_CLOUD_KEY``.

How they combine with the repository's config (decided here, said in the README): the organisation's
settings win for what they set. Its ``ignore`` and ``per-file-ignores`` codes are added to the
repository's (a repository cannot turn back on what the organisation ignores), its ``severity`` entries
replace the repository's for the same codes. The command line's own flags come after, for that run only,
and the machine's policy file (``tiers/policy.py``) after everything.

Never in the way: each answer is cached on disk (``TTL_S``); the command line asks the service with a
short timeout (``TIMEOUT_S``) when the copy is older, the editor never waits (it reads the copy and
refreshes it in the background). Unreachable service: the last copy, and one note saying so. Codes this
client does not know (a newer rule, a plugin not installed here) are left out with a note, not an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
TTL_S = 300
TIMEOUT_S = 2.0
SOURCE = "organisation settings (InfraGenius Cloud)"
SHARED_KEYS = ("ignore", "severity", "per-file-ignores")
_noted: set[str] = set()
URL_ENV, KEY_ENV = "INFRAGENIUS_CLOUD_URL", "INFRAGENIUS_CLOUD_KEY"  # as check --upload reads them


@dataclass(frozen=True)
class Member:
    """A signed-in member: the service and the stored key it issued."""

    base: str
    key: str


def signed_in() -> Member | None:
    """The key ``check --upload`` would use: ``INFRAGENIUS_CLOUD_KEY`` (CI), else the stored login's."""
    from . import store

    ci_key = os.environ.get(KEY_ENV)
    if not ci_key and store.read_secret(store.CLOUD_KEY_FILE) is None:  # most runs: nothing more imported
        return None
    from . import account

    base = (os.environ.get(URL_ENV) or account.service_url()).rstrip("/")
    key = ci_key or account.stored_key_for(base)
    return Member(base, key) if key else None


# -- fetching, with the on-disk copy ---------------------------------------------------------------
def cache_dir() -> Path:
    override = os.environ.get("INFRAGENIUS_CACHE_DIR")
    if override:
        return Path(override) / "org"
    import platformdirs

    return Path(platformdirs.user_cache_dir("infragenius", appauthor=False)) / "org"


def fetched(member: Member, path: str, params: dict[str, str] | None = None, *, wait: bool = True) -> Any:
    """The service's answer to ``GET path`` (None for 403/404: nothing shared), from the copy while it is
    fresh. ``wait=False`` (the editor) never asks the service in this thread."""
    name = _cache_file(member, path, params)
    copy = _read_copy(name)
    if copy is not None and time.time() - copy["at"] < TTL_S:
        return copy["value"]
    if not wait:
        threading.Thread(target=_refresh, args=(member, path, params, name), daemon=True).start()
        return None if copy is None else copy["value"]
    try:
        return _refresh(member, path, params, name, quiet=False)
    except FetchError as exc:
        when = "none applied" if copy is None else f"using the copy from {time.ctime(copy['at'])}"
        note("offline", f"organisation settings could not be fetched from {member.base} ({exc}); {when}")
        return None if copy is None else copy["value"]


class FetchError(Exception):
    pass


def _refresh(member: Member, path: str, params, name: Path, quiet: bool = True) -> Any:
    import httpx

    try:
        response = httpx.get(
            f"{member.base}{path}",
            params=params,
            headers={"Authorization": f"Bearer {member.key}"},
            timeout=TIMEOUT_S,
        )
        if response.status_code in (403, 404):  # not Professional, or nothing shared: cached as nothing
            value = None
        elif response.status_code == 200:
            value = response.json()
        else:
            raise FetchError(f"HTTP {response.status_code}")
    except (httpx.HTTPError, ValueError) as exc:
        if quiet:
            log.debug("organisation settings not refreshed: %s", exc)
            return None
        raise FetchError(type(exc).__name__) from None
    except FetchError:
        if quiet:
            return None
        raise
    _write_copy(name, value)
    return value


def _cache_file(member: Member, path: str, params) -> Path:
    ident = json.dumps([member.base, member.key, path, params], sort_keys=True)  # a copy per account
    return cache_dir() / f"{hashlib.sha256(ident.encode()).hexdigest()[:32]}.json"


def _read_copy(name: Path) -> dict | None:
    try:
        copy = json.loads(name.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return copy if isinstance(copy, dict) and isinstance(copy.get("at"), int | float) else None


def _write_copy(name: Path, value: Any) -> None:
    try:
        name.parent.mkdir(parents=True, exist_ok=True)
        partial = name.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps({"at": time.time(), "value": value}), "utf-8")
        partial.replace(name)  # whole or not at all: a reader never sees half a copy
    except OSError as exc:
        log.debug("organisation settings not cached: %s", exc)


def note(key: str, message: str) -> None:
    """Once per process: the command line runs once, the editor keeps running."""
    if key not in _noted:
        _noted.add(key)
        log.warning("%s", message)
