"""The organisation's shared rule settings merged into a config (the rules in ``tiers/shared_settings.py``):
its ``ignore`` and ``per-file-ignores`` codes added, its ``severity`` entries winning."""

from __future__ import annotations

from typing import Any

from ..core.config import Config, ConfigError
from . import shared_settings as shared


def org_rules(*, wait: bool = True) -> dict[str, Any]:
    """The signed-in member's organisation's rule settings (kebab-case keys); {} when there are none."""
    member = shared.signed_in()
    if member is None:
        return {}
    answer = shared.fetched(member, "/v1/policy", wait=wait)
    policy = answer.get("policy") if isinstance(answer, dict) else None
    if not isinstance(policy, dict):
        return {}
    rules = {key: value for key, value in policy.items() if key in shared.SHARED_KEYS}
    try:
        Config.from_dict(rules, shared.SOURCE)
    except ConfigError as exc:  # a newer service's shape: said once, the repository's config stands
        shared.note("invalid", f"{exc}; the organisation's settings are not applied")
        return {}
    return _known_codes(rules)


def apply(config: Config, *, wait: bool = True) -> Config:
    """``config`` with the organisation's rule settings on top."""
    rules = org_rules(wait=wait)
    return merge(config, rules) if rules else config


def merge(config: Config, rules: dict[str, Any]) -> Config:
    update: dict[str, Any] = {}
    if "ignore" in rules:
        update["ignore"] = _union(config.ignore, rules["ignore"])
    if "severity" in rules:
        update["severity"] = {**config.severity, **rules["severity"]}
    if "per-file-ignores" in rules:
        globs = dict(config.per_file_ignores)
        for glob, codes in rules["per-file-ignores"].items():
            globs[glob] = _union(globs.get(glob, []), codes)
        update["per-file-ignores"] = globs
    return config.merged(update, shared.SOURCE)


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [code for code in second if code not in first]


def _known_codes(rules: dict[str, Any]) -> dict[str, Any]:
    """``rules`` without the codes no rule here answers to (a newer rule, a plugin not installed)."""
    from ..core.rules import REGISTRY

    unknown: set[str] = set()

    def known(code: str) -> bool:
        if code.strip().upper() == "ALL" or REGISTRY.resolve(code):
            return True
        unknown.add(code)
        return False

    out = dict(rules)
    if "ignore" in rules:
        out["ignore"] = [code for code in rules["ignore"] if known(code)]
    if "severity" in rules:
        out["severity"] = {code: sev for code, sev in rules["severity"].items() if known(code)}
    if "per-file-ignores" in rules:
        out["per-file-ignores"] = {g: [c for c in codes if known(c)] for g, codes in rules["per-file-ignores"].items()}
    if unknown:
        shared.note("unknown", f"{shared.SOURCE}: no rule here for {', '.join(sorted(unknown))}; left out")
    return out
