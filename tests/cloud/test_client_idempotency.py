"""The Cloud client (``ai/cloud.py``) sends one Idempotency-Key per logical request and retries with the
same key; against the real service a lost answer is then charged once."""

from __future__ import annotations

import json

import pytest
from werkzeug import Request, Response

from infragenius.ai.cloud import CloudProvider
from infragenius.ai.provider import AIUnavailable

from .conftest import ANSWER, running_cloud, serve

MESSAGES = [{"role": "user", "content": "Explain DF001"}]


def scripted(httpserver, *replies: tuple[int, dict, dict]) -> list[dict]:
    """The service answers ``replies`` in turn (status, JSON body, headers); returns the requests seen."""
    seen: list[dict] = []
    queue = list(replies)

    def handler(request: Request) -> Response:
        seen.append({"key": request.headers.get("Idempotency-Key"), "body": json.loads(request.get_data())})
        status, body, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        return Response(json.dumps(body), status=status, headers=headers, content_type="application/json")

    httpserver.expect_request("/v1/analyses", method="POST").respond_with_handler(handler)
    return seen


def provider(url: str, key: str = "igk_test") -> tuple[CloudProvider, list[float]]:
    client = CloudProvider(url, key, timeout_s=5)
    waits: list[float] = []
    client._sleep = waits.append
    return client, waits


OK = (200, {"id": "a1", "content": "answer"}, {})


@pytest.mark.parametrize("stream", [None, [].append], ids=["json", "stream"])
def test_one_key_per_logical_request_and_the_same_key_on_retry(httpserver, stream):
    seen = scripted(
        httpserver, (503, {"error": "busy"}, {}), (409, {"error": "still running"}, {"Retry-After": "2"}), OK
    )
    client, waits = provider(httpserver.url_for(""))
    assert client.complete(MESSAGES, stream=stream) == "answer"
    keys = [s["key"] for s in seen]
    assert len(keys) == 3 and len(set(keys)) == 1 and len(keys[0]) == 32
    assert seen[0]["body"] == seen[2]["body"]  # the same request each time
    assert waits == [0.25, 2.0]  # backoff, then the service's Retry-After

    assert client.complete(MESSAGES, stream=stream) == "answer"  # the next logical request: a new key
    assert seen[-1]["key"] not in keys
    client.close()


def test_retries_stop_after_three_attempts_with_the_last_answer(httpserver):
    seen = scripted(httpserver, (502, {"error": "the upstream model failed (HTTP 500)"}, {"Retry-After": "60"}))
    client, waits = provider(httpserver.url_for(""))
    with pytest.raises(AIUnavailable, match=r"failed \(HTTP 502\): the upstream model failed"):
        client.complete(MESSAGES)
    assert len(seen) == 3 and len({s["key"] for s in seen}) == 1
    assert waits == [5.0, 5.0]  # a long Retry-After is capped


def test_refusals_are_not_retried(httpserver):
    seen = scripted(httpserver, (402, {"error": "quota"}, {}))
    client, waits = provider(httpserver.url_for(""))
    with pytest.raises(Exception, match="quota"):
        client.complete(MESSAGES)
    assert (len(seen), waits) == (1, [])


def test_a_connection_that_drops_is_retried_with_the_same_key_and_charged_once(sqlite_url):
    """The service answered but the answer was lost on the way (the connection dropped): the retry with
    the same key gets the stored answer, and the analysis is metered once."""
    import httpx

    with running_cloud(sqlite_url) as cloud, serve(cloud.client.app) as base_url:
        key = cloud.account("payg")
        client, _ = provider(base_url, key)
        real_post, calls = client._client.post, []

        def lose_first_answer(*args, **kwargs):
            response = real_post(*args, **kwargs)
            calls.append(kwargs["headers"]["Idempotency-Key"])
            if len(calls) == 1:
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
            return response

        client._client.post = lose_first_answer
        assert client.complete(MESSAGES) == ANSWER
        assert len(calls) == 2 and calls[0] == calls[1]
        assert (cloud.upstream.calls, cloud.usage(key).json()["cost_cents"]) == (1, 10)
        client.close()
