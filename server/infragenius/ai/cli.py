"""CLI commands of the AI layer: ``explain FILE:LINE [CODE]`` and ``ai clear-cache`` / ``status`` / ``models`` /
``pull`` / ``stop``.

Imported by ``infragenius.cli`` when it builds its parser: keep this module's imports light (the
provider machinery loads only when a command runs).
"""

from __future__ import annotations

import sys
from pathlib import Path

PROVIDERS = ("embedded", "openai-compatible", "infragenius-cloud", "offline")


def register(subparsers) -> None:
    explain = subparsers.add_parser("explain", help="explain a finding with AI (streams to the terminal)")
    explain.add_argument("target", help="FILE:LINE (1-based), e.g. Dockerfile:2")
    explain.add_argument("code", nargs="?", help="only this rule code (default: every finding on the line)")
    explain.add_argument("--fix", action="store_true", help="also propose a fix, verified before it is shown")
    explain.add_argument("--no-cache", action="store_true", help="do not read or write the AI answer cache")
    explain.add_argument("--provider", choices=PROVIDERS, default=None)
    explain.add_argument("--model", default=None)
    explain.add_argument("--base-url", default=None)
    explain.add_argument("--model-path", default=None, help="a .gguf file for the embedded provider")
    explain.add_argument("--lora-path", default=None, help="a LoRA adapter .gguf for the embedded model (Professional)")
    explain.add_argument(
        "--context",
        choices=("none", "window", "file"),
        default=None,
        help="how much of the file is sent (default: window)",
    )
    explain.add_argument("--timeout", type=float, default=None, help="seconds (default: ai.timeout_s)")
    explain.add_argument("--config", type=Path, default=None)
    explain.add_argument("-v", "--verbose", action="store_true")
    explain.set_defaults(func=cmd_explain)

    review = subparsers.add_parser("review", help="ask the AI for problems the rules do not cover (opt-in)")
    review.add_argument("file", type=Path)
    for flag in ("--no-cache",):
        review.add_argument(flag, action="store_true")
    review.add_argument("--provider", choices=PROVIDERS, default=None)
    review.add_argument("--model", default=None)
    review.add_argument("--base-url", default=None)
    review.add_argument("--model-path", default=None)
    review.add_argument("--lora-path", default=None)
    review.add_argument("--timeout", type=float, default=None)
    review.add_argument("--config", type=Path, default=None)
    review.set_defaults(func=cmd_review)

    fix = subparsers.add_parser(
        "fix",
        help="Fix all with AI (Professional): a verified AI fix for each finding without a safe rule fix",
        description="Runs the verified AI fix for every finding that has no safe rule fix (those: `check --fix`). "
        "Only fixes that re-analyse clean are written. Exit 0 when every finding was fixed, 1 when "
        "some were not, 2 on a usage error or when your tier does not include it.",
    )
    fix.add_argument("paths", nargs="*", type=Path, help="files or folders (default: .)")
    fix.add_argument("--ai", action="store_true", required=True, help="use the configured AI provider (required)")
    fix.add_argument("--jobs", "-j", type=int, default=2, help="files fixed at once (default 2)")
    fix.add_argument("--diff", action="store_true", help="print the changes as a diff instead of writing them")
    fix.add_argument("--no-cache", action="store_true")
    fix.add_argument("--provider", choices=PROVIDERS, default=None)
    fix.add_argument("--model", default=None)
    fix.add_argument("--base-url", default=None)
    fix.add_argument("--model-path", default=None)
    fix.add_argument("--lora-path", default=None)
    fix.add_argument("--timeout", type=float, default=None)
    fix.add_argument("--config", type=Path, default=None)
    fix.set_defaults(func=cmd_fix)

    ai = subparsers.add_parser("ai", help="AI settings and cache")
    ai_sub = ai.add_subparsers(dest="ai_command")
    clear = ai_sub.add_parser("clear-cache", help="delete cached AI answers")
    clear.set_defaults(func=cmd_clear_cache)
    status = ai_sub.add_parser("status", help="the provider in use and whether it can run here")
    status.add_argument("--config", type=Path, default=None)
    status.set_defaults(func=cmd_status)
    models = ai_sub.add_parser(
        "models", help="the models found on local servers (Ollama, LM Studio, llama.cpp, vLLM, LocalAI)"
    )
    models.add_argument("--config", type=Path, default=None)
    models.set_defaults(func=cmd_models)
    pull = ai_sub.add_parser(
        "pull",
        help="download a recommended small code model (GGUF) for the embedded provider",
        description="Downloads one of the recommended models from its public hub (resumable, sha256-verified) "
        "into your data folder; the embedded provider then uses it. --list shows them.",
    )
    pull.add_argument("name", nargs="?", default=None, help="a model from --list (default: the first)")
    pull.add_argument("--list", action="store_true", help="list the recommended models")
    pull.set_defaults(func=cmd_pull)
    stop = ai_sub.add_parser("stop", help="stop the warm embedded model now (it also leaves after 5 idle minutes)")
    stop.set_defaults(func=cmd_stop)
    ai.set_defaults(func=lambda args: (ai.print_help(), 2)[1])


