"""Files users edit that cost the most per keystroke (issue 18): many findings, a big Terraform module.

Cases: ``../shared/bench/Dockerfile.500`` (500 lines, ~600 findings), a generated 1,000-line Kubernetes
file (~500 findings: privileged containers on the host network with unpinned images) and
terraform-aws-vpc's ``main.tf`` (~1,500 lines), each against its goal (edit -> diagnostics p95).
``main.tf`` has no findings, and that is right: ``infragenius check`` on the whole module finds nothing in
it either (one TF144 in examples/), every resource's count and most values are variables (unknown: no
finding), and checkov's three (CKV_AWS_148 default VPC, CKV2_AWS_11 flow logs, CKV2_AWS_12 default
security group) have no rule of ours; so this case measures parsing and rules, not conversion.

Per case: ``engine`` = in-process analysis of a new version (wall time, and CPU time, which the other
work of a shared machine barely changes); ``pull path`` = that analysis plus the
diagnostics as the server sends them (conversion and JSON) when the wire cache is there (lsp/wire.py),
the typed lsprotocol conversion otherwise, both p50/p95 over the edit script's versions; ``lsp push``
= didChange -> publishDiagnostics of that version in a real server session, ``lsp pull`` = didChange
then ``textDocument/diagnostic`` (with the previous ``resultId``) -> its report, as Neovim and VS Code's
pull clients do (p50/p95). Run it on the
code before a change with ``PYTHONPATH=<old checkout>/server`` to compare on the same machine.
The Dockerfile's peer, ``docker-langserver`` (installed by ``peers.py``), edits the same file in the
same run (push, its p50/p95 and ours/its p95). Prints a markdown table and saves
``bench/results/hot_files-<UTC>.json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from lsp_session import SessionClient, measure
from peers import node_bin
from perf_common import CORPUS, ROOT, EditScript, LspError, finish, loadavg, percentile, rounded, server_command

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

GOALS_MS = {"dockerfile": 25.0, "kubernetes": 40.0, "terraform": 25.0}
# the peer language server each case is measured against, where one analyses the same file
PEERS = {"dockerfile": "docker-langserver"}

K8S_DOCUMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{n}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web-{n}
  template:
    metadata:
      labels:
        app: web-{n}
    spec:
      hostNetwork: true
      containers:
        - name: app
          image: nginx:latest
          securityContext:
            privileged: true
          ports:
            - containerPort: 80
"""


def kubernetes_file(lines: int = 1000) -> str:
    """``lines`` lines of Deployments with a dozen findings each, padded with comment lines."""
    out: list[str] = []
    n = 0
    while True:
        doc = ("---\n" if n else "") + K8S_DOCUMENT.format(n=n)
        if len(out) + doc.count("\n") > lines:
            break
        out += doc.splitlines()
        n += 1
    out += ["# padding"] * (lines - len(out))
    return "\n".join(out) + "\n"


def cases(tmp: Path) -> list[dict]:
    found = []
    dockerfile = ROOT.parent / "shared" / "bench" / "Dockerfile.500"
    if dockerfile.is_file():
        found.append({"case": "Dockerfile.500", "language": "dockerfile", "path": dockerfile})
    manifests = tmp / "k8s" / "manifests.yaml"
    manifests.parent.mkdir(parents=True)
    manifests.write_text(kubernetes_file())
    found.append({"case": "Kubernetes 1,000 lines", "language": "kubernetes", "path": manifests})
    vpc = CORPUS / "terraform" / "terraform-aws-vpc" / "main.tf"
    if vpc.is_file():
        found.append({"case": "terraform-aws-vpc main.tf", "language": "terraform", "path": vpc})
    return found


def _send_form():
    """The diagnostics as the server sends them: the wire cache, or the typed path of older code."""
    try:
        from infragenius.lsp.wire import Wire
    except ImportError:
        from pygls.protocol import default_converter

        from infragenius.lsp.convert import Positions, diagnostic
        from infragenius.lsp.diagnostics import _rule_tags

        converter = default_converter()
        return "typed", lambda a: json.dumps(
            converter.unstructure([diagnostic(f, Positions(a.document), _rule_tags(f.code)) for f in a.findings])
        )
    from infragenius.lsp import protocol

    # encoded as the server under test encodes its messages: orjson since 1f86c0f, json before
    dumps = getattr(getattr(protocol, "orjson", None), "dumps", json.dumps)
    wire = Wire()
    return "wire", lambda a: dumps(wire.convert(a, "utf-16", 1).items)


