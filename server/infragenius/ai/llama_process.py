"""The embedded model's server process: ``python -m infragenius.ai.llama_process --model FILE.gguf [--lora A.gguf]``.

Runs llama.cpp's OpenAI-compatible server (from ``xllamacpp``) on 127.0.0.1 with a free port, prints
one JSON line ``{"url": "http://127.0.0.1:PORT"}`` (or ``{"error": "..."}``) on stdout, then serves
until its stdin closes: when the parent exits or dies, the pipe closes and this process goes too.
A separate process keeps the model's memory, threads and any native crash out of the editor's server.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="infragenius.ai.llama_process")
    parser.add_argument("--model", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--lora", default=None, help="a LoRA adapter (.gguf) applied to the model")
    args = parser.parse_args(argv)
    try:
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = args.model
        if args.lora:
            adapter = xllamacpp.CommonAdapterLoraInfo()
            adapter.path, adapter.scale = args.lora, 1.0
            params.lora_adapters = [adapter]
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # the OS picks a free port; listening_address tells which
        params.cpuparams.n_threads = args.threads
        params.cpuparams_batch.n_threads = args.threads
        params.n_threads_http = 2
        params.n_ctx = args.ctx
        params.n_parallel = 1
        params.verbosity = 0
        params.warmup = False
        server = xllamacpp.Server(params)
        url = server.listening_address
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line; it turns it into a user message
        _say({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    try:
        _say({"url": url})
    except OSError:
        # The parent died while the model loaded (broken pipe). A normal exit would wait on the model
        # server's native threads forever: leave at once, as after serving.
        os._exit(0)
    try:
        while sys.stdin.buffer.read(4096):  # block until the parent closes the pipe
            pass
    except (OSError, KeyboardInterrupt):
        pass
    sys.stdout.flush()
    os._exit(0)  # skip native destructors: the OS frees the model faster and without surprises


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
