"""``infragenius trust [PATH]``, ``infragenius trust --list`` and ``infragenius untrust [PATH]``.

Trusting a folder lets the ``.infragenius.toml`` files in it (and below it) choose where AI requests
go (see ``core.trust``). The list lives in the user config dir, never in a repository.
"""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    trust = subparsers.add_parser(
        "trust",
        help="let a folder's config choose the AI provider and endpoint",
        description='A repository\'s .infragenius.toml may only restrict AI requests (provider = "offline", '
        "a smaller context) unless you trust its folder. Trusting it lets it set ai.provider, "
        "base-url, model, model-path, lora-path and headers; ai.api-key-env must still be the "
        "variable your own config names.",
    )
    trust.add_argument("path", nargs="?", type=Path, default=None, help="the folder (default: the current one)")
    trust.add_argument("--list", action="store_true", help="print the trusted folders, one a line")
    trust.set_defaults(func=cmd_trust)

    untrust = subparsers.add_parser("untrust", help="stop trusting a folder's AI settings")
    untrust.add_argument("path", nargs="?", type=Path, default=None, help="the folder (default: the current one)")
    untrust.set_defaults(func=cmd_untrust)


def cmd_trust(args) -> int:
    import sys

    from .cli import UsageError
    from .core import trust

    if args.list:
        if args.path is not None:
            raise UsageError("trust --list takes no PATH")
        folders = trust.trusted_folders()
        for folder in folders:
            print(folder)
        if not folders:
            print("infragenius: no trusted folders", file=sys.stderr)
        return 0
    folder = _folder(args.path, UsageError)
    added = trust.trust(folder)
    print(f"{'trusted' if added else 'already trusted'}: {folder.resolve()}")
    return 0


def cmd_untrust(args) -> int:
    from .core import trust

    folder = args.path if args.path is not None else Path.cwd()  # a folder since deleted can be untrusted too
    removed = trust.untrust(folder)
    print(f"{'no longer trusted' if removed else 'was not trusted'}: {folder.resolve()}")
    return 0


def _folder(path: Path | None, error) -> Path:
    folder = path if path is not None else Path.cwd()
    if not folder.is_dir():
        raise error(f"{folder}: not a folder")
    return folder
