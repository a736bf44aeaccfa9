"""Compare our Terraform security findings with checkov's on the corpus (not collected by pytest).

Usage:  .venv/bin/python tests/bench/eval/checkov_terraform.py [DIR ...]
        CHECKOV=path (default: the checkov that `make bench-peers` installs in ~/.cache/infragenius/peers)

For every checkov ID that one of our rules aliases, prints at resource level (file + resource
address) how many failures both report, only checkov reports, only we report, and recall. Then
times one checkov run and one ``infragenius check`` run per directory (both as subprocesses).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpus" / "terraform"
CHECKOV = os.environ.get("CHECKOV", str(Path.home() / ".cache/infragenius/peers/checkov-venv/bin/checkov"))
PYTHON = sys.executable


def run_checkov(directory: Path) -> tuple[list[dict], float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [CHECKOV, "-d", str(directory), "--framework", "terraform", "--skip-download", "-o", "json", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    data = json.loads(proc.stdout or "[]")
    reports = data if isinstance(data, list) else [data]
    failed = [f for r in reports if isinstance(r, dict) for f in r.get("results", {}).get("failed_checks", [])]
    return failed, elapsed


def run_ours_cli(directory: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(Path(PYTHON).with_name("infragenius")), "check", str(directory), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return time.perf_counter() - started


def our_findings(directory: Path) -> list[tuple[str, str, str]]:
    """(checkov id, file, resource address) for each of our findings that maps to a checkov ID."""
    sys.path.insert(0, str(ROOT / "server"))
    from infragenius.core.config import Config
    from infragenius.core.document import Document, decode
    from infragenius.core.engine import Engine

    engine = Engine(Config(), root=directory)
    out = []
    for path in sorted(directory.rglob("*.tf")):
        doc = Document(uri=path.resolve().as_uri(), text=decode(path.read_bytes()), language="terraform", path=path)
        analysis = engine.analyse(doc, use_cache=False)
        for finding in analysis.findings:
            ids = [a.split(":", 1)[1] for a in finding.aliases if a.startswith("checkov:")]
            if finding.data.get("check"):
                ids = [finding.data["check"]]
            block = _block_at(analysis.model, finding.range.start.line)
            if block is None:
                continue
            for check in ids:
                out.append((check, str(path.resolve()), block))
    return out


def _block_at(model, line: int) -> str | None:
    for block in model.file.blocks:
        if not block.range.start.line <= line <= block.range.end.line:
            continue
        if block.type == "provider" and block.labels:
            alias = block.attr("alias")
            name = alias.expr.text.decode().strip('"') if alias is not None else "default"
            return f"{block.labels[0]}.{name}"
        if len(block.labels) >= 2:
            return f"{block.labels[0]}.{block.labels[1]}"
    return None


def aliased_ids() -> set[str]:
    sys.path.insert(0, str(ROOT / "server"))
    from infragenius.core.rules import REGISTRY

    return {a.split(":", 1)[1] for r in REGISTRY.rules_for("terraform") for a in r.aliases if a.startswith("checkov:")}


def main(argv: list[str]) -> int:
    from infragenius import app

    app.compose_engine()  # the engine's languages and packs, as the infragenius command wires them
    dirs = [Path(a) for a in argv] or sorted(p for p in CORPUS.iterdir() if p.is_dir())
    ids = aliased_ids()
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    only_ours: list[str] = []
    only_checkov: list[str] = []
    timings = []
    for directory in dirs:
        failed, t_checkov = run_checkov(directory)
        t_ours = run_ours_cli(directory)
        timings.append((directory.name, t_checkov, t_ours))
        theirs = {
            (f["check_id"], f["file_abs_path"], re.sub(r"\[[^\]]*\]", "", f["resource"].removeprefix("data.")))
            for f in failed
            if f["check_id"] in ids and not f["resource"].startswith("module.")
        }
        started = time.perf_counter()
        ours = set(our_findings(directory))
        timings[-1] += (time.perf_counter() - started,)
        for key in theirs | ours:
            row = table[key[0]]
            where = (
                f"{key[0]} {Path(key[1]).relative_to(CORPUS) if key[1].startswith(str(CORPUS)) else key[1]} {key[2]}"
            )
            if key in theirs and key in ours:
                row[0] += 1
            elif key in theirs:
                row[1] += 1
                only_checkov.append(where)
            else:
                row[2] += 1
                only_ours.append(where)
    print(f"{'checkov id':<14} {'both':>5} {'only-ckv':>9} {'only-ours':>10} {'recall':>7}")
    total = [0, 0, 0]
    for check in sorted(table, key=lambda c: (c.split("_")[0], c.split("_")[1], int(c.rsplit("_", 1)[1]))):
        both, theirs_only, ours_only = table[check]
        total = [total[0] + both, total[1] + theirs_only, total[2] + ours_only]
        recall = f"{both / (both + theirs_only):.0%}" if both + theirs_only else "-"
        print(f"{check:<14} {both:>5} {theirs_only:>9} {ours_only:>10} {recall:>7}")
    recall = f"{total[0] / (total[0] + total[1]):.0%}" if total[0] + total[1] else "-"
    print(f"{'TOTAL':<14} {total[0]:>5} {total[1]:>9} {total[2]:>10} {recall:>7}")
    print("\nonly checkov:", *only_checkov, sep="\n  ")
    print("\nonly ours:", *only_ours, sep="\n  ")
    print("\ntimings (s)                  checkov  infragenius-cli  speed-up  in-process-analysis")
    for name, t_c, t_o, t_in in timings:
        print(f"  {name:<28} {t_c:7.2f} {t_o:15.2f} {t_c / t_o:8.1f}x {t_in:12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
