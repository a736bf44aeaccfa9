"""``infragenius cloud admin plugin add|remove``: the operator's side of the marketplace index
(``cloud/plugins.py``). Light to import: the command line builds its parser on every start."""

from __future__ import annotations


def register_admin(admin) -> None:
    """``cloud admin plugin add|remove``: the operator's side of the index."""
    verbs = admin.add_parser("plugin", help="the plugin marketplace's index").add_subparsers(dest="plugin_command")
    p = verbs.add_parser("add", help="list a rule pack (or update its entry)")
    p.add_argument("name")
    p.add_argument("--package", required=True, help="the PyPI project")
    p.add_argument("--version", required=True, help="the exact version clients install")
    p.add_argument("--tier", default="community", help="the lowest tier the pack is for")
    p.add_argument("--description", default="")
    p.add_argument("--homepage", default=None)
    p.add_argument("--verified", action="store_true", help="this version has been reviewed")
    p.set_defaults(func=_cmd_add)
    p = verbs.add_parser("remove", help="take a rule pack off the index")
    p.add_argument("name")
    p.set_defaults(func=_cmd_remove)


def _cmd_add(args) -> int:
    from .cli import _admin
    from .plugins import add

    fields = ("name", "package", "version", "tier", "description", "homepage", "verified")
    raw = {field: getattr(args, field) for field in fields}

    def added(session, _):
        entry = add(session, raw)
        trust = "verified" if entry.verified else "unverified"
        return f"listed {entry.name}: {entry.requirement} ({entry.tier}, {trust})"

    return _admin(added)


def _cmd_remove(args) -> int:
    from .cli import _admin
    from .plugins import remove

    def removed(session, _):
        if not remove(session, args.name):
            raise LookupError(f"no plugin {args.name!r} in the index")
        return f"removed {args.name}"

    return _admin(removed)
