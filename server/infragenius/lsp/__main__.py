"""``python -m infragenius.lsp [--stdio] [--tcp HOST:PORT] [-v]``: the server without the CLI's imports.

A process entry: it composes the server with the floors above it (``infragenius.app``) before serving.
"""

from __future__ import annotations

import argparse
import sys

from .. import app
from .server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="infragenius-lsp", description="InfraGenius language server")
    parser.add_argument("--stdio", action="store_true", help="use stdio (default)")
    parser.add_argument("--tcp", default=None, metavar="HOST:PORT")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    app.compose_lsp()
    return serve(tcp=args.tcp, verbose=args.verbose)


if __name__ == "__main__":
    sys.exit(main())
