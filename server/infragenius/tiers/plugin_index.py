"""One entry of the plugin marketplace's index, and the trust boundary around it.

The index (``GET /v1/plugins``) names rule packs as PyPI packages at one pinned version. What reaches
pip is built here from a checked entry, never from what the user typed: a plain project name and an
exact public version (``name==1.2.3``). No URL, path, extra, marker or option can pass, so an index
entry or a command line cannot make pip fetch from elsewhere or change how it runs. The service checks
every entry with the same function when the operator adds it, and the client checks again on receipt.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

# PEP 508 project names (the same pattern pip and PyPI use), at most 100 characters
PROJECT_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]{0,98}[A-Z0-9])$", re.IGNORECASE)
PLUGIN_TIERS = ("community", "professional", "enterprise")
TIER_RANK = {"community": 0, "payg": 0, "professional": 1, "enterprise": 2}
MAX_DESCRIPTION = 500
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadPlugin(ValueError):
    """An index entry that does not pass the checks; the message names the field."""


@dataclass(frozen=True)
class PluginEntry:
    name: str
    package: str
    version: str
    tier: str = "community"
    description: str = ""
    homepage: str | None = None
    verified: bool = False

    @property
    def requirement(self) -> str:
        """What pip is given: ``package==version``, checked once more to be a plain pinned requirement."""
        text = f"{self.package}=={self.version}"
        parsed = Requirement(text)
        if parsed.url or parsed.extras or parsed.marker or len(parsed.specifier) != 1:
            raise BadPlugin(f"{text!r} is not a plain pinned requirement")
        return text

    def as_json(self) -> dict:
        return asdict(self)


def check_entry(raw: object) -> PluginEntry:
    """A ``PluginEntry`` from the index's JSON (or the admin command's arguments); raises ``BadPlugin``."""
    if not isinstance(raw, dict):
        raise BadPlugin("an index entry must be a JSON object")
    name = _project_name(raw.get("name"), "name")
    package = _project_name(raw.get("package"), "package")
    entry = PluginEntry(
        name=name,
        package=package,
        version=_version(raw.get("version")),
        tier=_tier(raw.get("tier", "community")),
        description=_description(raw.get("description") or ""),
        homepage=_homepage(raw.get("homepage")),
        verified=raw.get("verified") is True,
    )
    try:
        entry.requirement  # noqa: B018 - the check is the point
    except InvalidRequirement as exc:
        raise BadPlugin(f"not a valid requirement: {exc}") from None
    return entry


def same_project(a: str, b: str) -> bool:
    """PyPI treats ``My_Pack``, ``my-pack`` and ``my.pack`` as one project."""
    return canonicalize_name(a) == canonicalize_name(b)


def tier_allows(have: str, needs: str) -> bool:
    """Whether a license of tier ``have`` covers a pack meant for ``needs`` (pay-per-use counts as Community)."""
    return TIER_RANK.get(have, 0) >= TIER_RANK[needs]


def _project_name(value: object, field: str) -> str:
    if not isinstance(value, str) or not PROJECT_NAME.fullmatch(value):
        raise BadPlugin(f"{field} must be a plain PyPI project name (letters, digits, '.', '_', '-'), got {value!r}")
    return value


def _version(value: object) -> str:
    if not isinstance(value, str):
        raise BadPlugin("version must be a string")
    try:
        version = Version(value)
    except InvalidVersion:
        raise BadPlugin(f"version {value!r} is not a valid version") from None
    if version.local is not None:
        raise BadPlugin(f"version {value!r} is a local version (PyPI has none)")
    return str(version)


def _tier(value: object) -> str:
    if value not in PLUGIN_TIERS:
        raise BadPlugin(f"tier must be one of {', '.join(PLUGIN_TIERS)}, got {value!r}")
    return str(value)


def _description(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_DESCRIPTION or CONTROL.search(value):
        raise BadPlugin(f"description must be one line of at most {MAX_DESCRIPTION} characters")
    return value


def _homepage(value: object) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not value.startswith("https://") or len(value) > 500 or CONTROL.search(value):
        raise BadPlugin("homepage must be an https:// address")
    return value
