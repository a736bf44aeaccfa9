"""Scaling (``make bench-scaling``): time per edit at 100 / 1,000 / 10,000 lines per language, CLI wall
time on a 2,000-file workspace with ``--jobs 1`` and ``--jobs 2``, and the language server's peak RSS
after opening 1,000 documents (goal < 300 MB).

Per edit: ``engine`` = in-process ``Engine.analyse`` of a new version (median of the edits; garbage
collected between edits, not during, as the server does), ``lsp`` =
didChange -> publishDiagnostics of that version (p50/p95). Linearity: the exponent b of t ~ lines^b
between 1,000 and 10,000 lines; b <= 1.15 counts as linear (noise on a shared machine is ~10-15 %).
Prints markdown tables and saves ``bench/results/scaling-<UTC>.json``.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from lsp_session import measure
from perf_common import (
    BIN,
    EditScript,
    LspClient,
    finish,
    loadavg,
    rounded,
    server_command,
)
from synth import EXTENSIONS, LANGUAGES, synth

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

SIZES = (100, 1000, 10000)
LINEAR_EXPONENT = 1.15
RSS_GOAL_MB = 300


def _child_env() -> dict:
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def engine_edit_ms(language: str, text: str, path: Path, edits: int) -> tuple[float, int]:
    """Median ms of ``Engine.analyse`` over ``edits`` new versions (the edit script's), and the finding count.

    Garbage collection as in the language server: off during an analysis, a collection between edits
    (otherwise a full collection of everything the previous analyses left lands inside the timing)."""
    engine = Engine(Config(), root=path.parent)
    script = EditScript(text)
    times, findings = [], 0
    uri = path.as_uri()
    engine.analyse(Document(uri, text, language, 1, path))  # warm: lazy imports, grammar loading
    for version in range(2, edits + 2):
        script.next(version)
        doc = Document(uri, script.text, language, version, path)
        gc.collect()
        gc.disable()
        try:
            started = time.perf_counter()
            findings = len(engine.analyse(doc).findings)
            times.append((time.perf_counter() - started) * 1000)
        finally:
            gc.enable()
    return median(times), findings


def exponent(small: float | None, big: float | None, ratio: float = 10.0) -> float | None:
    if not small or not big:
        return None
    return math.log(big / small) / math.log(ratio)


def verdict(b: float | None) -> str:
    if b is None:
        return "-"
    return "linear or better" if b <= LINEAR_EXPONENT else f"SUPERLINEAR (b={b:.2f})"


def run_sizes(languages: list[str], sizes: tuple[int, ...], engine_edits: int, lsp_edits: int, tmp: Path) -> list[dict]:
    rows = []
    for language in languages:
        for lines in sizes:
            root = tmp / f"{language}-{lines}"
            path = root / EXTENSIONS[language]
            path.parent.mkdir(parents=True, exist_ok=True)
            text = synth(language, lines)
            path.write_text(text)
            n = max(3, engine_edits if lines < 10000 else engine_edits // 4)
            print(f"scaling: {language} {lines} lines", file=sys.stderr)
            engine_ms, findings = engine_edit_ms(language, text, path, n)
            row = {"language": language, "lines": lines, "findings": findings, "engine_edit_ms": rounded(engine_ms, 2)}
            if lsp_edits:
                lsp = measure(
                    server_command(),
                    root,
                    path,
                    text,
                    language,
                    edits=lsp_edits if lines < 10000 else max(5, lsp_edits // 4),
                    edit_timeout=60,
                    env=_child_env(),
                )
                row.update(
                    {
                        "lsp_edit_p50_ms": lsp.get("edit_p50_ms"),
                        "lsp_edit_p95_ms": lsp.get("edit_p95_ms"),
                        "lsp_first_diagnostics_ms": lsp.get("first_diagnostics_ms"),
                        "lsp_diagnostics": lsp.get("final_diagnostic_count"),
                        "lsp_error": lsp.get("error"),
                    }
                )
            rows.append(row)
    return rows


def linearity(rows: list[dict]) -> list[dict]:
    out = []
    for language in dict.fromkeys(r["language"] for r in rows):
        by_size = {r["lines"]: r for r in rows if r["language"] == language}
        if 1000 not in by_size or 10000 not in by_size:
            continue
        item = {"language": language}
        for key in ("engine_edit_ms", "lsp_edit_p50_ms"):
            b = exponent(by_size[1000].get(key), by_size[10000].get(key))
            item[key.replace("_ms", "_exponent")] = rounded(b, 2)
            item[key.replace("_ms", "_verdict")] = verdict(b)
        out.append(item)
    return out


# -- workspace -------------------------------------------------------------------------------------
def build_workspace(tmp: Path, files: int) -> Path:
    """``files`` files, spread evenly over the languages, each 50-400 lines of synthetic corpus content."""
    root = tmp / "workspace"
    sizes = (50, 100, 200, 400)
    texts = {(lang, size): synth(lang, size) for lang in LANGUAGES for size in sizes}
    for i in range(files):
        language = LANGUAGES[i % len(LANGUAGES)]
        folder = root / f"project-{i:04d}"
        target = folder / EXTENSIONS[language]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(texts[(language, sizes[(i // len(LANGUAGES)) % len(sizes)])])
    return root


def cli_jobs(root: Path, jobs: tuple[int, ...], repeat: int = 2) -> list[dict]:
    """Median wall time per ``--jobs`` value, runs interleaved, after one untimed warm-up run (the first
    run over fresh files pays ~1 s more for cold caches, which would favour whichever value ran second)."""

    def run(n: int) -> tuple[float, subprocess.CompletedProcess]:
        started = time.perf_counter()
        proc = subprocess.run(
            [str(BIN / "infragenius"), "check", "--format", "json", "--jobs", str(n), str(root)],
            check=False,
            capture_output=True,
            env=_child_env(),
        )
        return time.perf_counter() - started, proc

    run(jobs[-1])
    walls: dict[int, list[float]] = {n: [] for n in jobs}
    last: dict[int, subprocess.CompletedProcess] = {}
    for _ in range(repeat):
        for n in jobs:
            print(f"cli: --jobs {n}", file=sys.stderr)
            wall, last[n] = run(n)
            walls[n].append(wall)
    return [
        {
            "jobs": n,
            "wall_s": round(median(walls[n]), 2),
            "runs": [round(w, 2) for w in walls[n]],
            "exit": last[n].returncode,
            "stderr_tail": last[n].stderr.decode("utf-8", "replace")[-300:],
        }
        for n in jobs
    ]


def peak_rss(root: Path, documents: int) -> dict:
    """Open ``documents`` workspace files in one server; VmHWM/VmRSS once all are analysed."""
    paths = sorted(p for p in root.rglob("*") if p.is_file())[:documents]
    client = LspClient(server_command(), cwd=root, env=_child_env())
    try:
        client.initialize(root)
        started = time.perf_counter()
        last = None
        for path in paths:
            last = client.did_open(path.as_uri(), path.read_text(), "plaintext")
        # the last one published means the queue drained (one analysis thread, in order of opening)
        client.wait_diagnostics(paths[-1].as_uri(), 1, last, timeout=600)
        all_done = time.perf_counter() - started
        published = {p.uri for p in client.published}
        status = Path(f"/proc/{client.proc.pid}/status").read_text()
        fields = {line.split(":")[0]: line.split(":")[1].strip() for line in status.splitlines() if ":" in line}
        hwm = int(fields["VmHWM"].split()[0]) / 1024
        rss = int(fields["VmRSS"].split()[0]) / 1024
        return {
            "documents": len(paths),
            "published": len(published),
            "open_all_s": round(all_done, 2),
            "vm_hwm_mb": round(hwm, 1),
            "vm_rss_mb": round(rss, 1),
            "goal_mb": RSS_GOAL_MB,
            "meets_goal": hwm < RSS_GOAL_MB,
        }
    finally:
        client.close()


def markdown(data: dict) -> str:
    lines = [
        "### Time per edit (ms)",
        "",
        "| language | lines | findings | engine | LSP p50 | LSP p95 |",
        "|---|---|---|---|---|---|",
    ]
    for r in data["sizes"]:
        lines.append(
            f"| {r['language']} | {r['lines']} | {r['findings']} | {r['engine_edit_ms']} "
            f"| {r.get('lsp_edit_p50_ms', '-')} | {r.get('lsp_edit_p95_ms', '-')} |"
        )
    lines += [
        "",
        "### Linearity, 1,000 -> 10,000 lines (t ~ lines^b)",
        "",
        "| language | engine b | engine verdict | LSP b | LSP verdict |",
        "|---|---|---|---|---|",
    ]
    for r in data["linearity"]:
        lines.append(
            f"| {r['language']} | {r['engine_edit_exponent']} | {r['engine_edit_verdict']} "
            f"| {r['lsp_edit_p50_exponent']} | {r['lsp_edit_p50_verdict']} |"
        )
    if data.get("cli"):
        lines += [
            "",
            f"### CLI on a {data['workspace_files']}-file workspace",
            "",
            "| --jobs | wall s | exit |",
            "|---|---|---|",
        ]
        lines += [f"| {r['jobs']} | {r['wall_s']} | {r['exit']} |" for r in data["cli"]]
    if data.get("rss"):
        r = data["rss"]
        lines += [
            "",
            "### Language server memory",
            "",
            (
                f"{r['documents']} documents opened ({r['published']} published) in {r['open_all_s']} s: "
                f"peak RSS (VmHWM) {r['vm_hwm_mb']} MB, RSS now {r['vm_rss_mb']} MB; goal < {r['goal_mb']} MB: "
                f"{'met' if r['meets_goal'] else 'NOT met'}"
            ),
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--engine-edits", type=int, default=20)
    parser.add_argument(
        "--lsp-edits", type=int, default=50, help="0 skips the LSP timings (p95 of fewer is the first edits' warm-up)"
    )
    parser.add_argument("--workspace-files", type=int, default=2000, help="0 skips the CLI workspace run")
    parser.add_argument("--rss-documents", type=int, default=1000, help="0 skips the memory run")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    data: dict = {"loadavg_before": loadavg(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="ig-scaling-") as tmp_name:
        tmp = Path(tmp_name)
        sizes = tuple(int(s) for s in args.sizes.split(","))
        data["sizes"] = run_sizes(args.languages.split(","), sizes, args.engine_edits, args.lsp_edits, tmp)
        data["linearity"] = linearity(data["sizes"])
        files = max(args.workspace_files, args.rss_documents)
        if files:
            root = build_workspace(tmp, files)
            data["workspace_files"] = args.workspace_files
            if args.workspace_files:
                data["cli"] = cli_jobs(root, (1, 2))
            if args.rss_documents:
                print(f"rss: opening {args.rss_documents} documents", file=sys.stderr)
                data["rss"] = peak_rss(root, args.rss_documents)
            shutil.rmtree(root, ignore_errors=True)
    finish("scaling", data, markdown(data), keep=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
