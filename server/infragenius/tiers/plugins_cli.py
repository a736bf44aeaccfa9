"""``infragenius plugins list|search|install|remove``: rule packs from the Cloud's marketplace index.

Only packs in the index install; a pack nobody has reviewed (unverified) needs ``--yes``; a pack meant
for a paid tier needs a license of that tier. Installed packs register their rules through the
``infragenius.plugins`` entry point, so ``infragenius rules`` lists them from the next run on.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

# The client (httpx) and the index checks (packaging) are imported by the commands that use them:
# registering the subcommands is part of every run of the CLI, ``check`` included (~50 ms of start-up).
from .plugin_errors import PluginError

if TYPE_CHECKING:
    from .plugin_index import PluginEntry

EXIT_OK, EXIT_USAGE = 0, 2


def register(sub) -> None:
    plugins = sub.add_parser("plugins", help="rule packs from the InfraGenius Cloud marketplace")
    verbs = plugins.add_subparsers(dest="plugins_command")
    listing = verbs.add_parser("list", help="the packs in the index, and which are installed")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=cmd_list, words=[])
    finding = verbs.add_parser("search", help="packs whose name or description holds every word")
    finding.add_argument("words", nargs="+")
    finding.add_argument("--format", choices=("text", "json"), default="text")
    finding.set_defaults(func=cmd_list)
    install = verbs.add_parser("install", help="pip install a pack from the index into this environment")
    install.add_argument("name", help="the pack's name in the index")
    install.add_argument("--yes", action="store_true", help="install even though nobody has reviewed the pack")
    install.set_defaults(func=cmd_install)
    remove = verbs.add_parser("remove", help="uninstall a pack of the index from this environment")
    remove.add_argument("name")
    remove.set_defaults(func=cmd_remove)
    plugins.set_defaults(func=lambda _args: plugins.print_help() or EXIT_USAGE)


def cmd_list(args) -> int:
    from . import plugins

    try:
        entries = plugins.search(plugins.fetch_index(plugins.index_url()), args.words)
    except PluginError as exc:
        return _error(str(exc))
    rows = [{**e.as_json(), "installed": plugins.installed_version(e.package)} for e in entries]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    for row in rows:
        trust = "verified" if row["verified"] else "unverified"
        mark = f"installed {row['installed']}" if row["installed"] else "-"
        print(f"{row['name']:<24} {row['version']:<10} {row['tier']:<13} {trust:<10} {mark:<18} {row['description']}")
    if not rows:
        print("no plugin matches" if args.words else "the index is empty")
    return EXIT_OK


def cmd_install(args) -> int:
    from . import plugins

    try:
        plugins.check_name(args.name)
        entry = plugins.find(plugins.fetch_index(plugins.index_url()), args.name)
        _check_tier(entry)
        if not entry.verified and not args.yes:
            return _error(f"{entry.name} has not been reviewed (unverified): pass --yes to install it anyway")
        plugins.install(entry)
    except PluginError as exc:
        return _error(str(exc))
    found = plugins.entry_points_of(entry.package)
    if not found:
        print(f"infragenius: warning: {entry.package} declares no infragenius.plugins entry point", file=sys.stderr)
    print(f"installed {entry.name} ({entry.requirement}); `infragenius rules` lists its rules")
    return EXIT_OK


def cmd_remove(args) -> int:
    from . import plugins

    try:
        plugins.check_name(args.name)
        entry = plugins.find(plugins.fetch_index(plugins.index_url()), args.name)
        if plugins.installed_version(entry.package) is None:
            return _error(f"{entry.name} is not installed")
        plugins.uninstall(entry)
    except PluginError as exc:
        return _error(str(exc))
    print(f"removed {entry.name} ({entry.package})")
    return EXIT_OK


def _check_tier(entry: PluginEntry) -> None:
    from .entitlements import Tier
    from .plugin_index import tier_allows
    from .state import current

    have = current().tier.value
    if not tier_allows(have, entry.tier):
        raise PluginError(
            f"{entry.name} is a {Tier(entry.tier).title} rule pack; your license is {Tier(have).title} "
            "(`infragenius license status`)"
        )


def _error(message: str) -> int:
    print(f"infragenius: error: {message}", file=sys.stderr)
    return EXIT_USAGE
