"""Selections a license does not cover: ``--select CD`` on Community must say so, not pass in silence.

The engine runs only the rules the license grants (premium packs need ``premium-rules``); a user who
names a pack is told which tier unlocks it. A selector is *locked* when every rule it names needs a
feature the license lacks; ``ALL`` and selectors that also name granted rules are never locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .entitlements import Feature, lowest_tier_with

NEXT_STEPS = "`infragenius login` then `license refresh`, or start a trial"


@dataclass(frozen=True)
class Locked:
    """A selector whose rules the license does not grant."""

    selector: str
    title: str  # what it names, e.g. "CIS Docker pack"
    tier: str  # the cheapest tier that unlocks it, e.g. "Professional"

    @property
    def message(self) -> str:
        return f"{self.selector} ({self.title}) requires {self.tier}: {NEXT_STEPS}"


@dataclass(frozen=True)
class SelectionGate:
    locked: tuple[Locked, ...]
    runs_anything: bool  # some selector names rules the license grants

    @property
    def message(self) -> str | None:
        """One sentence for all locked selectors (one note per run or session), or None."""
        return "; ".join(lock.message for lock in self.locked) or None


def gate_selection(config, allows: Callable[[str], bool]) -> SelectionGate:
    """Which of ``config``'s selectors the license (``allows(feature)``) leaves with nothing to run."""
    from ..core.rules import REGISTRY

    locked: list[Locked] = []
    runs_anything = False
    for selector in [*config.select, *config.extend_select]:
        if selector.strip().upper() == "ALL":
            runs_anything = True
            continue
        rules = REGISTRY.resolve(selector)
        closed = [rule for rule in rules if rule.requires is not None and not allows(rule.requires)]
        if rules and len(closed) == len(rules):
            locked.append(_locked(selector.strip(), closed))
        elif rules:
            runs_anything = True
    return SelectionGate(tuple(locked), runs_anything)


def _locked(selector: str, rules: list) -> Locked:
    titles = sorted({getattr(rule, "pack", None) or "premium rules" for rule in rules})
    feature = Feature(rules[0].requires)
    return Locked(selector, " and ".join(titles), lowest_tier_with(feature).title)
