"""CLI commands of the AI layer: ``explain FILE:LINE [CODE]`` and ``ai clear-cache`` / ``ai status``.

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
    explain.add_argument("--context", choices=("none", "window", "file"), default=None,
                         help="how much of the file is sent (default: window)")
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
    review.add_argument("--timeout", type=float, default=None)
    review.add_argument("--config", type=Path, default=None)
    review.set_defaults(func=cmd_review)

    ai = subparsers.add_parser("ai", help="AI settings and cache")
    ai_sub = ai.add_subparsers(dest="ai_command")
    clear = ai_sub.add_parser("clear-cache", help="delete cached AI answers")
    clear.set_defaults(func=cmd_clear_cache)
    status = ai_sub.add_parser("status", help="the provider in use and whether it can run here")
    status.add_argument("--config", type=Path, default=None)
    status.set_defaults(func=cmd_status)
    ai.set_defaults(func=lambda args: (ai.print_help(), 2)[1])


# -- explain -----------------------------------------------------------------------------------
def cmd_explain(args) -> int:
    from ..cli import EXIT_CLEAN, UsageError
    from ..core.detect import detect
    from ..core.document import Document, decode
    from ..core.engine import Engine
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
    engine = Engine(config, root=Path.cwd())
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
    from .cache import AnswerCache
    from .service import AIService

    path = args.file
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    config = _load_config(args, path)
    text = decode(path.read_bytes())
    document = Document(uri=path.resolve().as_uri(), text=text, language=detect(path, text), path=path)
    service = AIService(config, Engine(config, root=Path.cwd()), cache=AnswerCache(), use_cache=not args.no_cache)
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
        print(f"infragenius: note: AI unavailable: {result.note}. Showing the rule's documentation instead.",
              file=sys.stderr)
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

    if args.config is not None:
        config = Config.load(args.config)
    else:
        config, _ = Config.discover(path.resolve().parent)
    overrides = {
        "provider": getattr(args, "provider", None),
        "model": getattr(args, "model", None),
        "base-url": getattr(args, "base_url", None),
        "model-path": getattr(args, "model_path", None),
        "context": getattr(args, "context", None),
        "timeout-s": getattr(args, "timeout", None),
    }
    overrides = {k: v for k, v in overrides.items() if v is not None}
    if overrides.get("provider") not in (None, "offline"):
        overrides["enabled"] = True
    return config.merged({"ai": overrides}, "command line") if overrides else config


# -- ai clear-cache / status -------------------------------------------------------------------
def cmd_clear_cache(args) -> int:
    from .cache import AnswerCache

    cache = AnswerCache()
    removed = cache.clear()
    print(f"removed {removed} cached AI answer(s) from {cache.directory}")
    return 0


def cmd_status(args) -> int:
    from .cache import default_cache_dir
    from .providers import effective_config

    config = effective_config(_load_config(args, Path.cwd() / "x").ai)
    provider = config.provider if config.enabled else "offline (AI disabled)"
    print(f"provider: {provider}")
    if config.provider == "embedded" and config.enabled:
        from .embedded import default_model_path, unavailable_reason

        reason = unavailable_reason(config.model_path)
        print(f"model: {config.model_path or default_model_path() or '(none installed)'}")
        print(f"available: {'yes' if reason is None else 'no: ' + reason}")
    elif config.provider in ("openai-compatible", "infragenius-cloud"):
        print(f"base_url: {config.base_url or '(default)'}")
        print(f"model: {config.model or '(server default)'}")
    print(f"context sent: {config.context}")
    print(f"cache: {default_cache_dir()}")
    return 0
