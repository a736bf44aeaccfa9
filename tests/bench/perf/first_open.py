"""First diagnostics after opening a file in a freshly started server (issue 18).

Per case, ``--runs`` sessions: spawn our server in the file's repository, initialize, then didOpen the
file after ``--gap`` ms (an editor restores its tabs a moment after start-up) and wait for its first
diagnostics. Reports p50/p95 of ``initialize`` (spawn -> answer) and of didOpen -> first diagnostics,
against the goal (80 ms). ``--baseline <old checkout>/server`` runs that code's server too, each of its
sessions right after one of ours, so both see the same load.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from lsp_session import SessionClient
from perf_common import CORPUS, LspError, finish, loadavg, now_ms, percentile, rounded, server_command

GOAL_MS = 80.0


def cases() -> list[dict]:
    """The first file of a language opened in its own repository (the warm-up scans that root)."""
    found = []
    node = CORPUS / "dockerfile" / "docker-node"
    if (node / "26" / "bullseye" / "Dockerfile").is_file():
        found.append(
            {
                "case": "Dockerfile (docker-node)",
                "language": "dockerfile",
                "root": node,
                "path": node / "26" / "bullseye" / "Dockerfile",
            }
        )
    black = CORPUS / "github-actions" / "black"
    if (black / ".github" / "workflows" / "lint.yml").is_file():
        found.append(
            {
                "case": "workflow (black)",
                "language": "github-actions",
                "root": black,
                "path": black / ".github" / "workflows" / "lint.yml",
            }
        )
    return found


def session(case: dict, gap_ms: float, env: dict) -> dict:
    client = SessionClient(server_command(), cwd=case["root"], env=env)
    try:
        client.start(case["root"])
        initialize_ms = now_ms(client.started)
        time.sleep(gap_ms / 1000)
        uri = case["path"].resolve().as_uri()
        sent = client.did_open(uri, case["path"].read_text("utf-8", "replace"), case["language"])
        first = client.wait_diagnostics(uri, 1, sent, timeout=60)
        return {
            "initialize_ms": initialize_ms,
            "first_ms": (first.received - sent) * 1000,
            "diagnostics": len(first.diagnostics),
        }
    except (LspError, OSError) as exc:
        return {"error": str(exc)}
    finally:
        client.close()


def run(runs: int, gap_ms: float, baseline: str | None) -> list[dict]:
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    servers = {"ours": env}
    if baseline:
        servers["baseline"] = {**env, "PYTHONPATH": baseline}
    rows = []
    for case in cases():
        print(f"first open: {case['case']}", file=sys.stderr)
        results: dict[str, list[dict]] = {name: [] for name in servers}
        for _ in range(runs):
            for name, server_env in servers.items():
                results[name].append(session(case, gap_ms, server_env))
        rows.extend(_row(case["case"], name, found) for name, found in results.items())
    return rows


def _row(case: str, server: str, results: list[dict]) -> dict:
    good = [r for r in results if "error" not in r]
    first = [r["first_ms"] for r in good]
    init = [r["initialize_ms"] for r in good]
    return {
        "case": case,
        "server": server,
        "runs": len(results),
        "errors": [r["error"] for r in results if "error" in r],
        "diagnostics": sorted({r["diagnostics"] for r in good}),
        "initialize_p50_ms": rounded(percentile(init, 50)),
        "initialize_p95_ms": rounded(percentile(init, 95)),
        "first_p50_ms": rounded(percentile(first, 50)),
        "first_p95_ms": rounded(percentile(first, 95)),
    }


def markdown(rows: list[dict], gap_ms: float) -> str:
    lines = [
        f"### First diagnostics after opening (ms; didOpen {gap_ms:g} ms after initialize)",
        "",
        (
            "| case | server | runs | diagnostics | initialize p50 | initialize p95 | first p50 | first p95 "
            "| goal p95 | met |"
        ),
        "|---" * 10 + "|",
    ]
    for r in rows:
        met = r["first_p95_ms"] is not None and r["first_p95_ms"] <= GOAL_MS
        lines.append(
            f"| {r['case']} | {r['server']} | {r['runs']} | {r['diagnostics']} | {r['initialize_p50_ms']} "
            f"| {r['initialize_p95_ms']} | {r['first_p50_ms']} | {r['first_p95_ms']} | {GOAL_MS:g} "
            f"| {'yes' if met else 'NO'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--gap", type=float, default=300.0, help="ms between initialize and didOpen")
    parser.add_argument("--baseline", help="PYTHONPATH of an older server to measure in the same run")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    data: dict = {"loadavg_before": loadavg(), "cpus": os.cpu_count(), "gap_ms": args.gap}
    data["cases"] = run(args.runs, args.gap, args.baseline)
    finish("first_open", data, markdown(data["cases"], args.gap), keep=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
