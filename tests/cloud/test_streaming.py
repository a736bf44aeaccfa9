"""Streamed analyses: ``POST /v1/analyses`` with ``"stream": true`` forwards the upstream's own SSE stream
as ``delta`` events and meters once at the end; an upstream that fails or breaks off mid-stream gets an
``error`` event and charges nothing; idempotent retries replay. Both sides: the service (with the fake
upstream, and with the real ``Upstream`` client against a fake OpenAI-compatible server) and the client
(``CloudProvider.complete(..., stream=callback)``)."""

from __future__ import annotations

import json
import threading
import time

import pytest

from infragenius.ai.cloud import CloudProvider
from infragenius.ai.provider import AICancelled, AIError, AIUnavailable
from infragenius.cloud.upstream import Upstream, UpstreamError

from .conftest import ANSWER, PIECES, running_cloud, serve

BODY = {
    "prompt_version": "1",
    "task": "explain",
    "messages": [{"role": "user", "content": "Explain DL3007"}],
    "client": "tests",
    "stream": True,
}


def stream(cloud, key: str, idem: str | None = None, **body):
    headers = {"Authorization": f"Bearer {key}"}
    if idem:
        headers["Idempotency-Key"] = idem
    return cloud.client.post("/v1/analyses", json={**BODY, **body}, headers=headers)


def events(response) -> list[dict]:
    assert response.headers["content-type"].startswith("text/event-stream")
    return [json.loads(line[5:]) for line in response.text.splitlines() if line.startswith("data:")]


def analyses_rows(cloud) -> list[tuple[str, int]]:
    from sqlalchemy import select

    from infragenius.cloud.models import Analysis

    with cloud.database.session() as session:
        return [(r.status, r.cost_cents) for r in session.scalars(select(Analysis))]


# -- the service -----------------------------------------------------------------------------------------


def test_stream_forwards_the_pieces_then_one_metered_done_event(cloud):
    key = cloud.account("payg")
    response = stream(cloud, key)
    assert response.status_code == 200
    *deltas, done = events(response)
    assert deltas == [{"delta": p} for p in PIECES]
    assert done == {
        "done": True,
        "id": done["id"],
        "model": "fake-model",
        "tier": "payg",
        "usage": {"tokens_in": 12, "tokens_out": 7, "cost_cents": 10},
    }
    assert analyses_rows(cloud) == [("done", 10)]
    usage = cloud.usage(key).json()
    assert (usage["analyses"], usage["cost_cents"]) == (1, 10)


def test_upstream_failing_mid_stream_sends_an_error_event_and_charges_nothing(cloud):
    key = cloud.account("payg")
    cloud.upstream.fail_mid_stream = UpstreamError(502, "the upstream model's stream broke off (ReadError)")
    events_ = events(stream(cloud, key, idem="mid"))
    assert events_ == [
        {"delta": PIECES[0]},
        {"error": "the upstream model's stream broke off (ReadError)", "status": 502},
    ]
    assert analyses_rows(cloud) == []
    assert cloud.usage(key).json()["cost_cents"] == 0
    cloud.upstream.fail_mid_stream = None  # released at once: the retry runs (no 409) and is charged once
    assert events(stream(cloud, key, idem="mid"))[-1]["done"] is True
    assert analyses_rows(cloud) == [("done", 10)]


def test_upstream_failing_before_the_stream_starts_keeps_its_status(cloud):
    key = cloud.account("payg")
    cloud.upstream.fail = UpstreamError(504, "the upstream model did not answer in time")
    response = stream(cloud, key)
    assert (response.status_code, response.json()) == (504, {"error": "the upstream model did not answer in time"})
    assert analyses_rows(cloud) == []


def test_refusals_are_plain_http_errors_before_any_stream(database_url):
    with running_cloud(database_url, monthly_quota={"professional": 1}) as cloud:
        community = stream(cloud, cloud.account("community"))
        assert community.status_code == 403 and "does not include hosted AI" in community.json()["error"]
        pro = cloud.account("professional")
        assert stream(cloud, pro).status_code == 200
        exhausted = stream(cloud, pro)
        assert (exhausted.status_code, exhausted.json()) == (
            402,
            {"error": "the monthly quota of 1 analyses is used up"},
        )
        assert cloud.upstream.calls == 1