def in_process(language: str, path: Path, edits: int) -> dict:
    """Engine and pull-path times per edit (garbage collected between edits, as the server does)."""
    text = path.read_text("utf-8", "replace")
    engine = Engine(Config(), root=path.parent)
    kind, send = _send_form()
    send(engine.analyse(Document(path.as_uri(), text, language, 1, path)))  # warm: imports, grammars
    script = EditScript(text)
    analysed, cpu, total, total_cpu, findings = [], [], [], [], 0
    for version in range(2, edits + 2):
        script.next(version)
        doc = Document(path.as_uri(), script.text, language, version, path)
        gc.collect()
        gc.disable()
        try:
            started, cpu_started = time.perf_counter(), time.process_time()
            analysis = engine.analyse(doc)
            middle, cpu_done = time.perf_counter(), time.process_time()
            send(analysis)
            done, cpu_sent = time.perf_counter(), time.process_time()
        finally:
            gc.enable()
        analysed.append((middle - started) * 1000)
        cpu.append((cpu_done - cpu_started) * 1000)
        total.append((done - started) * 1000)
        total_cpu.append((cpu_sent - cpu_started) * 1000)
        findings = len(analysis.findings)
    return {
        "lines": text.count("\n") + 1,
        "findings": findings,
        "send_form": kind,
        "engine_p50_ms": rounded(percentile(analysed, 50)),
        "engine_p95_ms": rounded(percentile(analysed, 95)),
        "engine_cpu_p50_ms": rounded(percentile(cpu, 50)),
        "engine_cpu_p95_ms": rounded(percentile(cpu, 95)),
        "pull_path_p50_ms": rounded(percentile(total, 50)),
        "pull_path_p95_ms": rounded(percentile(total, 95)),
        "pull_path_cpu_p50_ms": rounded(percentile(total_cpu, 50)),
        "pull_path_cpu_p95_ms": rounded(percentile(total_cpu, 95)),
    }


class PullClient(SessionClient):
    """A client that declares pull diagnostics: the server pushes nothing and answers each request."""

    def start(self, root: Path, init_options: dict | None = None, timeout: float = 60.0) -> dict:
        real = self.request

        def with_pull(method, params=None, timeout=30.0):
            if method == "initialize":
                params["capabilities"]["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
            return real(method, params, timeout)

        self.request = with_pull
        try:
            return super().start(root, init_options, timeout)
        finally:
            self.request = real


def pull_session(path: Path, language: str, edits: int, env: dict) -> dict:
    """didChange then ``textDocument/diagnostic`` -> report, per edit (ms); the kinds answered."""
    text = path.read_text("utf-8", "replace")
    client = PullClient(server_command(), cwd=path.parent, env=env)
    times: list[float] = []
    kinds: dict[str, int] = {}
    try:
        client.start(path.parent)
        uri = path.resolve().as_uri()
        client.did_open(uri, text, language)
        result_id = client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}}, 60).get("resultId")
        script = EditScript(text)
        for version in range(2, edits + 2):
            change, _ = script.next(version)
            sent = client.did_change(uri, version, [change] if client.sync_kind == 2 else [{"text": script.text}])
            report = client.request(
                "textDocument/diagnostic", {"textDocument": {"uri": uri}, "previousResultId": result_id}, 30
            )
            times.append((time.perf_counter() - sent) * 1000)
            kinds[report.get("kind")] = kinds.get(report.get("kind"), 0) + 1
            result_id = report.get("resultId", result_id)
    except (LspError, OSError, AttributeError) as exc:
        return {"error": str(exc)}
    finally:
        client.close()
    return {
        "pull_p50_ms": rounded(percentile(times, 50)),
        "pull_p95_ms": rounded(percentile(times, 95)),
        "pull_kinds": kinds,
    }