# -- explain -----------------------------------------------------------------------------------
def cmd_explain(args) -> int:
    from ..cli import EXIT_CLEAN, UsageError
    from ..core.detect import detect
    from ..core.document import Document, decode
    from ..core.engine import Engine
    from ..tiers.state import allows
    from .cache import AnswerCache
    from .provider import AICancelled
    from .service import AIService

    path, line = _parse_target(args.target, UsageError)
    config = _load_config(args, path)
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror}") from None
    document = Document(uri=path.resolve().as_uri(), text=text, language=detect(path, text), path=path)
    engine = Engine(config, root=Path.cwd(), entitled=allows)
    findings = engine.analyse(document, use_cache=False).findings
    chosen = [f for f in findings if f.range.start.line + 1 == line and (not args.code or _matches(f.code, args.code))]
    if not chosen:
        on_lines = sorted({f.range.start.line + 1 for f in findings})
        where = f" (findings are on lines {', '.join(map(str, on_lines))})" if on_lines else " (the file has none)"
        what = f"{args.code} finding" if args.code else "finding"
        raise UsageError(f"no {what} at {path}:{line}{where}")

    service = AIService(config, engine, cache=AnswerCache(), use_cache=not args.no_cache)
    out = sys.stdout
    try:
        for i, finding in enumerate(chosen):
            if i:
                out.write("\n---\n\n")
            _explain_one(service, document, finding, path, out, args.fix)
    except (KeyboardInterrupt, AICancelled):
        out.write("\n")
        return 130
    finally:
        service.close()
    return EXIT_CLEAN


def cmd_review(args) -> int:
    from ..cli import EXIT_CLEAN, UsageError
    from ..core.detect import detect
    from ..core.document import Document, decode
    from ..core.engine import Engine
    from ..tiers.state import allows
    from .cache import AnswerCache
    from .service import AIService

    path = args.file
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    config = _load_config(args, path)
    text = decode(path.read_bytes())
    document = Document(uri=path.resolve().as_uri(), text=text, language=detect(path, text), path=path)
    service = AIService(
        config, Engine(config, root=Path.cwd(), entitled=allows), cache=AnswerCache(), use_cache=not args.no_cache
    )
    try:
        result = service.review(document)
    finally:
        service.close()
    if result.note:
        print(f"infragenius: note: no AI review: {result.note}", file=sys.stderr)
    for f in result.findings:
        start = f.range.start
        print(f"{path}:{start.line + 1}:{start.column + 1}: {f.code} [{f.severity.label}] {f.message}")
        if f.data.get("explanation"):
            print(f"    {f.data['explanation']}")
    if not result.note:
        print(f"AI review: {len(result.findings)} note(s) (information only; never mixed with rule findings).")
    return EXIT_CLEAN