def test_idempotent_retry_of_a_stream_replays_it_free_of_charge(cloud):
    key = cloud.account("payg")
    first = events(stream(cloud, key, idem="s-1"))
    again = events(stream(cloud, key, idem="s-1"))
    assert again == [{"delta": ANSWER}, first[-1]]  # the stored answer in one piece, the same id and usage
    as_json = cloud.analyse(key, "Explain DL3007", idem="s-1").json()  # a non-streamed retry: the same analysis
    assert (as_json["id"], as_json["content"]) == (first[-1]["id"], ANSWER)
    assert cloud.upstream.calls == 1
    assert cloud.usage(key).json()["cost_cents"] == 10


def test_streamed_enterprise_analyses_are_audited_like_the_others(cloud):
    from sqlalchemy import select

    from infragenius.cloud.models import AuditEntry

    key = cloud.account("enterprise", email="ops@corp.example")
    assert events(stream(cloud, key, task="review"))[-1]["done"] is True
    cloud.upstream.fail_mid_stream = UpstreamError(504, "the upstream model stopped answering in time")
    assert events(stream(cloud, key))[-1]["status"] == 504
    with cloud.database.session() as session:
        rows = [(e.kind, e.status) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert rows == [("review", 200), ("explain", 504)]


# -- the real upstream client against an OpenAI-compatible stream -------------------------------------


def test_upstream_forwards_the_openai_stream_and_reads_usage(fake_openai):
    upstream = Upstream(fake_openai.base_url, "m1", None, timeout_s=5, extra_body={"repeat_penalty": 1.1})
    try:
        answer_stream = upstream.stream([{"role": "user", "content": "x"}], None)
        assert list(answer_stream) == PIECES
        answer = answer_stream.answer
        assert (answer.content, answer.model, answer.tokens_in, answer.tokens_out) == (ANSWER, "fake-llm", 9, 3)
        (sent,) = fake_openai.requests
        assert (sent["stream"], sent["stream_options"], sent["repeat_penalty"]) == (True, {"include_usage": True}, 1.1)
    finally:
        upstream.close()


@pytest.mark.parametrize(
    "truncate, message", [("eof", "ended before the answer was complete"), ("abort", "stream broke off")]
)
def test_upstream_truncated_stream_is_an_error_not_a_short_answer(fake_openai, truncate, message):
    fake_openai.truncate = truncate
    upstream = Upstream(fake_openai.base_url, "m1", None, timeout_s=5)
    try:
        answer_stream = upstream.stream([{"role": "user", "content": "x"}], None)
        received: list[str] = []
        with pytest.raises(UpstreamError, match=message) as failed:
            received.extend(answer_stream)
        assert (failed.value.status, received, answer_stream.answer) == (502, PIECES[:1], None)
    finally:
        upstream.close()


def test_upstream_refusing_the_stream_fails_before_it_opens(httpserver):
    httpserver.expect_oneshot_request("/v1/chat/completions").respond_with_data("busy", status=503)
    upstream = Upstream(httpserver.url_for("/v1"), "m1", None, timeout_s=5)
    with pytest.raises(UpstreamError, match=r"HTTP 503") as failed:
        upstream.stream([{"role": "user", "content": "x"}], None)
    assert failed.value.status == 502
    upstream.close()


# -- end to end: client -> service -> real Upstream -> fake OpenAI server -----------------------------


@pytest.fixture
def chain(sqlite_url, fake_openai):
    """The service on 127.0.0.1 with the real upstream client pointed at the fake OpenAI server."""
    upstream = Upstream(fake_openai.base_url, "fake-llm", None, timeout_s=5)
    with running_cloud(sqlite_url, upstream=upstream) as cloud, serve(cloud.client.app) as base_url:
        cloud.base_url, cloud.fake = base_url, fake_openai
        yield cloud
    upstream.close()


def test_client_streams_through_the_service(chain):
    key = chain.account("payg")
    provider = CloudProvider(chain.base_url, key, timeout_s=10)
    pieces: list[str] = []
    try:
        assert provider.complete([{"role": "user", "content": "Why pin?"}], stream=pieces.append) == ANSWER
    finally:
        provider.close()
    assert pieces == PIECES
    assert chain.fake.requests[-1]["stream"] is True
    usage = chain.usage(key).json()
    assert (usage["analyses"], usage["cost_cents"], usage["tokens"]) == (1, 10, 12)


@pytest.mark.parametrize("truncate", ["eof", "abort"])
def test_client_reports_a_truncated_upstream_stream_and_nothing_is_charged(chain, truncate):
    chain.fake.truncate = truncate
    key = chain.account("payg")
    provider = CloudProvider(chain.base_url, key, timeout_s=10)
    pieces: list[str] = []
    with pytest.raises(AIUnavailable, match=r"failed while answering \(HTTP 502\): the upstream model's stream"):
        provider.complete([{"role": "user", "content": "Why pin?"}], stream=pieces.append)
    provider.close()
    assert pieces == PIECES[:1]
    assert analyses_rows(chain) == []
    assert chain.usage(key).json()["cost_cents"] == 0


def test_structured_requests_are_not_streamed(chain):
    key = chain.account("payg")
    provider = CloudProvider(chain.base_url, key, timeout_s=10)
    pieces: list[str] = []
    assert (
        provider.complete([{"role": "user", "content": "fix"}], schema={"type": "object"}, stream=pieces.append)
        == ANSWER
    )
    provider.close()
    assert pieces == [ANSWER]  # the whole answer at once
    assert "stream" not in chain.fake.requests[-1]
    assert chain.fake.requests[-1]["response_format"]["type"] == "json_schema"


class HeldUpstream:
    """A FakeUpstream whose stream waits for ``hold`` before its piece number ``at`` (``len(PIECES)``: after
    the last piece, before the upstream's end), then finishes, or fails with ``fail``."""

    def __init__(self, at: int, fail: UpstreamError | None = None) -> None:
        from .conftest import FakeUpstream

        self.inner, self.at, self.fail = FakeUpstream(), at, fail
        self.hold = threading.Event()

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def stream(self, messages, schema):
        inner, held = self.inner.stream(messages, schema), self

        class Held:
            answer = None

            def __iter__(self):
                pieces = iter(inner)
                for n in range(len(PIECES) + 1):
                    if n == held.at:
                        held.hold.wait(5)
                        if held.fail is not None:
                            raise held.fail
                    piece = next(pieces, None)
                    if piece is None:
                        break
                    yield piece
                self.answer = inner.answer

            def close(self):
                inner.close()

        return Held()


def _leave_after(base_url: str, key: str, pieces: int, idem: str) -> list[str]:
    """A client that reads ``pieces`` deltas and hangs up (no ``done`` read)."""
    import httpx

    got = []
    with (
        httpx.Client(timeout=10) as client,
        client.stream(
            "POST",
            f"{base_url}/v1/analyses",
            json=BODY,
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idem},
        ) as response,
    ):
        for line in response.iter_lines():
            if line.startswith("data:"):
                got.append(json.loads(line[5:])["delta"])
                if len(got) == pieces:
                    break
    return got


