"""AI figures (part of ``make bench``): the embedded model's start-up, time to first token and
tokens/s, and the hover of a diagnostic that has a cached AI explanation, through the real server.

Hover: our server is started with the embedded model (the default provider), "Explain DF001 with AI"
runs once through ``workspace/executeCommand`` (this fills the cache), then the hover on that
diagnostic is asked ``--hovers`` times: p50/p95 from request to response, and each answer must hold
the explanation (a hover without it counts as a miss). The AI cache lives in a temporary directory, so
the first explanation really comes from the model.

Prints a markdown table and saves ``bench/results/ai-<UTC>.json``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from perf_common import ROOT, LspClient, finish, loadavg, percentile, rounded, server_command

from infragenius.ai.embedded import EmbeddedProvider, model_threads, unavailable_reason
from infragenius.ai.prompts import build_explain
from infragenius.ai.redact import Redactor
from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

FIXTURE = ROOT / "fixtures" / "dockerfile" / "Dockerfile.bad"
CODE = "DF001"


def first_finding(document: Document):
    analysis = Engine(Config()).analyse(document, use_cache=False)
    return next(f for f in analysis.findings if f.code == CODE)


# -- the model alone -------------------------------------------------------------------------------
def model_figures(max_tokens: int) -> dict:
    """Start the embedded model server, then stream three prompts: a tiny one, the explain prompt,
    and the explain prompt again (llama.cpp's prompt cache)."""
    provider = EmbeddedProvider(timeout_s=180, max_tokens=max_tokens, shared=False)  # a cold start, measured
    started = time.perf_counter()
    provider.process.ensure_started()
    out: dict = {"threads": model_threads(), "start_s": round(time.perf_counter() - started, 2), "prompts": []}
    document = Document.from_path(FIXTURE, FIXTURE.read_text("utf-8"), "dockerfile")
    redactor = Redactor()
    explain = [
        {"role": m["role"], "content": redactor.redact(m["content"])}
        for m in build_explain(document, first_finding(document)).messages
    ]
    tiny = [{"role": "user", "content": "What does FROM do in a Dockerfile?"}]
    try:
        for label, messages in (("tiny", tiny), ("explain", explain), ("explain, prompt cached", explain)):
            out["prompts"].append({"prompt": label, **_stream(provider, messages)})
    finally:
        provider.process.stop()
    return out


def _stream(provider: EmbeddedProvider, messages: list[dict]) -> dict:
    first: list[float] = []
    pieces = [0]

    def on_piece(_piece: str) -> None:
        pieces[0] += 1
        if not first:
            first.append(time.perf_counter())

    t0 = time.perf_counter()
    provider.complete(messages, stream=on_piece)
    total = time.perf_counter() - t0
    ttft = first[0] - t0 if first else None
    rate = (pieces[0] - 1) / (total - ttft) if ttft is not None and pieces[0] > 1 and total > ttft else None
    return {
        "ttft_ms": rounded(ttft * 1000 if ttft is not None else None, 0),
        "pieces": pieces[0],
        "total_s": round(total, 2),
        "tokens_per_s": rounded(rate, 1),
    }


# -- cached explanation in the hover ---------------------------------------------------------------
def hover_figures(hovers: int, tmp: Path) -> dict:
    workspace = tmp / "ws"
    workspace.mkdir()
    target = workspace / "Dockerfile"
    shutil.copyfile(FIXTURE, target)
    text = target.read_text("utf-8")
    finding = first_finding(Document.from_path(target, text, "dockerfile"))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp / "cache"), "XDG_CONFIG_HOME": str(tmp / "config")}
    client = LspClient(server_command(), cwd=workspace, env=env)
    try:
        client.initialize(workspace)
        uri = target.resolve().as_uri()
        client.wait_diagnostics(uri, 1, client.did_open(uri, text, "dockerfile"), timeout=60)
        position = {"line": finding.range.start.line, "character": finding.range.start.column}
        command = _explain_command(client, uri, finding)
        if command is None:
            return {"error": f"no 'Explain {CODE} with AI' code action"}
        started = time.perf_counter()
        explained = client.request(
            "workspace/executeCommand",
            {"command": command["command"], "arguments": command.get("arguments", [])},
            timeout=300,
        )
        explain_s = time.perf_counter() - started
        if not explained or not explained.get("markdown"):
            return {"error": f"explain returned {explained!r}"}
        times, misses = [], 0
        for _ in range(hovers):
            t0 = time.perf_counter()
            answer = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
            times.append((time.perf_counter() - t0) * 1000)
            value = ((answer or {}).get("contents") or {}).get("value", "")
            misses += f"AI explanation ({CODE})" not in value
        return {
            "explain_s": round(explain_s, 2),
            "provider": explained.get("provider"),
            "hovers": hovers,
            "without_explanation": misses,
            "hover_p50_ms": rounded(median(times), 2),
            "hover_p95_ms": rounded(percentile(times, 95), 2),
        }
    finally:
        client.close()


def _explain_command(client: LspClient, uri: str, finding) -> dict | None:
    """The command of the "Explain CODE with AI" code action, as an editor would run it."""
    rng = _lsp_range(finding.range)
    actions = (
        client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": rng,
                "context": {
                    "diagnostics": [{"range": rng, "code": CODE, "source": "infragenius", "message": finding.message}]
                },
            },
        )
        or []
    )
    for action in actions:
        if action.get("title") == f"Explain {CODE} with AI" and action.get("command"):
            return action["command"]
    return None


def _lsp_range(rng) -> dict:
    return {
        "start": {"line": rng.start.line, "character": rng.start.column},
        "end": {"line": rng.end.line, "character": rng.end.column},
    }


def markdown(data: dict) -> str:
    lines = ["### AI", ""]
    if data.get("skipped"):
        return "\n".join([*lines, f"skipped: {data['skipped']}"])
    model = data["model"]
    lines += [
        f"Embedded model ({model['threads']} threads): server start {model['start_s']} s",
        "",
        "| prompt | time to first token ms | pieces | total s | tokens/s |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {p['prompt']} | {p['ttft_ms']} | {p['pieces']} | {p['total_s']} | {p['tokens_per_s']} |"
        for p in model["prompts"]
    ]
    hover = data["hover"]
    if "error" in hover:
        lines += ["", f"Hover with a cached explanation: error: {hover['error']}"]
    else:
        lines += [
            "",
            (
                f"Hover with a cached explanation ({hover['provider']}; first explanation {hover['explain_s']} s): "
                f"p50 {hover['hover_p50_ms']} ms, p95 {hover['hover_p95_ms']} ms over {hover['hovers']} hovers, "
                f"{hover['without_explanation']} without the explanation"
            ),
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hovers", type=int, default=100)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    data: dict = {"loadavg_before": loadavg(), "cpus": os.cpu_count()}
    reason = unavailable_reason()
    if reason:
        data["skipped"] = reason
    else:
        data["model"] = model_figures(args.max_tokens)
        with tempfile.TemporaryDirectory(prefix="ig-ai-bench-") as tmp:
            data["hover"] = hover_figures(args.hovers, Path(tmp))
    finish("ai", data, markdown(data), keep=not args.no_save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