def peer_session(language: str, path: Path, text: str, edits: int, env: dict) -> dict:
    """The same edits through the case's peer server, when it is installed (push: it has no pull)."""
    name = PEERS.get(language)
    if name is None or not node_bin(name).exists():
        return {}
    got = measure(
        [str(node_bin(name)), "--stdio"], path.parent, path, text, language, edits=edits, edit_timeout=30, env=env
    )
    return {
        "peer": name,
        "peer_p50_ms": got.get("edit_p50_ms"),
        "peer_p95_ms": got.get("edit_p95_ms"),
        "peer_error": got.get("error"),
    }


def run(tmp: Path, edits: int, lsp_edits: int, only: list[str] | None = None) -> list[dict]:
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = []
    for case in cases(tmp):
        if only and not any(part.lower() in case["case"].lower() for part in only):
            continue
        print(f"hot files: {case['case']}", file=sys.stderr)
        row = {
            "case": case["case"],
            "language": case["language"],
            "goal_p95_ms": GOALS_MS[case["language"]],
            **in_process(case["language"], case["path"], edits),
        }
        if lsp_edits:
            text = case["path"].read_text("utf-8", "replace")
            lsp = measure(
                server_command(),
                case["path"].parent,
                case["path"],
                text,
                case["language"],
                edits=lsp_edits,
                edit_timeout=30,
                env=env,
            )
            row.update(
                {
                    "lsp_p50_ms": lsp.get("edit_p50_ms"),
                    "lsp_p95_ms": lsp.get("edit_p95_ms"),
                    "lsp_diagnostics": lsp.get("final_diagnostic_count"),
                    "lsp_error": lsp.get("error"),
                }
            )
            row.update(pull_session(case["path"], case["language"], lsp_edits, env))
            row.update(peer_session(case["language"], case["path"], text, lsp_edits, env))
        rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    header = (
        "| case | lines | findings | engine p50 | engine p95 | engine CPU p50 | engine CPU p95 | pull path p50 | pull path p95 "
        "| pull path CPU p50 | pull path CPU p95 | LSP push p50 "
        "| LSP push p95 | LSP pull p50 | LSP pull p95 | goal p95 | met | peer | peer p50 | peer p95 | p95 ratio |"
    )
    lines = ["### Hot files: time per edit (ms; ratio = our LSP p95 / the peer's, < 1 means we are faster)"]
    lines += ["", header, "|---" * 21 + "|"]
    for r in rows:
        p95 = max(r.get("lsp_p95_ms") or 0, r.get("pull_p95_ms") or 0) or r["pull_path_p95_ms"]
        ratio = f"{p95 / r['peer_p95_ms']:.2f}" if r.get("peer_p95_ms") else "-"
        lines.append(
            f"| {r['case']} | {r['lines']} | {r['findings']} | {r['engine_p50_ms']} | {r['engine_p95_ms']} "
            f"| {r['engine_cpu_p50_ms']} | {r['engine_cpu_p95_ms']} "
            f"| {r['pull_path_p50_ms']} | {r['pull_path_p95_ms']} | {r['pull_path_cpu_p50_ms']} "
            f"| {r['pull_path_cpu_p95_ms']} | {r.get('lsp_p50_ms', '-')} "
            f"| {r.get('lsp_p95_ms', '-')} | {r.get('pull_p50_ms', '-')} | {r.get('pull_p95_ms', '-')} "
            f"| {r['goal_p95_ms']} | {'yes' if p95 <= r['goal_p95_ms'] else 'NO'} "
            f"| {r.get('peer', '-')} | {r.get('peer_p50_ms', '-')} | {r.get('peer_p95_ms', '-')} | {ratio} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40, help="in-process versions per case")
    parser.add_argument("--lsp-edits", type=int, default=40, help="0 skips the server sessions")
    parser.add_argument("--case", action="append", help="only the cases whose name holds this (repeatable)")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    data: dict = {"loadavg_before": loadavg(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="ig-hot-") as tmp_name:
        data["cases"] = run(Path(tmp_name), args.edits, args.lsp_edits, args.case)
    finish("hot_files", data, markdown(data["cases"]), keep=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