def _wait_for_rows(cloud, expected, timeout_s: float = 5.0):
    deadline = time.monotonic() + timeout_s
    while analyses_rows(cloud) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return analyses_rows(cloud)


def test_a_client_that_hangs_up_before_done_is_charged_once_the_upstream_answered(sqlite_url):
    """The attack: read every delta, hang up before the ``done`` event. The upstream answered (and cost):
    metered, and a retry with the same Idempotency-Key replays the answer free."""
    upstream = HeldUpstream(at=len(PIECES))
    with running_cloud(sqlite_url, upstream=upstream) as cloud, serve(cloud.client.app) as base_url:
        key = cloud.account("payg")
        assert _leave_after(base_url, key, len(PIECES), "hang-up-1") == PIECES
        upstream.hold.set()
        assert _wait_for_rows(cloud, [("done", 10)]) == [("done", 10)]
        replay = events(stream(cloud, key, idem="hang-up-1"))
        assert replay[0] == {"delta": ANSWER} and replay[-1]["done"] is True
        assert (upstream.calls, cloud.usage(key).json()["cost_cents"]) == (1, 10)


def test_a_client_that_goes_away_mid_stream_is_charged_when_the_upstream_finishes(sqlite_url):
    """The editor cancels after the first piece: the upstream goes on answering; the service reads it to
    the end and meters it once (cancelling does not make an answer free)."""
    upstream = HeldUpstream(at=1)
    with running_cloud(sqlite_url, upstream=upstream) as cloud, serve(cloud.client.app) as base_url:
        key = cloud.account("payg")
        provider = CloudProvider(base_url, key, timeout_s=10)

        def cancel(_piece: str) -> None:
            raise AICancelled("cancelled by the editor")

        with pytest.raises(AICancelled):
            provider.complete([{"role": "user", "content": "x"}], stream=cancel)
        provider.close()
        upstream.hold.set()  # the upstream goes on; the service finds the client gone at its next write
        assert _wait_for_rows(cloud, [("done", 10)]) == [("done", 10)]
        assert upstream.calls == 1


