"""Editing a Helm template (issue 18): bitnami's nginx ``templates/deployment.yaml`` with its ``common``
library beside it (``../shared/corpus/helm/bitnami-charts/bitnami``).

Each version puts a new comment line at the top of the template, as a keystroke does: every version is
a text Helm has not rendered yet (the render and lint caches never answer). In-process, per version:
``template`` = the analysis with rendering off (the template checks HM001-HM006 and values), goal p95
25 ms; ``rendered`` = the whole analysis (render, helm lint, the Kubernetes rules on the output),
goal p95 150 ms; each with its CPU time (the process's, Helm's threads included: the machine is shared, so
wall times follow its load and CPU times much less). ``--baseline <old checkout>/server`` runs the same in a child process on that code,
alternating with ours, so both see the same load. ``--lsp`` adds the same edits through the language
server, as the user sees them (``helm_session``: template checks per keystroke, also while a render runs,
and rendered findings after the pause). Prints markdown tables and saves ``bench/results/helm_edits-<UTC>.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from perf_common import CORPUS, finish, loadavg, percentile, rounded

GOALS_MS = {"template": 25.0, "rendered": 150.0}
TEMPLATE = CORPUS / "helm" / "bitnami-charts" / "bitnami" / "nginx" / "templates" / "deployment.yaml"


def measure(edits: int, first: int = 2, template: str | None = None) -> dict:
    """Per-version times (ms) of both analyses on the code this interpreter imports."""
    from infragenius.core.config import Config
    from infragenius.core.context import Workspace
    from infragenius.core.document import Document
    from infragenius.core.engine import Engine

    path = Path(template) if template else TEMPLATE
    text = path.read_text("utf-8")
    overlay: dict[Path, str] = {}
    engines = {
        "template": Engine(Config().merged({"helm": {"render": False}}), Workspace(overlay), path.parents[1]),
        "rendered": Engine(Config(), Workspace(overlay), path.parents[1]),
    }
    times: dict[str, list[float]] = {name: [] for name in engines}
    cpu: dict[str, list[float]] = {name: [] for name in engines}
    findings: dict[str, int] = {}
    for version in range(first, first + edits + 1):
        edited = f"# edit {version}\n{text}"
        overlay[path] = edited  # the editor's buffer: Helm renders a copy with it
        for name, engine in engines.items():
            gc.collect()
            started, started_cpu = time.perf_counter(), time.process_time()
            analysis = engine.analyse(Document(path.as_uri(), edited, "helm", version, path))
            if version > first:  # the first version pays the imports and the Go runtime's start
                times[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
            findings[name] = len(analysis.findings)
    return {"times": times, "cpu": cpu, "findings": findings}


def _child(pythonpath: str | None, edits: int, first: int, template: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else None
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import helm_edits; "
        f"print(json.dumps(helm_edits.measure({edits}, {first}, {str(template)!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(edits: int, rounds: int, baseline: str | None, template: Path = TEMPLATE) -> list[dict]:
    results: dict[str, dict[str, list[float]]] = {"ours": {"template": [], "rendered": []}}
    if baseline:
        results["baseline"] = {"template": [], "rendered": []}
    cpu: dict[str, dict[str, list[float]]] = {server: {"template": [], "rendered": []} for server in results}
    findings: dict[str, dict] = {}
    for number in range(rounds):  # our run and the baseline's alternate, in fresh processes both
        first = 2 + number * (edits + 1) * 10  # new texts every round
        for server in results:
            got = _child(baseline if server == "baseline" else None, edits, first, template)
            for name, values in got["times"].items():
                results[server][name].extend(values)
                cpu[server][name].extend(got.get("cpu", {}).get(name, []))
            findings[server] = got["findings"]
    rows = []
    for server, times in results.items():
        for name, values in times.items():
            rows.append(
                {
                    "server": server,
                    "diagnostics": name,
                    "edits": len(values),
                    "findings": findings[server][name],
                    "goal_p95_ms": GOALS_MS[name],
                    "p50_ms": rounded(percentile(values, 50)),
                    "p95_ms": rounded(percentile(values, 95)),
                    "cpu_p50_ms": rounded(percentile(cpu[server][name], 50)),
                    "cpu_p95_ms": rounded(percentile(cpu[server][name], 95)),
                }
            )
    return rows


def markdown(rows: list[dict], template: Path = TEMPLATE) -> str:
    lines = [
        f"### Helm: editing {template} (in-process, ms per edit)",
        "",
        "| code | diagnostics | edits | findings | p50 | p95 | goal p95 | met | CPU p50 | CPU p95 |",
        "|---" * 10 + "|",
    ]
    for r in rows:
        met = r["p95_ms"] is not None and r["p95_ms"] <= r["goal_p95_ms"]
        lines.append(
            f"| {r['server']} | {r['diagnostics']} | {r['edits']} | {r['findings']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {r['goal_p95_ms']:g} | {'yes' if met else 'NO'} | {r['cpu_p50_ms']} | {r['cpu_p95_ms']} |"
        )
    return "\n".join(lines)


def lsp_rows(rounds: int, baseline: str | None, template: Path) -> list[dict]:
    """Through the server (``helm_session``), ours and the baseline's sessions alternating."""
    import helm_session
    from perf_common import server_command

    servers = {"ours": None, **({"baseline": {**os.environ, "PYTHONPATH": baseline}} if baseline else {})}
    latencies: dict[str, dict] = {name: {"missed": 0} for name in servers}
    for _ in range(rounds):
        for name, env in servers.items():
            idle = LSP_IDLE_MS if name == "ours" else None  # an older server renders at every keystroke
            got = helm_session.measure(server_command(), template, 8, 5, 60.0, idle, env)
            latencies[name]["missed"] += got.pop("missed")
            for what, values in got.items():
                latencies[name].setdefault(what, []).extend(values)
    return [row for name, values in latencies.items() for row in helm_session.summary(name, values)]


LSP_IDLE_MS = 400  # the default helm.render-idle-ms


def lsp_markdown(rows: list[dict]) -> str:
    lines = [
        f"### Helm through the server: bursts of 5 keystrokes 60 ms apart, rendered after {LSP_IDLE_MS} ms idle",
        "",
        "| code | diagnostics | count | versions never published | p50 | p95 |",
        "|---" * 6 + "|",
    ]
    lines += [
        f"| {r['server']} | {r['diagnostics']} | {r['count']} | {'' if r['missed'] is None else r['missed']} "
        f"| {r['p50_ms']} | {r['p95_ms']} |"
        for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20, help="versions per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", help="PYTHONPATH of older code to measure in the same run")
    parser.add_argument("--template", type=Path, default=TEMPLATE, help="another chart's template to edit")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--lsp", action="store_true", help="also through the language server (helm_session)")
    args = parser.parse_args(argv)
    if not args.template.is_file():
        print(f"helm edits: {args.template} not found; skipped", file=sys.stderr)
        return 0
    data: dict = {"loadavg_before": loadavg(), "cpus": os.cpu_count(), "template": str(args.template)}
    data["rows"] = run(args.edits, args.rounds, args.baseline, args.template.resolve())
    table = markdown(data["rows"], args.template)
    if args.lsp:
        data["lsp_rows"] = lsp_rows(args.rounds, args.baseline, args.template.resolve())
        table += "\n\n" + lsp_markdown(data["lsp_rows"])
    finish("helm_edits", data, table, keep=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