def cmd_fix(args) -> int:
    """``infragenius fix --ai PATHS``: progress on stderr, one line per finding and a summary on stdout."""
    import os
    import threading

    from ..cli import EXIT_CLEAN, EXIT_FINDINGS, UsageError
    from ..core.detect import detect
    from ..core.document import Document, decode
    from ..core.engine import Engine
    from ..core.walk import iter_files
    from ..tiers.gates import GateClosed, require
    from ..tiers.state import allows
    from .cache import AnswerCache
    from .fix_all import candidates, fix_documents
    from .service import AIService

    try:
        require("fix-all-ai")
    except GateClosed as exc:
        raise UsageError(str(exc)) from None
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    paths = args.paths or [Path(".")]
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageError("; ".join(f"{p}: no such file or directory" for p in missing))
    config = _load_config(args, paths[0] if paths[0].is_dir() else paths[0].parent / "x")
    engine = Engine(config, root=Path.cwd(), entitled=allows)
    service = AIService(config, engine, cache=AnswerCache(), use_cache=not args.no_cache, max_concurrency=args.jobs)
    if service.offline:
        service.close()
        raise UsageError(
            "Fix all with AI needs an AI provider: set ai.provider (or --provider) and make sure ai.enabled is true"
        )

    documents, originals, total = [], {}, 0
    for path, language in iter_files(
        paths, config.exclude, on_error=lambda m: print(f"infragenius: warning: {m}", file=sys.stderr)
    ):
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"infragenius: warning: {path}: cannot read: {exc.strerror}", file=sys.stderr)
            continue
        text = decode(data)
        document = Document(uri=path.resolve().as_uri(), text=text, language=language or detect(path, text), path=path)
        if document.language is None:
            continue
        count = len(candidates(engine.analyse(document, use_cache=False).findings))
        if count:
            documents.append(document)
            originals[document.uri] = data
            total += count

    lock, done = threading.Lock(), [0]

    def progress(document, finding) -> None:
        with lock:
            done[0] += 1
            print(
                f"infragenius: [{done[0]}/{total}] {document.path}:{finding.range.start.line + 1} {finding.code}",
                file=sys.stderr,
                flush=True,
            )

    cancel = threading.Event()
    try:
        results = fix_documents(service, documents, args.jobs, cancel, progress)
    except KeyboardInterrupt:
        cancel.set()
        return 130
    finally:
        service.close()
    fixed = rejected = files = 0
    for result in sorted(results, key=lambda r: str(r.document.path)):
        path = result.document.path
        if result.error:
            print(f"{path}: not fixed: {result.error}")
            continue
        for outcome in result.outcomes:
            state = "fixed" if outcome.fixed else "not fixed"
            print(f"{path}:{outcome.line}: {outcome.code} {state}: {outcome.reason}")
        fixed += len(result.fixed)
        rejected += len(result.rejected)
        if not result.changed:
            continue
        if args.diff:
            _print_diff(result, path)
        elif path.read_bytes() != originals[result.document.uri]:
            print(f"{path}: changed on disk while fixing; not written")
            continue
        else:
            path.write_bytes(result.text.encode("utf-8"))
        files += 1
    verb = "would fix" if args.diff else "fixed"
    print(f"Fix all with AI: {verb} {fixed} finding(s) in {files} file(s); {rejected} not fixed.")
    return EXIT_FINDINGS if rejected or any(r.error for r in results) else EXIT_CLEAN


def _print_diff(result, path: Path) -> None:
    import difflib

    diff = difflib.unified_diff(
        result.document.text.splitlines(True), result.text.splitlines(True), f"a/{path}", f"b/{path}"
    )
    sys.stdout.write("".join(diff))


def _explain_one(service, document, finding, path: Path, out, want_fix: bool) -> None:
    where = f"{path}:{finding.range.start.line + 1}:{finding.range.start.column + 1}"
    out.write(f"{where}: {finding.code} {finding.message}\n")
    out.write(f"[{_provider_label(service)}]\n\n")
    out.flush()

    def write(piece: str) -> None:
        out.write(piece)
        out.flush()

    result = service.explain(document, finding, stream=write)
    if result.note:
        print(
            f"infragenius: note: AI unavailable: {result.note}. Showing the rule's documentation instead.",
            file=sys.stderr,
        )
    if not result.streamed:
        out.write(result.text)
    out.write("\n")
    if result.cached:
        print("infragenius: (cached answer; --no-cache asks again)", file=sys.stderr)
    if want_fix:
        _show_fix(service, document, finding, out)


