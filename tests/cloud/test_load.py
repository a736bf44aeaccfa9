"""Bounded load test on loopback: uvicorn on 127.0.0.1 with a fake upstream, 200 concurrent analyses.
Metering must be exactly once: no row lost, none double-counted; duplicate Idempotency-Keys fired at the
same moment go upstream once and are charged once; concurrent requests cannot overrun a quota."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict

import httpx

from .conftest import FakeUpstream, running_cloud, serve

CONCURRENCY = 200


async def fire(base_url: str, jobs: list[tuple[str, str]]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:

        async def one(key: str, idem: str) -> httpx.Response:
            body = {"task": "explain", "messages": [{"role": "user", "content": f"explain {idem}"}]}
            return await client.post(
                "/v1/analyses", json=body, headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idem}
            )

        return await asyncio.gather(*(one(key, idem) for key, idem in jobs))


def test_200_concurrent_requests_are_metered_exactly_once(database_url, capsys):
    with running_cloud(database_url, FakeUpstream(delay_s=0.005), rate_limit_per_minute=10_000) as cloud:
        keys = [cloud.account("payg") for _ in range(4)]
        with serve(cloud.client.app) as base_url:
            unique = [(keys[i % 4], f"u-{i}") for i in range(CONCURRENCY)]
            started = time.perf_counter()
            responses = asyncio.run(fire(base_url, unique))
            unique_s = time.perf_counter() - started
            assert [r.status_code for r in responses] == [200] * CONCURRENCY

            # 50 keys, each sent 4 times at once (a client retrying while the first is in flight): one
            # goes upstream; the others get its answer, or 409 while it is still running.
            duplicates = [(keys[i % 4], f"d-{i}") for i in range(50)] * 4
            started = time.perf_counter()
            responses = asyncio.run(fire(base_url, duplicates))
            dup_s = time.perf_counter() - started
            ids: dict[str, set] = defaultdict(set)
            for (_, idem), response in zip(duplicates, responses):
                assert response.status_code in (200, 409)
                if response.status_code == 200:
                    ids[idem].add(response.json()["id"])
                else:
                    assert response.headers["Retry-After"] == "1"
            assert all(len(found) == 1 for found in ids.values())  # never two analyses for one key

            # Retrying everything afterwards replays: the same analyses, nothing new upstream or charged.
            retried = asyncio.run(fire(base_url, duplicates[:50]))
            assert [r.status_code for r in retried] == [200] * 50
            assert all(r.json()["id"] in ids.get(idem, {r.json()["id"]}) for (_, idem), r in zip(duplicates, retried))

        rows = cloud.scalar("SELECT count(*) FROM analyses")
        done = cloud.scalar("SELECT count(*) FROM analyses WHERE status = 'done'")
        distinct = cloud.scalar("SELECT count(DISTINCT request_id) FROM analyses")
        cost = cloud.scalar("SELECT sum(cost_cents) FROM analyses")
        expected = CONCURRENCY + 50
        assert (rows, done, distinct, cost, cloud.upstream.calls) == (
            expected,
            expected,
            expected,
            expected * 10,
            expected,
        )
        assert sum(cloud.usage(k).json()["cost_cents"] for k in keys) == expected * 10
        with capsys.disabled():
            print(
                f"\nload ({database_url.split(':')[0]}): {CONCURRENCY} concurrent in {unique_s:.2f} s, "
                f"{len(duplicates)} with duplicate keys in {dup_s:.2f} s -> {rows} metered rows, {cost} cents, "
                f"{cloud.upstream.calls} upstream calls"
            )


def test_concurrent_requests_cannot_overrun_the_quota(database_url):
    with running_cloud(database_url, FakeUpstream(delay_s=0.05), monthly_quota={"professional": 5}) as cloud:
        keys = [cloud.account("professional", org="small") for _ in range(2)]
        with serve(cloud.client.app) as base_url:
            responses = asyncio.run(fire(base_url, [(keys[i % 2], f"q-{i}") for i in range(30)]))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 5 + [402] * 25
        assert cloud.scalar("SELECT count(*) FROM analyses") == 5 == cloud.upstream.calls
