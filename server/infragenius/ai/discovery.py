"""Local model servers already running on this machine, used when the user configured no AI provider.

Ollama, LM Studio, llama.cpp's server, vLLM and LocalAI users expect the model they already run to be
found. When the user's own settings name none of the keys that decide where requests go (``provider``,
``base-url``, ``model``...), the usual ports are asked for their models: on 127.0.0.1 only, all at once,
within ``BUDGET_S`` in total, with no proxy and no credentials. The best code/instruct model listed wins
(``rank``: the user's ``ai.local-models`` patterns first, then ``FAMILIES`` and sizes); the embedded
model is used only when nothing answers. What was found is kept for the process (for ``EMPTY_TTL_S``
when nothing was, so that a long-running language server picks up a server started later).

A repository's config never reaches this module's decision: trusted or not, a repository that sets a
redirecting key makes the config "configured", and ``local-models`` is read from the user config only.
"""

from __future__ import annotations

import fnmatch
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

import httpx

from ..core.config import AIConfig
from ..core.trust import REDIRECTING

LOOPBACK = "127.0.0.1"  # never anything else: discovery must not send a request off the machine
BUDGET_S = 0.05
EMPTY_TTL_S = 300.0
MAX_BODY_BYTES = 1_000_000


@dataclass(frozen=True)
class LocalServer:
    """A kind of server and where it listens by default; ``paths`` list its models, tried in order."""

    name: str
    port: int
    paths: tuple[str, ...] = ("/v1/models",)


SERVERS: tuple[LocalServer, ...] = (
    LocalServer("Ollama", 11434, ("/api/tags", "/v1/models")),  # /api/tags also gives parameter sizes
    LocalServer("LM Studio", 1234),
    LocalServer("llama.cpp server or LocalAI", 8080),  # both default to 8080
    LocalServer("vLLM", 8000),
)
# ``owned_by`` values that name the server behind a shared port
OWNERS = {"llamacpp": "llama.cpp server", "vllm": "vLLM"}

# Best first: code models, then general instruct models that write code well enough. Matched against the
# model id with separators removed, so "Qwen/Qwen2.5-Coder-7B-Instruct" and "qwen2.5-coder:7b" are alike.
FAMILIES = (
    "qwen3-coder",
    "qwen2.5-coder",
    "devstral",
    "codestral",
    "deepseek-coder-v2",
    "deepseek-coder",
    "yi-coder",
    "opencoder",
    "codegemma",
    "granite-code",
    "starcoder2",
    "codellama",
    "codeqwen",
    "qwen3",
    "qwen2.5",
    "llama3.3",
    "llama3.2",
    "llama3.1",
    "llama3",
    "gemma3",
    "gemma2",
    "phi4",
    "phi3",
    "mistral-nemo",
    "mistral-small",
    "mistral",
    "granite3",
    "smollm2",
)
MAX_PREFERRED_B = 34.0  # bigger models answer too slowly for an editor; used only when nothing smaller is there
UNKNOWN_SIZE_B = 7.0
NOT_CHAT = re.compile(r"embed|rerank|whisper|tts|bge-|clip|minilm", re.IGNORECASE)
_SIZE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*b(?![a-z])", re.IGNORECASE)


@dataclass(frozen=True)
class LocalModel:
    id: str
    params_b: float | None = None  # billions of parameters, when the server or the name says


@dataclass(frozen=True)
class FoundServer:
    name: str
    base_url: str  # the OpenAI-compatible root (ends in /v1)
    models: tuple[LocalModel, ...]


@dataclass(frozen=True)
class Decision:
    """Which provider and model are used, and why, in one sentence."""

    provider: str
    reason: str
    base_url: str | None = None
    model: str | None = None
    server: str | None = None  # the local server's name, when one was found