def _show_fix(service, document, finding, out) -> None:
    from ..core.findings import apply_edits

    proposal = service.fix(document, finding)
    out.write(f"\nFix: {proposal.reason}\n")
    if proposal.fix is None:
        return
    fixed = apply_edits(document.text, proposal.fix.edits, document)
    import difflib

    name = document.path.name if document.path else "file"
    diff = difflib.unified_diff(document.text.splitlines(True), fixed.splitlines(True), f"a/{name}", f"b/{name}")
    out.write(f"{proposal.fix.title} ({proposal.fix.applicability}):\n")
    out.write("".join(diff))


def _provider_label(service) -> str:
    provider = service.provider
    return provider.name if provider.name == "offline" else f"{provider.name}: {provider.model}"


def _matches(code: str, wanted: str) -> bool:
    from ..core.rules import REGISTRY

    return code in {r.code for r in REGISTRY.resolve(wanted)} or code == wanted.upper()


def _parse_target(target: str, error) -> tuple[Path, int]:
    """FILE:LINE, or FILE:LINE:COL as ``check`` prints it (the column is not needed)."""
    import re

    match = re.fullmatch(r"(?P<name>.+?):(?P<line>\d+)(?::\d+)?", target)
    if match is None:
        raise error(f"{target!r}: expected FILE:LINE, e.g. Dockerfile:2")
    path, line = Path(match["name"]), int(match["line"])
    if not path.is_file():
        raise error(f"{path}: no such file")
    if line < 1:
        raise error("line numbers start at 1")
    return path, line


def _load_config(args, path: Path):
    from ..core.config import Config
    from ..core.trust import guard

    if args.config is not None:
        config, found = Config.load(args.config), args.config
    else:
        config, found = Config.discover(path.resolve().parent)
    # the repository's file may restrict AI requests; where they go is the user's to say
    config, refusal = guard(config, found)
    if refusal is not None:
        print(f"infragenius: note: {refusal.message()}", file=sys.stderr)
    overrides = {
        "provider": getattr(args, "provider", None),
        "model": getattr(args, "model", None),
        "base-url": getattr(args, "base_url", None),
        "model-path": getattr(args, "model_path", None),
        "lora-path": getattr(args, "lora_path", None),
        "context": getattr(args, "context", None),
        "timeout-s": getattr(args, "timeout", None),
    }
    overrides = {k: v for k, v in overrides.items() if v is not None}
    if overrides.get("provider") not in (None, "offline"):
        overrides["enabled"] = True
    config = config.merged({"ai": overrides}, "command line") if overrides else config
    from ..tiers.policy import apply_policy

    return apply_policy(config)  # an Enterprise organisation policy wins over the command line too


# -- ai clear-cache / status -------------------------------------------------------------------
def cmd_clear_cache(args) -> int:
    from .cache import AnswerCache

    cache = AnswerCache()
    removed = cache.clear()
    print(f"removed {removed} cached AI answer(s) from {cache.directory}")
    return 0


def cmd_status(args) -> int:
    from .cache import default_cache_dir
    from .discovery import decide
    from .providers import effective_config

    config = effective_config(_load_config(args, Path.cwd() / "x").ai)
    decision = decide(config)
    provider = decision.provider if config.enabled else "offline (AI disabled)"
    print(f"provider: {provider}")
    print(f"why: {decision.reason}")
    if decision.server is not None:
        print(f"server: {decision.server} at {decision.base_url}")
        print(f"model: {decision.model}")
    elif config.provider == "embedded" and config.enabled:
        from .embedded import unavailable_reason

        reason = unavailable_reason(config.model_path)
        print(f"model: {_embedded_model(config)}")
        if config.lora_path:
            print(f"LoRA adapter: {config.lora_path}")
        print(f"available: {'yes' if reason is None else 'no: ' + reason}")
        print(f"warm: {_warm_models() or 'no (the first request starts it; it stays a few minutes)'}")
    elif config.provider in ("openai-compatible", "infragenius-cloud"):
        print(f"base_url: {config.base_url or '(default)'}")
        print(f"model: {config.model or '(server default)'}")
    print(f"context sent: {config.context}")
    print(f"cache: {default_cache_dir()}")
    return 0


