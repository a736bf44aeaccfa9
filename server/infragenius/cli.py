"""The ``infragenius`` command: check, rules, lsp (and explain, license... as they land)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import __version__
from .core.config import Config, ConfigError
from .core.document import Document, decode
from .core.engine import Engine
from .core.findings import Severity, apply_edits
from .core.walk import iter_files
from .report import FileResult, render

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")


class UsageError(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except (ConfigError, UsageError) as exc:
        print(f"infragenius: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_CLEAN
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="infragenius", description="Diagnostics and AI fixes for infrastructure files.")
    parser.add_argument("--version", action="version", version=f"infragenius {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="analyse files and directories")
    check.add_argument("paths", nargs="*", type=Path, help="files or directories (default: .); - reads stdin")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--select", action="append", default=None, help="codes, prefixes or aliases (comma separated)")
    check.add_argument("--extend-select", action="append", default=None)
    check.add_argument("--ignore", action="append", default=None)
    check.add_argument("--fail-on", default=None, help="error|warning|information|hint|never (default: warning)")
    check.add_argument("--stdin-filename", default=None, help="file name to use for text read from stdin")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    check.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    check.add_argument("--config", type=Path, default=None, help="config file (default: nearest .infragenius.toml / pyproject.toml)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("-v", "--verbose", action="store_true")
    check.set_defaults(func=cmd_check)

    rules = sub.add_parser("rules", help="list rules, or print one rule's documentation")
    rules.add_argument("code", nargs="?", help="a rule code or peer alias (e.g. DF001, hadolint:DL4000)")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--language", default=None)
    rules.set_defaults(func=cmd_rules)

    lsp = sub.add_parser("lsp", help="run the language server (stdio by default)")
    lsp.add_argument("--stdio", action="store_true", help="use stdio (default)")
    lsp.add_argument("--tcp", default=None, metavar="HOST:PORT")
    lsp.add_argument("-v", "--verbose", action="store_true")
    lsp.set_defaults(func=cmd_lsp)
    _add_optional_commands(sub)
    return parser


def _add_optional_commands(sub) -> None:
    """Commands contributed by other packages of ours (AI, license, cloud) register here."""
    for module_name in ("infragenius.ai.cli", "infragenius.tiers.cli", "infragenius.cloud.cli"):
        try:
            module = __import__(module_name, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        module.register(sub)


# -- check -------------------------------------------------------------------------------------
def load_config(args) -> Config:
    if args.config is not None:
        config = Config.load(args.config)
    else:
        config, _ = Config.discover(Path.cwd())
    overrides: dict = {}
    for key in ("select", "extend_select", "ignore"):
        values = getattr(args, key)
        if values:
            overrides[key] = [c.strip() for v in values for c in v.split(",") if c.strip()]
    if args.fail_on:
        overrides["fail_on"] = args.fail_on
    if overrides:
        config = config.merged(overrides, "command line")
    config.validate_codes()
    return config


def cmd_check(args) -> int:
    config = load_config(args)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    paths = args.paths or [Path(".")]
    if any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise UsageError("'-' (stdin) cannot be combined with other paths")
        results = [_check_stdin(config, args)]
    else:
        for p in paths:
            if not p.exists():
                raise UsageError(f"{p}: no such file or directory")
        files = list(iter_files(paths, config.exclude))
        results = _check_files(files, config, args)
    output = render(args.format, results)
    sys.stdout.write(output)
    threshold = config.fail_severity
    if args.exit_zero or threshold is None:
        return EXIT_CLEAN
    failing = any(f.severity <= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _check_stdin(config: Config, args) -> FileResult:
    text = decode(sys.stdin.buffer.read())
    name = args.stdin_filename or "-"
    path = Path(name) if args.stdin_filename else None
    from .core.detect import detect

    document = Document(uri=path.resolve().as_uri() if path else "stdin:-", text=text, path=path, language=detect(path, text))
    analysis = Engine(config).analyse(document, use_cache=False)
    if args.fix:
        fixed, remaining = _fix_text(Engine(config), document, analysis.findings, args.unsafe_fixes)
        sys.stderr.write("") if fixed == text else None
        return FileResult(name, Document(document.uri, fixed, document.language, path=path), remaining)
    return FileResult(name, document, analysis.findings)


def _check_files(files: list[tuple[Path, str | None]], config: Config, args) -> list[FileResult]:
    jobs = min(args.jobs, max(len(files), 1))
    tasks = [(str(p), lang, args.fix, args.unsafe_fixes) for p, lang in files]
    if jobs == 1:
        _init_worker(config)
        return [r for r in map(_check_one, tasks) if r is not None]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(config,)) as pool:
        return [r for r in pool.map(_check_one, tasks, chunksize=8) if r is not None]


_worker_engine: Engine | None = None


def _init_worker(config: Config) -> None:
    global _worker_engine
    _worker_engine = Engine(config, root=Path.cwd())


def _check_one(task: tuple[str, str | None, bool, bool]) -> FileResult | None:
    name, language, fix, unsafe = task
    path = Path(name)
    engine = _worker_engine or Engine()
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"infragenius: warning: {name}: cannot read: {exc.strerror}", file=sys.stderr)
        return None
    if language is None:
        return FileResult(_display(path), Document.from_path(path, ""), [])
    document = Document(uri=path.resolve().as_uri(), text=decode(data), language=language, path=path)
    analysis = engine.analyse(document, use_cache=False)
    findings = analysis.findings
    if fix:
        fixed, findings = _fix_text(engine, document, findings, unsafe)
        if fixed != document.text:
            path.write_text(fixed, encoding="utf-8", newline="")
            document = Document(document.uri, fixed, language, path=path)
    return FileResult(_display(path), document, findings)


def _fix_text(engine: Engine, document: Document, findings, unsafe: bool, rounds: int = 5):
    """Apply fixes until none apply (fixes may overlap: one round applies what it can)."""
    text = document.text
    for _ in range(rounds):
        fixes = [f.fix for f in findings if f.fix and (f.fix.applicability == "safe" or unsafe)]
        if not fixes:
            break
        edits = [e for fix in fixes for e in fix.edits]
        new_text = apply_edits(text, edits, document)
        if new_text == text:
            break
        text = new_text
        document = Document(document.uri, text, document.language, path=document.path)
        findings = engine.analyse(document, use_cache=False).findings
    return text, findings


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# -- rules -------------------------------------------------------------------------------------
def cmd_rules(args) -> int:
    from .core.rules import REGISTRY

    if args.code:
        rule = REGISTRY.get(args.code)
        if rule is None:
            raise UsageError(f"unknown rule {args.code!r} (see `infragenius rules`)")
        if args.format == "json":
            import json

            print(json.dumps(_rule_dict(rule), indent=2))
        else:
            print(f"{rule.code} {rule.name} ({rule.language}, {rule.severity.label})")
            if rule.aliases:
                print("aliases: " + ", ".join(rule.aliases))
            print(f"origin: {rule.origin}\n")
            print(rule.docs())
        return EXIT_CLEAN
    rules = [r for r in REGISTRY.all() if args.language in (None, r.language)]
    if args.format == "json":
        import json

        print(json.dumps([_rule_dict(r) for r in rules], indent=2))
        return EXIT_CLEAN
    for r in rules:
        fix = "*" if r.fixable else " "
        aliases = ", ".join(r.aliases)
        print(f"{r.code:<6} {fix} {r.severity.label:<11} {r.language:<14} {r.name:<36} {aliases}")
    print(f"\n{len(rules)} rules. * = has a fix. `infragenius rules CODE` prints the docs.")
    return EXIT_CLEAN


def _rule_dict(rule) -> dict:
    return {
        "code": rule.code,
        "name": rule.name,
        "language": rule.language,
        "severity": rule.severity.label,
        "message": rule.message,
        "tags": list(rule.tags),
        "aliases": list(rule.aliases),
        "fixable": rule.fixable,
        "origin": rule.origin,
        "url": rule.url(),
        "docs": rule.docs(),
    }


# -- lsp ---------------------------------------------------------------------------------------
def cmd_lsp(args) -> int:
    from .lsp.server import serve

    return serve(tcp=args.tcp, verbose=args.verbose)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
