"""Idempotency keys, answer retention and reservations: a key reused for another request is a 422; answer
text is kept for the idempotency window only; a NUL in the model's answer is removed before it is stored;
a reservation is released on every error path. Runs on SQLite and, when it can start, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from infragenius.cloud import metering
from infragenius.cloud.upstream import Answer

from .conftest import FakeUpstream, running_cloud


def rows(cloud) -> list[tuple]:
    from sqlalchemy import select

    from infragenius.cloud.models import Analysis

    with cloud.database.session() as session:
        return [
            (r.status, r.cost_cents, r.content, r.request_id is not None)
            for r in session.scalars(select(Analysis).order_by(Analysis.created_at))
        ]


def streamed(cloud, key: str, text: str, idem: str) -> list[dict]:
    body = {
        "prompt_version": "1",
        "task": "explain",
        "messages": [{"role": "user", "content": text}],
        "client": "tests",
        "stream": True,
    }
    response = cloud.client.post(
        "/v1/analyses", json=body, headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idem}
    )
    return [json.loads(line[5:]) for line in response.text.splitlines() if line.startswith("data:")]


def test_a_reused_idempotency_key_with_another_body_is_422(cloud):
    key = cloud.account("payg")
    assert cloud.analyse(key, "Explain DF001", idem="k-1").status_code == 200
    other = cloud.analyse(key, "Explain DF002", idem="k-1")
    assert (other.status_code, other.json()) == (
        422,
        {"error": "this Idempotency-Key was already used for a different request"},
    )
    assert cloud.analyse(key, "Explain DF001", idem="k-1", task="fix").status_code == 422  # the task is the request too
    assert cloud.analyse(key, "Explain DF001", idem="k-1").status_code == 200  # the real retry replays
    assert (cloud.upstream.calls, cloud.usage(key).json()["cost_cents"]) == (1, 10)


class NulUpstream(FakeUpstream):
    """A model that answers with NUL characters (PostgreSQL text cannot hold them)."""

    def complete(self, messages, schema):
        super().complete(messages, schema)
        return Answer(content="Pin\x00 the image\x00.", model="nul\x00model", tokens_in=1, tokens_out=1, latency_ms=1)

    def stream(self, messages, schema):
        inner = super().stream(messages, schema)

        class Stream:
            answer = None

            def __iter__(self):
                yield from ("Pin\x00 the ", "image\x00.")
                self.answer = Answer(
                    content="Pin\x00 the image\x00.", model="nul-model", tokens_in=1, tokens_out=1, latency_ms=1
                )

            def close(self):
                inner.close()

        return Stream()


def test_nul_characters_in_the_answer_are_removed_before_they_are_stored(database_url):
    with running_cloud(database_url, upstream=NulUpstream()) as cloud:
        key = cloud.account("payg")
        answer = cloud.analyse(key, idem="nul-1")
        assert (answer.status_code, answer.json()["content"], answer.json()["model"]) == (
            200,
            "Pin the image.",
            "nulmodel",
        )
        events = streamed(cloud, key, "stream it", "nul-2")
        assert [e.get("delta") for e in events[:-1]] == ["Pin the ", "image."] and events[-1]["done"] is True
        assert rows(cloud) == [("done", 10, "Pin the image.", True)] * 2
        assert cloud.analyse(key, idem="nul-1").json()["content"] == "Pin the image."  # the replay too


def test_a_failure_to_record_releases_the_reservation(cloud, monkeypatch):
    """The database refuses the answer (as PostgreSQL did for a NUL): a clear 500, nothing charged, nothing
    left pending, and the same Idempotency-Key works at once when the database is well again."""
    key = cloud.account("payg")

    def refuse(*args, **kwargs):
        raise RuntimeError("A string literal cannot contain NUL (0x00) characters.")

    monkeypatch.setattr(metering, "complete", refuse)
    failed = cloud.analyse(key, idem="db-1")
    assert (failed.status_code, failed.json()) == (
        500,
        {"error": "the analysis could not be recorded; nothing was charged"},
    )
    assert streamed(cloud, key, "Explain DL3007 in FROM ubuntu:latest", "db-1")[-1] == {
        "error": "the analysis could not be recorded; nothing was charged",
        "status": 500,
    }
    assert rows(cloud) == []
    monkeypatch.undo()
    assert cloud.analyse(key, idem="db-1").status_code == 200
    assert rows(cloud) == [("done", 10, "Pin the base image to a digest.", True)]


def test_a_failure_before_the_upstream_releases_the_reservation(sqlite_url, monkeypatch):
    from infragenius.cloud import app as app_module

    def broken(messages):
        raise RuntimeError("redactor bug")

    with running_cloud(sqlite_url) as cloud:
        key = cloud.account("payg")
        monkeypatch.setattr(app_module, "_redacted", broken)
        for send in (lambda: cloud.analyse(key, idem="r-1"), lambda: streamed(cloud, key, "x", "r-2")):
            with pytest.raises(RuntimeError, match="redactor bug"):
                send()
        assert rows(cloud) == [] and cloud.upstream.calls == 0


def _age_all(cloud, hours: float) -> None:
    from sqlalchemy import update

    from infragenius.cloud.models import Analysis, now

    with cloud.database.session() as session:
        session.execute(update(Analysis).values(created_at=now() - dt.timedelta(hours=hours)))


def test_answer_text_is_kept_for_the_idempotency_window_only(database_url):
    with running_cloud(database_url, answer_retention_hours=24) as cloud:
        key = cloud.account("payg")
        assert cloud.analyse(key, "Explain DF001", idem="old-1").status_code == 200
        assert cloud.analyse(key, "Explain DF002", idem="old-2").status_code == 200
        _age_all(cloud, 23)
        assert cloud.analyse(key, "Explain DF001", idem="old-1").status_code == 200  # within the window: a replay
        assert cloud.upstream.calls == 2

        _age_all(cloud, 25)
        cloud.client.app.state.answers_forgotten_at = 0.0  # the next request runs the (once a minute) clean-up
        assert cloud.analyse(key, "Explain DF003", idem="new-1").status_code == 200
        assert rows(cloud)[:2] == [("done", 10, "", False)] * 2  # usage stays, text and key are gone
        assert cloud.usage(key).json()["analyses"] == 3

        # Past the window the key is forgotten: the same key is a new request (answered and charged again).
        assert cloud.analyse(key, "Explain DF001", idem="old-1").status_code == 200
        assert cloud.upstream.calls == 4


def test_an_old_answer_is_not_replayed_even_before_the_clean_up_ran(sqlite_url):
    with running_cloud(sqlite_url, answer_retention_hours=1) as cloud:
        key = cloud.account("payg")
        assert cloud.analyse(key, "Explain DF001", idem="k").status_code == 200
        _age_all(cloud, 2)
        cloud.client.app.state.answers_forgotten_at = 1e18  # the periodic clean-up is not due
        assert cloud.analyse(key, "Explain DF001", idem="k").status_code == 200
        assert cloud.upstream.calls == 2
        assert [r[2] != "" for r in rows(cloud)] == [False, True]


async def test_a_stream_whose_client_left_before_the_first_byte_is_still_settled():
    """The response fails at its very first send: the events never start, and the reservation is settled
    all the same (here: the finish callback runs once)."""
    from starlette.requests import ClientDisconnect

    from infragenius.cloud.app import EventStream

    started, finished = [], []

    async def events():
        started.append(True)
        yield "data: {}\n\n"

    async def finish():
        finished.append(True)

    async def gone(message):
        raise OSError("the client went away")

    async def receive():
        return {"type": "http.disconnect"}

    scope = {"type": "http", "asgi": {"spec_version": "2.4"}}
    with pytest.raises((ClientDisconnect, OSError)):
        await EventStream(events(), finish)(scope, receive, gone)
    assert (started, finished) == ([], [True])
