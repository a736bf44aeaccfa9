"""Figures for the embedded model: start-up, time to first token, tokens per second.

Run: ``.venv/bin/python tests/ai/bench_embedded.py`` (not a test: it takes tens of seconds and the
numbers depend on the machine's load, printed alongside).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from infragenius.ai.embedded import EmbeddedProvider, model_threads, unavailable_reason
from infragenius.ai.prompts import build_explain
from infragenius.ai.redact import Redactor

from tests.ai.conftest import dockerfile, finding


def main() -> int:
    reason = unavailable_reason()
    if reason:
        print(f"skipped: {reason}")
        return 0
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; model threads: {model_threads()}")
    provider = EmbeddedProvider(timeout_s=120, max_tokens=64)
    process = provider.process
    started = time.perf_counter()
    process.ensure_started()
    print(f"server start (process + model load): {time.perf_counter() - started:.2f} s")
    doc = dockerfile()
    prompt = build_explain(doc, finding(doc, "DF001"))
    redactor = Redactor()
    real = [{"role": m["role"], "content": redactor.redact(m["content"])} for m in prompt.messages]
    tiny = [{"role": "user", "content": "What does FROM do in a Dockerfile?"}]
    for label, messages in (("tiny prompt", tiny), ("explain prompt (window)", real), ("explain prompt again (prompt cache)", real)):
        first: list[float] = []
        count = [0]

        def on_piece(piece: str, first=first, count=count) -> None:
            count[0] += 1
            if not first:
                first.append(time.perf_counter())

        t0 = time.perf_counter()
        provider.complete(messages, stream=on_piece)
        total = time.perf_counter() - t0
        ttft = first[0] - t0 if first else float("nan")
        rate = (count[0] - 1) / (total - ttft) if count[0] > 1 and total > ttft else float("nan")
        print(f"{label}: time to first token {ttft * 1000:.0f} ms, {count[0]} pieces in {total:.2f} s ({rate:.0f} tok/s)")
    process.stop()
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
