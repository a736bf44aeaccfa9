"""The embedded model's server process: ``python -m infragenius.ai.llama_process --model FILE.gguf [--lora A.gguf]``.

Runs llama.cpp's OpenAI-compatible server (from ``xllamacpp``) on 127.0.0.1 with a free port, prints
one JSON line ``{"url": "http://127.0.0.1:PORT"}`` (or ``{"error": "..."}``) on stdout, then serves
until its stdin closes: when the parent exits or dies, the pipe closes and this process goes too.
With ``--state FILE`` it is the shared model instead (see ``daemon``): it demands a fresh token,
publishes ``{"url", "token", "pid"}`` in FILE (0600), says the same line, and serves until nobody has
renewed its lease for ``--idle`` seconds, whoever started it.
A separate process keeps the model's memory, threads and any native crash out of the editor's server.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from . import daemon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="infragenius.ai.llama_process")
    parser.add_argument("--model", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--lora", default=None, help="a LoRA adapter (.gguf) applied to the model")
    parser.add_argument("--batch-threads", type=int, default=None, help="threads for reading the prompt")
    parser.add_argument("--state", default=None, help="serve as the shared model and publish here")
    parser.add_argument("--idle", type=float, default=300.0, help="with --state: seconds unused before leaving")
    args = parser.parse_args(argv)
    token = daemon.new_token() if args.state else None
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
        params.cpuparams_batch.n_threads = args.batch_threads or args.threads
        if token:
            params.api_keys = [token]  # other local users can reach the port, not use the model
        params.n_threads_http = 2
        params.n_ctx = args.ctx
        params.n_parallel = 1
        params.verbosity = 0
        params.warmup = False
        server = xllamacpp.Server(params)
        url = server.listening_address
        read_the_system_prompt(server)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line; it turns it into a user message
        _say({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    if args.state:
        return _serve_shared(Path(args.state), url, token, args.model, args.idle)
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


def _serve_shared(state: Path, url: str, token: str, model: str, idle_s: float) -> int:
    daemon.publish(state, url, token, Path(model).name)
    with contextlib.suppress(OSError):
        _say({"url": url, "token": token})
    # the starter reads one line and goes: nothing more is written to its pipe
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    daemon.serve_until_idle(state, token, idle_s)
    os._exit(0)


def read_the_system_prompt(server) -> None:
    """Read the system prompt every request starts with before the address is given: llama.cpp keeps it
    (cache_prompt), so the first request reads only what follows it. The first call waits the same (it
    would have read those tokens), a language server that starts the model early saves it: measured on
    the 2-core dev machine at load 2, first token of the first tiny explain 1.74-1.79 s without it, 1.30-1.34 s
    with it (78 of 301 tokens already read)."""
    from .prompts import SYSTEM

    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": ""}]
    with contextlib.suppress(Exception):  # a model that cannot answer says so to the first real request
        server.handle_chat_completions({"messages": messages, "max_tokens": 1, "cache_prompt": True})


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
