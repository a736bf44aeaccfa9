"""``infragenius policy show``: the rule settings in force here (``ignore``, ``severity``,
``per-file-ignores``) and where each entry comes from: the repository's config, the organisation's
shared settings from the Cloud, or the machine's policy file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def register(sub) -> None:
    policy = sub.add_parser("policy", help="the rule settings in force here and where each comes from")
    verbs = policy.add_subparsers(dest="policy_command")
    show = verbs.add_parser("show", help="the effective ignore/severity/per-file-ignores and their sources")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(func=cmd_show)
    policy.set_defaults(func=cmd_show, format="text")


def cmd_show(args) -> int:
    rows = sources()
    if args.format == "json":
        print(json.dumps(rows, indent=2))
    else:
        for row in rows or [{"setting": "(nothing set)", "value": "", "source": "defaults"}]:
            print(f"{row['setting']:<40} {row['value']:<12} {row['source']}")
    return 0


def sources() -> list[dict[str, str]]:
    """One row per entry in force, with the last source that set it (later sources win)."""
    from ..core.config import Config
    from . import policy, shared_rules

    config, found = Config.discover(Path.cwd())
    layers: list[tuple[str, dict[str, Any]]] = [
        (f"repository {found}" if found else "repository (no config file)", _rules(config)),
        ("organisation (InfraGenius Cloud)", shared_rules.org_rules()),
    ]
    machine = policy.load_policy()
    if machine is not None:
        layers.append((f"machine policy {machine[1]}", machine[0]))
    found_in: dict[tuple[str, str], tuple[str, str]] = {}
    for source, rules in layers:
        for setting, value in _entries(rules):
            found_in[setting] = (value, source)
    return [
        {"setting": " ".join(part for part in key if part), "value": value, "source": source}
        for key, (value, source) in sorted(found_in.items())
    ]


def _rules(config) -> dict[str, Any]:
    return {"ignore": config.ignore, "severity": config.severity, "per-file-ignores": config.per_file_ignores}


def _entries(rules: dict[str, Any]):
    for code in rules.get("ignore") or []:
        yield ("ignore", code), ""
    for code, severity in (rules.get("severity") or {}).items():
        yield (f"severity {code}", ""), severity
    for glob, codes in (rules.get("per-file-ignores") or rules.get("per_file_ignores") or {}).items():
        for code in codes:
            yield (f"per-file-ignores {glob}", code), ""