def test_a_client_gone_and_an_upstream_that_then_fails_charge_nothing(sqlite_url):
    upstream = HeldUpstream(at=1, fail=UpstreamError(502, "the upstream model's stream broke off (ReadError)"))
    with running_cloud(sqlite_url, upstream=upstream) as cloud, serve(cloud.client.app) as base_url:
        key = cloud.account("payg")
        assert _leave_after(base_url, key, 1, "gone-1") == PIECES[:1]
        upstream.hold.set()
        time.sleep(0.3)
        assert _wait_for_rows(cloud, []) == []  # released: the same key is free again
        assert events(stream(cloud, key, idem="gone-1"))[-1]["error"].startswith("the upstream model")
        assert cloud.usage(key).json()["cost_cents"] == 0


# -- the client against a scripted service ------------------------------------------------------------


def _sse(*events: dict) -> str:
    return "".join(f"data: {json.dumps(e)}\n\n" for e in events)


@pytest.mark.parametrize(
    "body, content_type, expected",
    [
        (_sse({"delta": "a"}, {"delta": "b"}), "text/event-stream", r"stream ended before it was complete"),
        (
            _sse({"delta": "a"}, {"error": "the upstream model did not answer in time", "status": 504}),
            "text/event-stream",
            r"failed while answering \(HTTP 504\): the upstream model did not answer in time",
        ),
        ("data: {not json\n\n", "text/event-stream", r"malformed stream event"),
    ],
)
def test_client_rejects_incomplete_or_failed_streams(httpserver, body, content_type, expected):
    httpserver.expect_oneshot_request("/v1/analyses", method="POST").respond_with_data(body, content_type=content_type)
    provider = CloudProvider(httpserver.url_for(""), "igk_x", timeout_s=5)
    with pytest.raises(AIError, match=expected):
        provider.complete([{"role": "user", "content": "x"}], stream=lambda _p: None)
    provider.close()
    sent = httpserver.log[-1][0]
    assert (sent.json["stream"], sent.headers["Accept"]) == (True, "text/event-stream")


def test_client_maps_refusals_of_a_stream_and_accepts_a_json_answer(httpserver):
    httpserver.expect_oneshot_request("/v1/analyses").respond_with_json(
        {"error": "the monthly quota of 5000 analyses is used up"}, status=402
    )
    httpserver.expect_oneshot_request("/v1/analyses").respond_with_json({"id": "a1", "content": "whole"})
    provider = CloudProvider(httpserver.url_for(""), "igk_x", timeout_s=5)
    with pytest.raises(AIError, match=r"the monthly quota is used up \(HTTP 402\): the monthly quota of 5000"):
        provider.complete([{"role": "user", "content": "x"}], stream=lambda _p: None)
    pieces: list[str] = []
    assert provider.complete([{"role": "user", "content": "x"}], stream=pieces.append) == "whole"
    assert pieces == ["whole"]  # a service that does not stream: the whole answer, once
    provider.close()


def test_a_local_servers_model_path_is_reported_as_its_file_name():
    from infragenius.cloud.upstream import _model_name

    assert _model_name("/srv/models/SmolLM2-135M-Instruct.Q4_1.gguf", "default") == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert _model_name("meta-llama/Llama-3.1-8B-Instruct", "default") == "meta-llama/Llama-3.1-8B-Instruct"
    assert _model_name(None, "default") == "default"
