"""Edit -> findings time on a 1,000-line workflow (not collected by pytest).

Builds a deterministic workflow of about 1,000 lines (jobs with matrices, needs, outputs, typed
inputs, actions with inputs, scripts and many ``${{ }}`` expressions), then analyses it ``--runs``
times through the in-process engine, each time after a one-character edit (a new document version,
so nothing is served from the cache), and prints p50/p95/max wall time and p50/p95 CPU time in
milliseconds as JSON.

    .venv/bin/python tests/bench/perf/workflow_edit.py [--runs 50] [--lines 1000] [--no-cache]

``--no-cache`` analyses with ``use_cache=False``: the engine then keeps no earlier version alive.
By default it does (an LRU of 512 analyses), and on a 1,000-line file those retained models make
the garbage collector's full passes, and so the p95, about twice as slow.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from infragenius import app
from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

app.compose_engine()  # the engine's languages and packs, as the infragenius command wires them

HEADER = """name: bench
on:
  push:
    branches: [main, 'release/**']
  pull_request:
    paths: ['src/**', '!docs/**']
  workflow_dispatch:
    inputs:
      debug:
        type: boolean
      target:
        type: choice
        options: [staging, production]
permissions:
  contents: read
env:
  CARGO_TERM_COLOR: always
jobs:
"""

JOB = """  job{i}:
    name: Job ${{{{ matrix.os }}}} {i}
    runs-on: ${{{{ matrix.os }}}}
{needs}    timeout-minutes: 30
    outputs:
      version: ${{{{ steps.meta.outputs.version }}}}
    strategy:
      fail-fast: false
      matrix:
        os: [ubuntu-latest, windows-latest, macos-latest]
        node: [18, 20, 22]
        include:
          - os: ubuntu-latest
            experimental: true
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: actions/setup-node@v4
        with:
          node-version: ${{{{ matrix.node }}}}
          cache: npm
      - id: meta
        run: echo "version=$(git describe --tags)" >> "$GITHUB_OUTPUT"
      - name: Test {i}
        if: ${{{{ github.event_name == 'push' && !inputs.debug && matrix.node >= 20 }}}}
        run: |
          npm ci
          npm test -- --shard=${{{{ strategy.job-index }}}}/${{{{ strategy.job-total }}}}
        env:
          NEEDS: ${{{{ toJSON(needs) }}}}
          TARGET: ${{{{ inputs.target || 'staging' }}}}
      - uses: actions/upload-artifact@v4
        if: ${{{{ always() && matrix.experimental != true }}}}
        with:
          name: report-{i}-${{{{ matrix.os }}}}-${{{{ matrix.node }}}}
          path: coverage/
          retention-days: 5
"""


def workflow(lines: int) -> str:
    parts = [HEADER]
    i = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(JOB.format(i=i, needs=f"    needs: [job{i - 1}]\n" if i else ""))
        i += 1
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--no-cache", action="store_true", help="keep no earlier analysis alive")
    args = parser.parse_args()
    text = workflow(args.lines)
    engine = Engine(Config())
    uri = "file:///bench/.github/workflows/bench.yml"
    times, cpu_times = [], []
    findings = 0
    for run in range(args.runs + 3):
        # a keystroke: toggle one character in a step name (new text, new version)
        edited = text.replace("name: Test 0", f"name: Test 0{'x' * (run % 2)}", 1)
        doc = Document(uri=uri, text=edited, language="github-actions", version=run)
        start, cpu_start = time.perf_counter(), time.process_time()
        analysis = engine.analyse(doc, use_cache=not args.no_cache)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        findings = len(analysis.findings)
        if run >= 3:  # the first runs load rule modules and warm caches
            times.append(elapsed * 1000)
            cpu_times.append(cpu * 1000)
    times.sort()
    cpu_times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    cpu_p95 = cpu_times[min(len(cpu_times) - 1, round(0.95 * len(cpu_times)) - 1)]
    print(
        json.dumps(
            {
                "lines": text.count("\n"),
                "runs": len(times),
                "findings": findings,
                "cache": not args.no_cache,
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(p95, 2),
                "max_ms": round(times[-1], 2),
                # CPU time of this process: what the analysis costs, without waiting for other processes
                "cpu_p50_ms": round(statistics.median(cpu_times), 2),
                "cpu_p95_ms": round(cpu_p95, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
