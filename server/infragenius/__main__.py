"""The ``infragenius`` command's entry point: it composes the program (``infragenius.app``), then runs it.

``infragenius lsp`` goes straight to the language server without importing the CLI's machinery
(pydantic, the engine, reporters): editors start it on every launch, and ``initialize`` should answer
as fast as a bare pygls server. Everything else is ``infragenius.cli``.
"""

from __future__ import annotations

import sys

from . import app


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["lsp"] and not ({"-h", "--help"} & set(args)):
        from .lsp.__main__ import main as lsp_main

        return lsp_main(args[1:])
    from .cli import main as cli_main

    app.compose_cli()
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
