"""Feature gates: allowed, or the one sentence that says which tier unlocks it."""

from __future__ import annotations

from dataclasses import dataclass

from .entitlements import FEATURE_TITLES, Feature, lowest_tier_with
from .license import LicenseState


@dataclass(frozen=True)
class Gate:
    allowed: bool
    reason: str | None = None  # e.g. "Requires Professional"


class GateClosed(Exception):
    """Raised by ``require``; its message is what the user sees (CLI exit code 2)."""


def gate(feature: Feature | str, state: LicenseState | None = None) -> Gate:
    from .state import current

    feature = Feature(feature)
    state = state or current()
    if state.allows(feature):
        return Gate(True)
    return Gate(False, f"Requires {lowest_tier_with(feature).title}")


def require(feature: Feature | str, state: LicenseState | None = None) -> None:
    result = gate(feature, state)
    if not result.allowed:
        feature = Feature(feature)
        title = FEATURE_TITLES.get(feature, feature.value)
        raise GateClosed(f"{title[:1].upper() + title[1:]}: {result.reason}. See `infragenius license status`.")