# -- which model ---------------------------------------------------------------------------------
def rank(model: LocalModel, preferences: tuple[str, ...] = ()) -> tuple:
    """Sort key, best first: the user's patterns, then the family, then the size (largest up to
    ``MAX_PREFERRED_B``), base models after instruct ones."""
    name = model.id.lower()
    preferred = next(
        (i for i, pattern in enumerate(preferences) if fnmatch.fnmatchcase(name, pattern.lower())), len(preferences)
    )
    size = model.params_b or size_from_name(model.id) or UNKNOWN_SIZE_B
    size_key = (0, -size) if size <= MAX_PREFERRED_B else (1, size)
    is_base = bool(re.search(r"[-:_.]base\b|\bbase[-:_.]", name))
    return (preferred, family_rank(model.id), is_base, size_key, model.id)


def family_rank(model_id: str) -> int:
    squashed = _squash(model_id)
    return next((i for i, family in enumerate(FAMILIES) if _squash(family) in squashed), len(FAMILIES))


def size_from_name(model_id: str) -> float | None:
    match = _SIZE.search(model_id.rsplit("/", 1)[-1])
    return float(match.group(1)) if match else None


def best(servers: tuple[FoundServer, ...], preferences: tuple[str, ...] = ()) -> tuple[FoundServer, LocalModel] | None:
    candidates = [(server, model) for server in servers for model in server.models]
    if not candidates:
        return None
    return min(candidates, key=lambda pair: rank(pair[1], preferences))


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", text.lower())


# -- what is running -----------------------------------------------------------------------------
_cache: dict[tuple, tuple[float, tuple[FoundServer, ...]]] = {}
_cache_lock = threading.Lock()


def discover(
    servers: tuple[LocalServer, ...] | None = None, budget_s: float | None = None, refresh: bool = False
) -> tuple[FoundServer, ...]:
    """The local servers that answered, with their chat models (cached; ``refresh`` asks again)."""
    servers = SERVERS if servers is None else servers
    budget_s = BUDGET_S if budget_s is None else budget_s
    key = tuple(servers)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and not refresh and time.monotonic() < hit[0]:
            return hit[1]
        found = _probe_all(servers, budget_s)
        _cache[key] = (time.monotonic() + (EMPTY_TTL_S if not found else float("inf")), found)
        return found


def forget() -> None:
    """Drop what was found (tests; ``ai models`` asks again anyway)."""
    with _cache_lock:
        _cache.clear()


def _probe_all(servers: tuple[LocalServer, ...], budget_s: float) -> tuple[FoundServer, ...]:
    if not servers:
        return ()
    deadline = time.monotonic() + budget_s
    # trust_env=False: no HTTP(S)_PROXY detour, no .netrc credentials, for a request to this machine;
    # verify=False: plain http to 127.0.0.1 needs no certificates (loading them takes most of the budget)
    client = httpx.Client(trust_env=False, verify=False, timeout=httpx.Timeout(budget_s), follow_redirects=False)
    pool = ThreadPoolExecutor(max_workers=len(servers), thread_name_prefix="infragenius-discover")
    try:
        futures = [pool.submit(_probe, client, server, deadline) for server in servers]
        done, _ = wait(futures, timeout=budget_s)
        results = [f.result() for f in futures if f in done and f.exception() is None]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a probe still running ends at its own timeout
    return tuple(_unique(r for r in results if r is not None))


def _unique(found) -> list[FoundServer]:
    """One entry per address: two kinds of server sharing a default port are one server."""
    seen, out = set(), []
    for server in found:
        if server.base_url not in seen:
            seen.add(server.base_url)
            out.append(server)
    return out


def _probe(client: httpx.Client, server: LocalServer, deadline: float) -> FoundServer | None:
    root = f"http://{LOOPBACK}:{server.port}"
    for path in server.paths:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        try:
            response = client.get(root + path, timeout=left)
        except httpx.HTTPError:
            return None  # nothing listens (the usual case), or too slow for the budget
        if response.status_code != 200 or len(response.content) > MAX_BODY_BYTES:
            continue
        try:
            data = response.json()
        except ValueError:
            continue
        parsed = _models(data)
        if parsed is not None:
            models, owner = parsed
            return FoundServer(OWNERS.get(owner, server.name), f"{root}/v1", models)
    return None


