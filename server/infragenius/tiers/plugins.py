"""The client side of the plugin marketplace: read the Cloud's index, install and remove its rule packs.

Install is ``pip install package==version`` into the running environment (``sys.executable -m pip``),
for packs in the index only, with the requirement built from the checked entry
(``plugin_index.PluginEntry.requirement``). pip's own settings (``PIP_INDEX_URL``, ``PIP_FIND_LINKS``, a
``pip.conf``) are the user's, as for any pip install; nothing from the index or the command line is
passed to pip as an option. Tier gating here is what the user is told; the packs themselves are public.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from importlib import metadata

from . import account
from .plugin_errors import PluginError
from .plugin_index import PROJECT_NAME, BadPlugin, PluginEntry, check_entry, same_project

URL_ENV = "INFRAGENIUS_CLOUD_URL"
TIMEOUT_S = 15
PIP_TIMEOUT_S = 900  # a pip run with a slow mirror; never forever
PLUGIN_GROUP = "infragenius.plugins"


def index_url() -> str:
    """The service whose index is used: ``INFRAGENIUS_CLOUD_URL``, else the one signed in to, else the default."""
    return (os.environ.get(URL_ENV) or account.service_url()).rstrip("/")


def fetch_index(base: str) -> list[PluginEntry]:
    """The index's entries; an entry that fails the checks is left out with a note, never installed."""
    import httpx  # here, not at the top: only the marketplace commands go online

    try:
        with httpx.Client(timeout=TIMEOUT_S) as http:
            response = http.get(f"{base}/v1/plugins", headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise PluginError(f"cannot reach {base} ({type(exc).__name__})") from None
    if response.status_code != 200:
        raise PluginError(f"{base} did not serve the plugin index (HTTP {response.status_code})")
    try:
        raw = response.json().get("plugins")
    except (ValueError, AttributeError):
        raw = None
    if not isinstance(raw, list):
        raise PluginError(f"{base} answered something that is not a plugin index")
    entries = []
    for item in raw:
        try:
            entries.append(check_entry(item))
        except BadPlugin as exc:
            print(f"infragenius: warning: index entry skipped: {exc}", file=sys.stderr)
    return entries


def check_name(wanted: str) -> str:
    """Refuse, before anything is asked of the network, what cannot be a name in the index."""
    if not PROJECT_NAME.fullmatch(wanted):
        raise PluginError(
            f"refused: {wanted!r} is not a plugin name (packs are installed by their name in the index: "
            "no URL, path, version or pip option)"
        )
    return wanted


def find(entries: list[PluginEntry], wanted: str) -> PluginEntry:
    """The entry named ``wanted`` (its name or its PyPI project)."""
    check_name(wanted)
    for entry in entries:
        if same_project(entry.name, wanted) or same_project(entry.package, wanted):
            return entry
    raise PluginError(f"{wanted!r} is not in the plugin index (see `infragenius plugins list`)")


def search(entries: list[PluginEntry], words: list[str]) -> list[PluginEntry]:
    """Entries whose name, package or description holds every word (case-insensitive)."""
    wanted = [w.lower() for w in words]
    return [e for e in entries if all(w in f"{e.name} {e.package} {e.description}".lower() for w in wanted)]


def installed_version(package: str) -> str | None:
    importlib.invalidate_caches()
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def entry_points_of(package: str) -> list[str]:
    """The ``infragenius.plugins`` entry points the installed distribution declares."""
    importlib.invalidate_caches()
    try:
        found = metadata.distribution(package).entry_points
    except metadata.PackageNotFoundError:
        return []
    return sorted(ep.name for ep in found if ep.group == PLUGIN_GROUP)


def install(entry: PluginEntry) -> None:
    _pip("install", "--disable-pip-version-check", "--no-input", entry.requirement)


def uninstall(entry: PluginEntry) -> None:
    _pip("uninstall", "--disable-pip-version-check", "--yes", entry.package)


def _pip(*args: str) -> None:
    """Run pip in this very environment; its output is kept and shown only when it fails."""
    command = [sys.executable, "-m", "pip", *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise PluginError(f"pip did not finish within {PIP_TIMEOUT_S} s") from None
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        raise PluginError(f"pip {args[0]} failed (exit {done.returncode}):\n{tail}")