def _embedded_model(config) -> str:
    """Which GGUF the embedded provider runs, and why that one."""
    from . import model_store
    from .embedded import default_model_path

    if config.model_path:
        return f"{config.model_path} (ai.model-path)"
    pulled = model_store.chosen() if not config.lora_path else None
    if pulled is not None:
        return f"{pulled.path} (pulled with `infragenius ai pull {pulled.name}`)"
    shipped = default_model_path()
    if shipped is None:
        return "(none installed)"
    return f"{shipped} (the shipped 135M model; `infragenius ai pull` gets a better one)"


def _warm_models() -> str:
    from . import daemon

    running = [
        found for state in sorted(daemon.run_dir().glob("model-*.json")) if (found := daemon.find(state, renew=False))
    ]
    return ", ".join(f"{d.url} (pid {d.pid})" for d in running)


def cmd_pull(args) -> int:
    from ..cli import UsageError
    from . import catalogue, model_store
    from .download import DownloadError

    if args.list:
        for listed in catalogue.CATALOGUE:
            mark = "*" if model_store.installed(listed) else " "
            print(f"{mark} {listed.name:<20} {listed.title}, {listed.size_label}, license: {listed.license}")
        print(f"(* downloaded, in {model_store.models_dir()}; the default is {catalogue.DEFAULT})")
        return 0
    entry = catalogue.find(args.name or catalogue.DEFAULT)
    if entry is None:
        names = ", ".join(m.name for m in catalogue.CATALOGUE)
        raise UsageError(f"no recommended model named {args.name!r}; choose one of: {names}")
    if model_store.installed(entry):
        model_store.use(entry)
        print(f"{entry.name} is already downloaded; the embedded provider now uses it")
        return 0
    print(f"pulling {entry.name}: {entry.title}, {entry.size_label}, license: {entry.license}", file=sys.stderr)
    print(f"from {entry.url}", file=sys.stderr)
    try:
        with _progress_bar(entry.name) as progress:
            result = model_store.pull(entry, progress)
    except DownloadError as exc:
        print(f"infragenius: error: {exc}", file=sys.stderr)
        return 1
    print(f"verified: sha256 {result.sha256} matches {result.checked_against}")
    print(f"saved {result.path}; the embedded provider now uses it (`infragenius ai status`)")
    return 0


def _progress_bar(name: str):
    """A progress callback drawing a bar on stderr (tqdm), from the first byte (a refused download draws
    none) and closed at the end."""
    import contextlib

    from tqdm import tqdm

    @contextlib.contextmanager
    def bar():
        shown: list[tqdm] = []

        def update(done: int, total: int | None) -> None:
            if not shown:
                shown.append(tqdm(desc=name, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr))
            if total is not None and shown[0].total != total:
                shown[0].total = total
            shown[0].update(done - shown[0].n)

        try:
            yield update
        finally:
            for drawn in shown:
                drawn.close()

    return bar()


def cmd_stop(args) -> int:
    from . import daemon

    count = daemon.stop_all()
    print(f"stopped {count} warm model{'s' if count != 1 else ''}" if count else "no warm model was running")
    return 0


def cmd_models(args) -> int:
    """What each local server lists, best first; the model used when no provider is configured is marked."""
    from .discovery import LOOPBACK, SERVERS, decide, discover, rank, user_preferences
    from .providers import effective_config

    config = effective_config(_load_config(args, Path.cwd() / "x").ai)
    found = discover(refresh=True)
    if not found:
        ports = ", ".join(str(s.port) for s in SERVERS)
        print(f"no local model server answered on {LOOPBACK} (ports {ports})")
        return 0
    decision = decide(config)
    preferences = user_preferences()
    for server in found:
        print(f"{server.name} at {server.base_url}:")
        for model in sorted(server.models, key=lambda m: rank(m, preferences)):
            used = decision.server == server.name and decision.model == model.id
            size = f" ({model.params_b:g}B)" if model.params_b else ""
            print(f"  {'*' if used else ' '} {model.id}{size}")
        if not server.models:
            print("    (no chat model loaded)")
    if decision.server is None:
        print(f"(* marks the model used when no provider is configured; now: {decision.reason})")
    return 0