def _models(data) -> tuple[tuple[LocalModel, ...], str] | None:
    """Chat models from ``/v1/models`` (``data: [{id, owned_by}]``) or Ollama's ``/api/tags``
    (``models: [{name, details: {parameter_size}}]``); None when it is neither."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("data"), list):
        entries = [e for e in data["data"] if isinstance(e, dict) and isinstance(e.get("id"), str)]
        owner = next((str(e.get("owned_by")) for e in entries if e.get("owned_by")), "")
        return tuple(LocalModel(e["id"]) for e in entries if not NOT_CHAT.search(e["id"])), owner
    if isinstance(data.get("models"), list):
        out = []
        for entry in data["models"]:
            name = entry.get("name") or entry.get("model") if isinstance(entry, dict) else None
            if isinstance(name, str) and not NOT_CHAT.search(name):
                details = entry.get("details") if isinstance(entry.get("details"), dict) else {}
                out.append(LocalModel(name, size_from_name(str(details.get("parameter_size") or ""))))
        return tuple(out), ""
    return None


# -- the decision --------------------------------------------------------------------------------
def configured_keys(config: AIConfig) -> list[str]:
    """The keys deciding where requests go that some settings set (kebab-case)."""
    return sorted(key.replace("_", "-") for key in config.model_fields_set & set(REDIRECTING))


def decide(config: AIConfig, servers: tuple[LocalServer, ...] | None = None) -> Decision:
    """The provider ``config`` leads to: what it names, or, when it names nothing, the best local model."""
    if not config.enabled:
        return Decision("offline", "AI is turned off (ai.enabled = false)")
    keys = configured_keys(config)
    if keys or config.provider != "embedded":
        named = ", ".join(f"ai.{k}" for k in keys) or "ai.provider"
        return Decision(config.provider, f"set in your settings ({named})", config.base_url, config.model)
    found = discover(servers)
    chosen = best(found, user_preferences())
    if chosen is None:
        ports = ", ".join(str(s.port) for s in (SERVERS if servers is None else servers))
        return Decision(
            "embedded",
            f"no AI provider configured and no local model server answered on {LOOPBACK} "
            f"(ports {ports or 'none'}); using the embedded model",
        )
    server, model = chosen
    count = sum(len(s.models) for s in found)
    return Decision(
        "openai-compatible",
        f"no AI provider configured; {model.id} ranks first of {count} model(s) "
        f"found on local servers ({_why_ranked(model)})",
        server.base_url,
        model.id,
        server.name,
    )


def user_preferences() -> tuple[str, ...]:
    """``ai.local-models`` of the user config (never a repository's: it picks where requests go)."""
    from ..core.config import ConfigError
    from ..core.trust import user_ai

    try:
        return tuple(user_ai().local_models)
    except ConfigError:
        return ()  # the unreadable user config is reported where the config is loaded


def _why_ranked(model: LocalModel) -> str:
    preferences = user_preferences()
    if any(fnmatch.fnmatchcase(model.id.lower(), p.lower()) for p in preferences):
        return "matches your ai.local-models"
    index = family_rank(model.id)
    family = f"family {FAMILIES[index]}" if index < len(FAMILIES) else "no known family"
    size = model.params_b or size_from_name(model.id)
    return family + (f", {size:g}B" if size else "")


def local_provider(config: AIConfig):
    """An OpenAI-compatible provider for the best local model, or None (configured, or nothing found)."""
    decision = decide(config)
    if decision.server is None or decision.base_url is None:
        return None
    from .openai_compat import OpenAICompatibleProvider

    return OpenAICompatibleProvider(
        decision.base_url, decision.model, timeout_s=config.timeout_s, label=f"{decision.server} ({decision.base_url})"
    )
