"""The ``infragenius`` command: check, rules, lsp (and explain, license... as they land)."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import stat
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .core.config import Config, ConfigError
from .core.document import Document, decode
from .core.engine import Engine
from .core.findings import apply_edits
from .core.result_cache import RecordingWorkspace, ResultCache
from .core.walk import iter_files
from .report import FileResult, render

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github")


class UsageError(Exception):
    pass


def _unchanged(config: Config) -> Config:
    return config


def _no_features() -> frozenset[str]:
    return frozenset()


def _not_recorded(analyses: int, findings: Counter) -> None:
    return None


def _nothing() -> None:
    return None


def _any_selection(config: Config, features: frozenset[str]) -> None:
    return None


def _no_cloud(sarif: str, repository: str | None, ref: str | None) -> str:
    raise RuntimeError("this installation has no Cloud client")


def _no_shared_baseline(repository: str | None) -> tuple[Path, Any] | None:
    return None


@dataclass(frozen=True)
class Extensions:
    """What the floors above the command line plug into it; ``infragenius.app`` builds it (this module
    imports none of them). The defaults are the Community edition's own: no other command, no
    organisation policy, no premium feature, no usage analytics."""

    commands: tuple[Callable[[Any], None], ...] = ()  # each adds its subcommands to the parser
    apply_policy: Callable[[Config], Config] = _unchanged  # an organisation policy wins over everything
    license_features: Callable[[], frozenset[str]] = _no_features  # the tier features the license grants
    # (config, granted features): raises ConfigError when the selection names only rules the license locks
    gate_selection: Callable[[Config, frozenset[str]], None] = _any_selection
    record_usage: Callable[[int, Counter], None] = _not_recorded  # (analyses, findings by code)
    compose: Callable[[], None] = _nothing  # a worker process started fresh (spawn) wires itself the same way
    # check --upload: (SARIF text, --repository, --ref) -> what the Cloud made of it; raises when it failed
    upload_report: Callable[[str, str | None, str | None], str] = _no_cloud
    # the organisation's shared settings (signed-in members): its rule settings, over the repository's
    # config and under the command line's flags; and its baseline of the repository (--repository or
    # CI/git): (the file its names are relative to, its findings), used when no --baseline is given
    shared_rules: Callable[[Config], Config] = _unchanged
    shared_baseline: Callable[[str | None], tuple[Path, Any] | None] = _no_shared_baseline


EXTENSIONS = Extensions()


def extend(extensions: Extensions) -> None:
    """Install what the upper floors add (called by the composition root, once per process)."""
    global EXTENSIONS
    EXTENSIONS = extensions


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
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
    parser = argparse.ArgumentParser(
        prog="infragenius", description="Diagnostics and AI fixes for infrastructure files."
    )
    parser.add_argument("--version", action="version", version=f"infragenius {__version__}")
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser(
        "check",
        help="analyse files and directories",
        description="Analyse files and directories (directories skip .git, node_modules, .venv and .gitignore'd paths).",
        epilog="exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error",
    )
    check.add_argument("paths", nargs="*", type=Path, help="files or directories (default: .); - reads stdin")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--select", action="append", default=None, help="codes, prefixes or aliases (comma separated)")
    check.add_argument("--extend-select", action="append", default=None)
    check.add_argument("--ignore", action="append", default=None)
    check.add_argument("--fail-on", default=None, help="error|warning|information|hint|never (default: warning)")
    check.add_argument("--stdin-filename", default=None, help="file name to use for text read from stdin")
    check.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    check.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help="worker processes (default: one per CPU when there are enough files)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="do not read or write the result cache (kept in the user cache folder; INFRAGENIUS_CACHE_DIR overrides)",
    )
    check.add_argument(
        "--config", type=Path, default=None, help="config file (default: nearest .infragenius.toml / pyproject.toml)"
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    baseline = check.add_mutually_exclusive_group()
    baseline.add_argument(
        "--baseline", type=Path, default=None, metavar="FILE", help="report and fail on findings not in FILE only"
    )
    baseline.add_argument(
        "--write-baseline", type=Path, default=None, metavar="FILE", help="record every finding in FILE (then pass)"
    )
    check.add_argument(
        "--no-org-baseline", action="store_true", help="do not use the organisation's baseline of the repository"
    )
    check.add_argument("--upload", action="store_true", help="send the results to InfraGenius Cloud (POST /v1/reports)")
    check.add_argument(
        "--repository", default=None, metavar="OWNER/NAME", help="with --upload (default: from CI or git)"
    )
    check.add_argument("--ref", default=None, help="with --upload: the branch or tag (default: from CI or git)")
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
    for register in EXTENSIONS.commands:  # AI, trust, license, cloud: wired by infragenius.app
        register(sub)
    return parser


# -- check -------------------------------------------------------------------------------------
def load_config(args) -> Config:
    if args.config is not None:
        config = Config.load(args.config)
    else:
        config, _ = Config.discover(Path.cwd())
    config = EXTENSIONS.shared_rules(config)
    overrides: dict = {}
    for key in ("select", "extend_select", "ignore"):
        values = getattr(args, key)
        if values:
            overrides[key] = [c.strip() for v in values for c in v.split(",") if c.strip()]
    if args.fail_on:
        overrides["fail_on"] = args.fail_on
    if overrides:
        config = config.merged(overrides, "command line")
    config = EXTENSIONS.apply_policy(config)  # an Enterprise organisation policy wins over everything above
    config.validate_codes()
    return config


def cmd_check(args) -> int:
    config = load_config(args)
    known = _load_baseline(args.baseline) if args.baseline else _org_baseline(args)  # a bad one stops here
    _gate_selection(config)
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if hasattr(sys.stdout, "reconfigure"):  # never die on a character the terminal cannot show
        sys.stdout.reconfigure(errors="replace")
    paths = args.paths or [Path(".")]
    if any(str(p) == "-" for p in paths):
        if len(paths) > 1:
            raise UsageError("'-' (stdin) cannot be combined with other paths")
        return _check_stdin(config, args, known)
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageError("; ".join(f"{_printable(str(p))}: no such file or directory" for p in missing))
    files = _supported(iter_files(paths, config.exclude, on_error=_warn))
    if not files:
        _baselined(args, known, [])  # --write-baseline still writes one (empty): later runs read it
        return _nothing_checked(args)
    results = _check_files(files, config, args)
    results.sort(key=lambda r: r.filename)
    _record_usage(results)
    _upload(args, results)
    results = _baselined(args, known, results)
    sys.stdout.write(render(args.format, results))
    return _exit_code(args, config, results)


def _upload(args, results: list[FileResult]) -> None:
    """Every finding (baselined or not: the Cloud keeps the repository's whole picture) as SARIF. A failed
    upload is one warning and never changes the check's exit status."""
    if not args.upload:
        return
    try:
        said = EXTENSIONS.upload_report(render("sarif", results), args.repository, args.ref)
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, the check's own outcome stands
        _warn(f"upload failed: {exc}")
        return
    print(f"infragenius: {said}", file=sys.stderr)


def _org_baseline(args):
    """The organisation's baseline of this repository, when the run names none and writes none."""
    if args.write_baseline or args.no_org_baseline:
        return None
    shared = EXTENSIONS.shared_baseline(args.repository)
    if shared is None:
        return None
    args.baseline, known = shared
    return known


def _load_baseline(path: Path):
    from .report import baseline  # imported only by runs that use one

    return baseline.load(path)


def _baselined(args, known, results: list[FileResult]) -> list[FileResult]:
    """``results`` less the findings the baseline records (``--write-baseline`` records them all first)."""
    path = args.write_baseline or args.baseline
    if path is None:
        return results
    from .report import baseline

    if args.write_baseline:
        count = baseline.write(path, results)
        print(f"infragenius: wrote {count} finding(s) to the baseline {_printable(str(path))}", file=sys.stderr)
        known = _load_baseline(path)
    results = baseline.apply(path, known, results)
    hidden = sum(r.baselined for r in results)
    if hidden and args.format != "text":  # the text summary says so itself; other formats stay pure
        print(f"infragenius: {hidden} baselined finding(s) not shown", file=sys.stderr)
    return results


def _supported(found) -> list[tuple[Path, str | None]]:
    """The files to analyse; a file named on the command line that is none of ours is skipped, saying so
    (one that cannot be read goes on, to be reported with the reason)."""
    files = []
    for path, language in found:
        if language is None and _is_regular(path):
            _warn(f"{path}: not a supported file type; skipped")
        else:
            files.append((path, language))
    return files


def _is_regular(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a folder we may not search: reported when the file is read
        return False


def _nothing_checked(args) -> int:
    """No file to analyse is not a pass ("All checks passed" would mislead) nor a failure (a hook
    or CI step over a tree without such files): a warning and exit 0, as ruff does."""
    _warn("no supported file found in the given paths; nothing was checked")
    sys.stdout.write("No supported file checked.\n" if args.format == "text" else render(args.format, []))
    return EXIT_CLEAN


def _record_usage(results: list[FileResult]) -> None:
    """Local usage analytics (Professional): counts only, kept on this machine."""
    try:
        EXTENSIONS.record_usage(len(results), Counter(f.code for r in results for f in r.findings))
    except Exception as exc:  # noqa: BLE001 (analytics never fail a check)
        logging.getLogger(__name__).debug("usage not recorded: %s", exc)


def _exit_code(args, config: Config, results: list[FileResult]) -> int:
    threshold = config.fail_severity
    if args.exit_zero or threshold is None:
        return EXIT_CLEAN
    failing = any(f.severity <= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _warn(message: str) -> None:
    print(f"infragenius: warning: {_printable(message)}", file=sys.stderr)


def _check_stdin(config: Config, args, known) -> int:
    """Analyse stdin as ``--stdin-filename``; with --fix the fixed text goes to stdout, the report to stderr."""
    from .core.detect import detect

    data = sys.stdin.buffer.read()
    text = decode(data)
    path = Path(args.stdin_filename) if args.stdin_filename else None
    name = _display(path) if path else "-"
    uri = path.resolve().as_uri() if path else "untitled:stdin"
    document = Document(uri=uri, text=text, path=path, language=detect(path, text))
    engine = Engine(config, root=Path.cwd(), entitled=_license_features().__contains__)
    findings = engine.analyse(document, use_cache=False).findings
    if not args.fix:
        results = [FileResult(name, document, findings)]
        _upload(args, results)
        results = _baselined(args, known, results)
        sys.stdout.write(render(args.format, results))
        return _exit_code(args, config, results)
    if _round_trips(data):
        fixed_text, findings, count = fix_document(engine, document, findings, args.unsafe_fixes)
        out = (BOM if data.startswith(BOM) else b"") + fixed_text.encode("utf-8")
    else:  # echo the input unchanged rather than replace its undecodable bytes
        _warn(f"{name}: not valid UTF-8; not fixed")
        fixed_text, count, out = text, 0, data
    results = [FileResult(name, Document(uri, fixed_text, document.language, path=path), findings, count)]
    results = _baselined(args, known, results)
    sys.stdout.flush()
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    sys.stderr.write(render(args.format, results))
    return _exit_code(args, config, results)


# A task is (path, language, fix, unsafe_fixes); a worker answers (result or None, warning or None).
Task = tuple[str, "str | None", bool, bool]
Answer = tuple["FileResult | None", "str | None"]


def _license_features() -> frozenset[str]:
    """The tier features the license grants: premium rule packs run only when granted."""
    return EXTENSIONS.license_features()


def _gate_selection(config: Config) -> None:
    """A selection the license does not cover says so (``--select CD`` on Community: exit 2, not a pass)."""
    EXTENSIONS.gate_selection(config, _license_features())


def _check_files(files: list[tuple[Path, str | None]], config: Config, args) -> list[FileResult]:
    features = _license_features()
    cache = None if args.no_cache else ResultCache.for_config(config, entitlements=",".join(sorted(features)))
    tasks: list[Task] = [(os.fspath(p), lang, args.fix, args.unsafe_fixes) for p, lang in files]
    jobs = _job_count(args.jobs, len(tasks))
    progress = Progress(len(tasks))
    try:
        _init_worker(config, cache, features)
        if jobs == 1:
            results = _collect(map(_check_one, tasks), progress)
            if cache is not None:
                logging.getLogger(__name__).debug(
                    "result cache %s: %d hits, %d misses", cache.directory, cache.hits, cache.misses
                )
            return results
        # The first file of each language is checked here: its imports and lazily built tables (rules,
        # schemas) are then inherited by every forked worker instead of built once in each.
        first = _first_of_each_language(tasks)
        results = _collect(map(_check_one, first), progress)
        done = set(first)
        rest = [t for t in tasks if t not in done]
        context = _pool_context(explicit=args.jobs is not None)
        if context is None:
            return results + _collect(map(_check_one, rest), progress)
        from concurrent.futures import ProcessPoolExecutor  # imported here: ~15 ms a one-file check never needs

        init = (config, cache, features, EXTENSIONS.compose)
        with ProcessPoolExecutor(jobs, context, initializer=_init_worker, initargs=init) as pool:
            chunk = max(1, min(16, len(rest) // (jobs * 4)))
            return results + _collect(pool.map(_check_one, rest, chunksize=chunk), progress)
    finally:
        progress.done()


def _pool_context(explicit: bool):
    """How to start workers: forked (they inherit everything imported) while this process has one
    thread. Once Helm's renderer has started, a forked worker would inherit its executor without the
    thread (each render waited out its 5 s deadline) and Go's runtime, which does not survive a fork:
    then spawn fresh interpreters when --jobs was asked for, else go on in this process."""
    import multiprocessing

    # Linux only: macOS frameworks are not fork-safe (Python's own default there is spawn)
    if sys.platform.startswith("linux") and _threads() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn") if explicit else None


def _threads() -> int:
    """Operating-system threads of this process (native libraries' too, which threading cannot see)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


# Below this many files per worker, starting workers costs more than it saves (measured: fork and
# result pickling ~10 ms per worker; one workflow ~1.5 ms).
FILES_PER_JOB = 24


def _job_count(requested: int | None, tasks: int) -> int:
    """--jobs N as asked (at most one per file); by default one per CPU, as long as each has enough files."""
    if requested is not None:
        return max(1, min(requested, tasks))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, tasks // FILES_PER_JOB))


def _first_of_each_language(tasks: list[Task]) -> list[Task]:
    seen: dict[str | None, Task] = {}
    for task in tasks:
        seen.setdefault(task[1], task)
    return list(seen.values())


def _collect(answers, progress: Progress) -> list[FileResult]:
    results = []
    for result, warning in answers:
        if warning is not None:
            _warn(warning)
        if result is not None:
            progress.step(result.filename)
            results.append(result)
    return results


class Progress:
    """``[12/340] path`` on stderr, rewritten in place; only on a terminal and for many files."""

    MIN_FILES = 20

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.enabled = total >= self.MIN_FILES and sys.stderr.isatty()
        self.width = shutil.get_terminal_size((80, 20)).columns if self.enabled else 80

    def step(self, name: str) -> None:
        self.count += 1
        if self.enabled:
            line = f"[{self.count}/{self.total}] {_printable(name)}"[: self.width - 1]
            sys.stderr.write("\r\x1b[K" + line)
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


_worker_engine: Engine | None = None
_worker_cache: ResultCache | None = None
_worker_workspace: RecordingWorkspace | None = None


def _init_worker(
    config: Config, cache: ResultCache | None, features: frozenset[str], compose: Callable[[], None] = _nothing
) -> None:
    global _worker_engine, _worker_cache, _worker_workspace
    compose()  # a spawned worker starts bare: the languages and packs are wired as in the parent
    _worker_workspace = RecordingWorkspace()
    _worker_engine = Engine(config, workspace=_worker_workspace, root=Path.cwd(), entitled=features.__contains__)
    _worker_cache = cache


def _check_one(task: Task) -> Answer:
    name, language, fix, unsafe = task
    path = Path(name)
    engine = _worker_engine or Engine(root=Path.cwd())
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or never end
            return None, f"{name}: not a regular file; skipped"
        data = path.read_bytes()
    except OSError as exc:
        return None, f"{name}: cannot read: {exc.strerror or exc}"
    display = _display(path)
    uri = path.resolve().as_uri()
    if language is None:
        return FileResult(display, Document(uri, "", path=path), []), None
    document = Document(uri=uri, text=decode(data), language=language, path=path)
    findings = _analyse_cached(engine, document, data)
    if not fix:
        return FileResult(display, document, findings), None
    if not _round_trips(data):
        return FileResult(display, document, findings), f"{name}: not valid UTF-8; not fixed"
    try:
        fixed_text, remaining, count = fix_document(engine, document, findings, unsafe)
        if fixed_text != document.text:
            bom = BOM if data.startswith(BOM) else b""
            path.write_bytes(bom + fixed_text.encode("utf-8"))
            document = Document(uri, fixed_text, language, path=path)
    except OSError as exc:  # the file is as it was: report its findings before fixing
        return FileResult(display, document, findings), f"{name}: cannot write: {exc.strerror or exc}"
    return FileResult(display, document, remaining, count), None


def _analyse_cached(engine: Engine, document: Document, data: bytes):
    cache = _worker_cache
    if cache is None or document.language is None:
        return engine.analyse(document, use_cache=False).findings
    # looked up before the language is imported (a hit costs no import); multi-file languages
    # never store an entry, so they miss here
    key = cache.key(data, document.language or "", _relpath(document.path))
    findings = cache.get(key)
    if findings is not None:
        return findings
    if _worker_workspace is not None:
        _worker_workspace.reset()
    analysis = engine.analyse(document, use_cache=False)
    listed = _worker_workspace is not None and _worker_workspace.listed
    storable = cache.cacheable(document.language) and not analysis.rule_errors and not listed
    if storable and not any(f.code == "IG002" for f in analysis.findings):
        deps = dict(_worker_workspace.reads) if _worker_workspace is not None else {}
        if document.path is not None:
            deps.pop(str(document.path.resolve()), None)
        cache.put(key, analysis.findings, deps)
    return analysis.findings


BOM = b"\xef\xbb\xbf"


def _round_trips(data: bytes) -> bool:
    """Writing a fix re-encodes the whole file: only do it when no byte would change elsewhere."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def fix_document(engine: Engine, document: Document, findings, unsafe: bool, rounds: int = 20):
    """Apply fixes, re-analyse, repeat until nothing changes; returns (text, remaining findings, fixes applied).

    Each round applies every fix that does not overlap one already chosen (a fix's edits go in
    together or not at all); the overlapping ones get their turn in the next round.
    """
    applied = 0
    for _ in range(rounds):
        chosen = _non_overlapping(
            document, [f.fix for f in findings if f.fix and (f.fix.applicability == "safe" or unsafe)]
        )
        if not chosen:
            break
        text = apply_edits(document.text, [e for fix in chosen for e in fix.edits], document)
        if text == document.text:
            break
        applied += len(chosen)
        document = Document(document.uri, text, document.language, path=document.path)
        findings = engine.analyse(document, use_cache=False).findings
    return document.text, findings, applied


def _non_overlapping(document: Document, fixes) -> list:
    taken: list[tuple[int, int]] = []
    chosen = []
    for fix in fixes:
        spans = [(document.offset_at(e.range.start), document.offset_at(e.range.end)) for e in fix.edits]
        if any(_overlaps(a, b) for a in spans for b in taken) or any(
            _overlaps(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :]
        ):
            continue
        taken.extend(spans)
        chosen.append(fix)
    return chosen


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def _relpath(path: Path | None) -> str:
    """``path`` relative to the working directory, as the user named it: a symlinked file keeps its
    own name (a Terraform fixture's ``variables.tf -> ../variables.tf`` is judged in the fixture's
    module), only ``.`` and ``..`` are folded."""
    if path is None:
        return ""
    cwd = Path.cwd().resolve()
    for absolute in (Path(os.path.abspath(path)), path.resolve()):
        try:
            return absolute.relative_to(cwd).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _display(path: Path) -> str:
    return _printable(_relpath(path))


def _printable(name: str) -> str:
    """File names that are not valid UTF-8 (surrogate-escaped by Python) shown with U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
            print(f"origin: {rule.origin}")
            print(f"source: {rule.source() or 'unknown'}\n")
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
        print(
            f"{r.code:<6} {fix} {r.severity.label:<11} {r.language:<14} {r.name:<36} {r.origin:<16} {aliases}".rstrip()
        )
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
        "source": rule.source(),
        "url": rule.url(),
        "docs": rule.docs(),
    }


# -- lsp ---------------------------------------------------------------------------------------
def cmd_lsp(args) -> int:
    from .lsp.server import serve

    return serve(tcp=args.tcp, verbose=args.verbose)
