"""Dependabot's configuration (``.github/dependabot.yml``): its schema, and the checks GitHub makes
when it reads the file (a file it rejects updates nothing, silently for the repository's users).

Facts from GitHub's "Dependabot options reference". An unknown key is reported only when it is
the near miss of a known one, and an unknown ecosystem is an error only with a suggestion: GitHub
adds ecosystems and options, and a value this table does not know yet must not become an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...core.findings import Fix, Severity
from ...core.suggest import candidates
from ..yaml import Mapping, Node, Scalar, Sequence
from ..yaml.fixes import rename_fix

ROOT_KEYS = ("version", "updates", "registries", "enable-beta-ecosystems", "multi-ecosystem-groups")
UPDATE_KEYS = (
    "package-ecosystem",
    "directory",
    "directories",
    "schedule",
    "allow",
    "assignees",
    "commit-message",
    "cooldown",
    "exclude-paths",
    "groups",
    "ignore",
    "insecure-external-code-execution",
    "labels",
    "milestone",
    "multi-ecosystem-group",
    "open-pull-requests-limit",
    "patterns",
    "pull-request-branch-name",
    "rebase-strategy",
    "registries",
    "reviewers",
    "target-branch",
    "vendor",
    "versioning-strategy",
)
SCHEDULE_KEYS = ("interval", "day", "time", "timezone", "cronjob")
COOLDOWN_KEYS = ("default-days", "semver-major-days", "semver-minor-days", "semver-patch-days", "include", "exclude")
INTERVALS = ("daily", "weekly", "monthly", "quarterly", "semiannually", "yearly", "cron")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ECOSYSTEMS = (
    "bazel",
    "bun",
    "bundler",
    "cargo",
    "composer",
    "conda",
    "devcontainers",
    "docker",
    "docker-compose",
    "dotnet-sdk",
    "elm",
    "github-actions",
    "gitsubmodule",
    "gomod",
    "gradle",
    "helm",
    "julia",
    "maven",
    "mix",
    "npm",
    "nuget",
    "opentofu",
    "pip",
    "pre-commit",
    "pub",
    "rust-toolchain",
    "swift",
    "terraform",
    "uv",
    "vcpkg",
)
# package managers people name where Dependabot wants the ecosystem that covers them
_MANAGED_BY = {
    "yarn": "npm",
    "pnpm": "npm",
    "node": "npm",
    "poetry": "pip",
    "pipenv": "pip",
    "python": "pip",
    "go": "gomod",
    "golang": "gomod",
    "rust": "cargo",
    "actions": "github-actions",
    "github_actions": "github-actions",
    "git-submodule": "gitsubmodule",
    "dockerfile": "docker",
    "ruby": "bundler",
    "php": "composer",
    "dotnet": "nuget",
}
_COOLDOWN_DAYS = (1, 90)
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@dataclass(frozen=True)
class Problem:
    node: Node
    message: str
    fix: Fix | None = None
    severity: Severity | None = None  # the rule's own unless said
    meant: str | None = None  # for a misspelt key: the key meant


def updates(root: Mapping | None) -> list[Mapping]:
    """The entries of ``updates:`` that are mappings."""
    items = root.get("updates") if root is not None else None
    return [u for u in items.items if isinstance(u, Mapping)] if isinstance(items, Sequence) else []


def problems(root: Node | None, first_key: Node | None) -> Iterator[Problem]:
    """What GitHub rejects in the file (``first_key``: where to report what is missing)."""
    if not isinstance(root, Mapping):
        if root is not None:
            yield Problem(root, "the Dependabot configuration must be a mapping")
        return
    yield from _near_misses(root, ROOT_KEYS, "the configuration")
    version = root.get("version")
    if version is None:
        yield Problem(first_key or root, '"version: 2" is missing')
    elif not (isinstance(version, Scalar) and version.value.strip() == "2"):
        yield Problem(version, f'"version" must be 2, not {_shown(version)}')
    items = root.get("updates")
    if items is None:
        yield Problem(first_key or root, '"updates" is missing: nothing would be updated')
    elif not isinstance(items, Sequence) or not items.items:
        yield Problem(items, '"updates" must be a non-empty list of ecosystems to update')
    for item in items.items if isinstance(items, Sequence) else ():
        if isinstance(item, Mapping):
            yield from _update(item)
        else:
            yield Problem(item, 'an entry of "updates" must be a mapping')


def _update(update: Mapping) -> Iterator[Problem]:
    misspelt = list(_near_misses(update, UPDATE_KEYS, "an update"))
    yield from misspelt
    meant = {p.meant for p in misspelt}  # a misspelt key is reported once, not also as missing
    anchor = update.pairs[0][0] if update.pairs else update
    yield from _ecosystem(update.get("package-ecosystem"), anchor, meant)
    if "directory" in update and "directories" in update:
        yield Problem(update.key_node("directories") or update, 'use "directory" or "directories", not both')
    elif "directory" not in update and "directories" not in update and not meant & {"directory", "directories"}:
        yield Problem(anchor, '"directory" (or "directories") is missing: where the manifests are')
    if "schedule" in update:
        yield from _schedule(update.get("schedule"))
    elif "multi-ecosystem-group" not in update and "schedule" not in meant:  # a group brings its own schedule
        yield Problem(anchor, '"schedule" is missing: when to look for updates')
    if "cooldown" in update:
        yield from _cooldown(update.get("cooldown"))


def _ecosystem(node: Node | None, anchor: Node, meant: set[str | None]) -> Iterator[Problem]:
    if node is None and "package-ecosystem" not in meant:
        yield Problem(anchor, '"package-ecosystem" is missing')
        return
    if not isinstance(node, Scalar) or node.value in ECOSYSTEMS:
        return
    managed_by = _MANAGED_BY.get(node.value.lower())
    found = (managed_by,) if managed_by else candidates(node.value, ECOSYSTEMS)
    if found:
        yield Problem(
            node, f'"{node.value}" is not a package-ecosystem; did you mean "{found[0]}"?', rename_fix(node, found)
        )
    else:  # perhaps one added after this table: say so, softly
        yield Problem(
            node,
            f'"{node.value}" is not a package-ecosystem InfraGenius knows; Dependabot rejects unsupported ones',
            severity=Severity.INFORMATION,
        )


def _schedule(schedule: Node | None) -> Iterator[Problem]:
    if not isinstance(schedule, Mapping):
        if schedule is not None:
            yield Problem(schedule, '"schedule" must be a mapping with an "interval"')
        return
    yield from _near_misses(schedule, SCHEDULE_KEYS, '"schedule"')
    interval = schedule.get("interval")
    if interval is None:
        yield Problem(schedule, '"interval" is missing in "schedule"')
    elif isinstance(interval, Scalar) and interval.value not in INTERVALS:
        yield _choice(interval, "interval", INTERVALS)
    elif isinstance(interval, Scalar) and interval.value == "cron" and "cronjob" not in schedule:
        yield Problem(interval, '"interval: cron" needs a "cronjob" expression')
    day = schedule.get("day")
    if isinstance(day, Scalar) and day.value.lower() not in DAYS:
        yield _choice(day, "day", DAYS)
    time = schedule.get("time")
    if isinstance(time, Scalar) and not _TIME.fullmatch(time.value.strip()):
        yield Problem(time, f'"time" must be hh:mm (24-hour clock), not {_shown(time)}')


def _cooldown(cooldown: Node | None) -> Iterator[Problem]:
    if not isinstance(cooldown, Mapping):
        if cooldown is not None:
            yield Problem(cooldown, '"cooldown" must be a mapping (default-days, semver-major-days...)')
        return
    for key, value in cooldown.items():
        if not isinstance(key, Scalar) or key.value in COOLDOWN_KEYS:
            if isinstance(key, Scalar) and key.value.endswith("-days"):
                yield from _days(key.value, value)
            continue
        found = candidates(key.value, COOLDOWN_KEYS)
        hint = f'; did you mean "{found[0]}"?' if found else f"; known are {', '.join(COOLDOWN_KEYS)}"
        yield Problem(key, f'"{key.value}" is not a cooldown setting{hint}', rename_fix(key, found))


def _days(name: str, value: Node | None) -> Iterator[Problem]:
    low, high = _COOLDOWN_DAYS
    number = value.python if isinstance(value, Scalar) and value.type == "int" else None
    if value is not None and (not isinstance(number, int) or not low <= number <= high):
        yield Problem(value, f'"{name}" must be a whole number of days from {low} to {high}, not {_shown(value)}')


def _choice(node: Scalar, what: str, choices: tuple[str, ...]) -> Problem:
    found = candidates(node.value, choices)
    hint = f'; did you mean "{found[0]}"?' if found else f"; one of {', '.join(choices)}"
    return Problem(node, f'"{node.value}" is not a valid {what}{hint}', rename_fix(node, found))


def _near_misses(mapping: Mapping, known: tuple[str, ...], where: str) -> Iterator[Problem]:
    """Keys that are not known but close to a known one (a misspelling GitHub rejects)."""
    for key, _ in mapping.pairs:
        if isinstance(key, Scalar) and key.value not in known:
            found = candidates(key.value, known)
            if found and found[0] not in mapping:
                yield Problem(
                    key,
                    f'"{key.value}" is not a key of {where}; did you mean "{found[0]}"?',
                    rename_fix(key, found),
                    meant=found[0],
                )


def _shown(node: Node | None) -> str:
    return f'"{node.value}"' if isinstance(node, Scalar) else "a " + type(node).__name__.lower()
