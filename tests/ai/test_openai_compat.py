"""The openai-compatible provider against a scripted fake server."""

from __future__ import annotations

import json
import socket

import pytest
from werkzeug.wrappers import Response

from infragenius.ai.openai_compat import OpenAICompatibleProvider
from infragenius.ai.provider import AIBadAnswer, AIError, AIUnavailable

from .conftest import completion, slow, sse, status

MESSAGES = [{"role": "user", "content": "hi"}]
SCHEMA = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}


def provider(fake, **kw) -> OpenAICompatibleProvider:
    kw.setdefault("timeout_s", 5)
    return OpenAICompatibleProvider(fake.base_url, model="fake-model", **kw)


def test_plain_answer_and_request_shape(fake):
    fake.answer("An answer.")
    p = provider(fake, api_key="sk-test-key", headers={"X-Team": "infra"})
    assert p.complete(MESSAGES) == "An answer."
    body = fake.requests[0]
    assert body["model"] == "fake-model" and body["messages"] == MESSAGES and body["temperature"] == 0
    assert "stream" not in body and "response_format" not in body
    assert "Authorization: Bearer sk-test-key" in fake.raw[0] and "X-Team: infra" in fake.raw[0]


def test_streaming_sse_pieces_arrive_in_order(fake):
    fake.answer("Streaming works fine.")
    pieces: list[str] = []
    text = provider(fake).complete(MESSAGES, stream=pieces.append)
    assert text == "Streaming works fine."
    assert pieces == ["Streami", "ng work", "s fine."]
    assert fake.requests[0]["stream"] is True


def test_stream_without_done_marker_ends_cleanly(fake):
    fake.answer(Response(sse(["a", "b"], done=False), content_type="text/event-stream"))
    assert provider(fake).complete(MESSAGES, stream=lambda _: None) == "ab"


def test_malformed_stream_event_is_a_bad_answer(fake):
    fake.answer(Response("data: {not json\n\n", content_type="text/event-stream"))
    with pytest.raises(AIBadAnswer, match="malformed stream event"):
        provider(fake).complete(MESSAGES, stream=lambda _: None)


def test_malformed_body_is_a_bad_answer(fake):
    fake.answer(Response("<html>proxy error</html>", content_type="text/html"))
    with pytest.raises(AIBadAnswer, match="not a chat completion: <html>proxy error</html>"):
        provider(fake).complete(MESSAGES)


def test_wrong_json_shape_is_a_bad_answer(fake):
    fake.answer(Response(json.dumps({"choices": []}), content_type="application/json"))
    with pytest.raises(AIBadAnswer, match="not a chat completion"):
        provider(fake).complete(MESSAGES)


def test_one_retry_on_503_then_success(fake):
    fake.answer(status(503), "recovered")
    assert provider(fake).complete(MESSAGES) == "recovered"
    assert len(fake.requests) == 2


def test_two_failures_give_one_clear_message(fake):
    fake.answer(status(502), status(504))
    with pytest.raises(AIUnavailable) as exc:
        provider(fake).complete(MESSAGES)
    assert str(exc.value).startswith(f"openai-compatible ({fake.base_url}) is unavailable: HTTP 504")
    assert len(fake.requests) == 2


def test_429_with_short_retry_after_is_retried(fake):
    fake.answer(status(429, {"Retry-After": "0"}), "after the wait")
    assert provider(fake).complete(MESSAGES) == "after the wait"


def test_429_with_long_retry_after_is_not_waited_for(fake):
    fake.answer(status(429, {"Retry-After": "120"}), "never asked")
    with pytest.raises(AIUnavailable, match=r"rate limiting requests \(HTTP 429\)"):
        provider(fake).complete(MESSAGES)
    assert len(fake.requests) == 1


def test_400_is_not_retried(fake):
    fake.answer(status(400, body='{"error": {"message": "context too long"}}'))
    with pytest.raises(AIError, match="failed: HTTP 400 context too long"):
        provider(fake).complete(MESSAGES)
    assert len(fake.requests) == 1


def test_bad_key_message(fake):
    fake.answer(status(401))
    with pytest.raises(AIError, match="refused the API key"):
        provider(fake).complete(MESSAGES)


def test_slow_server_times_out_with_a_clear_message(fake):
    fake.answer(slow(1.5))
    with pytest.raises(AIUnavailable, match=r"did not answer within 0.5 s"):
        provider(fake, timeout_s=0.5).complete(MESSAGES)


def test_connection_refused_is_retried_once_then_reported():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    p = OpenAICompatibleProvider(f"http://127.0.0.1:{port}/v1", timeout_s=2)
    with pytest.raises(AIUnavailable, match=r"is unavailable: cannot connect"):
        p.complete(MESSAGES)


def test_structured_output_uses_json_schema_first(fake):
    fake.answer('{"a": "x"}')
    assert provider(fake).complete(MESSAGES, schema=SCHEMA) == '{"a": "x"}'
    fmt = fake.requests[0]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"] == SCHEMA


def test_json_schema_rejected_falls_back_to_json_object_then_text(fake):
    fake.answer(
        status(400, body='{"error": {"message": "response_format json_schema unsupported"}}'),
        status(400, body='{"error": {"message": "response_format unsupported"}}'),
        '{"a": "from text mode"}',
    )
    p = provider(fake)
    assert p.complete(MESSAGES, schema=SCHEMA) == '{"a": "from text mode"}'
    formats = [r.get("response_format", {}).get("type") for r in fake.requests]
    assert formats == ["json_schema", "json_object", None]
    # json_object and text modes carry the schema in the prompt
    for request in fake.requests[1:]:
        assert request["messages"][0]["role"] == "system"
        assert json.dumps(SCHEMA, separators=(",", ":")) in request["messages"][0]["content"]
    # the mode that worked is remembered
    fake.answer('{"a": "again"}')
    p.complete(MESSAGES, schema=SCHEMA)
    assert "response_format" not in fake.requests[-1]


def test_garbage_content_type_in_message(fake):
    fake.answer(Response(json.dumps(completion(None)), content_type="application/json"))  # type: ignore[arg-type]
    with pytest.raises(AIBadAnswer, match="without text content"):
        provider(fake).complete(MESSAGES)
