"""Bounded load test on loopback: uvicorn on 127.0.0.1 with a fake upstream, 200 concurrent analyses.
Metering must be exactly once: no row lost, none double-counted, and duplicate Idempotency-Keys fired
at the same moment are charged once."""

from __future__ import annotations

import asyncio
import time

import httpx

from .conftest import FakeUpstream, running_cloud, serve

CONCURRENCY = 200


async def fire(base_url: str, jobs: list[tuple[str, str]]) -> list[int]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        async def one(key: str, idem: str) -> int:
            body = {"task": "explain", "messages": [{"role": "user", "content": f"explain {idem}"}]}
            response = await client.post("/v1/analyses", json=body,
                                         headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idem})
            return response.status_code

        return await asyncio.gather(*(one(key, idem) for key, idem in jobs))


def test_200_concurrent_requests_are_metered_exactly_once(database_url, capsys):
    with running_cloud(database_url, FakeUpstream(delay_s=0.005), rate_limit_per_minute=10_000) as cloud:
        keys = [cloud.account("payg") for _ in range(4)]
        with serve(cloud.client.app) as base_url:
            unique = [(keys[i % 4], f"u-{i}") for i in range(CONCURRENCY)]
            started = time.perf_counter()
            statuses = asyncio.run(fire(base_url, unique))
            unique_s = time.perf_counter() - started

            # 50 keys, each sent 4 times at once (a client retrying while the first is in flight).
            duplicates = [(keys[i % 4], f"d-{i}") for i in range(50)] * 4
            started = time.perf_counter()
            dup_statuses = asyncio.run(fire(base_url, duplicates))
            dup_s = time.perf_counter() - started

        assert statuses == [200] * CONCURRENCY
        assert dup_statuses == [200] * len(duplicates)
        rows = cloud.scalar("SELECT count(*) FROM analyses")
        distinct = cloud.scalar("SELECT count(DISTINCT request_id) FROM analyses")
        cost = cloud.scalar("SELECT sum(cost_cents) FROM analyses")
        assert (rows, distinct, cost) == (CONCURRENCY + 50, CONCURRENCY + 50, (CONCURRENCY + 50) * 10)
        assert sum(cloud.usage(k).json()["cost_cents"] for k in keys) == (CONCURRENCY + 50) * 10
        with capsys.disabled():
            print(f"\nload ({database_url.split(':')[0]}): {CONCURRENCY} concurrent unique in {unique_s:.2f} s, {len(duplicates)} with duplicate keys "
                  f"in {dup_s:.2f} s -> {rows} metered rows, {cost} cents, upstream calls {cloud.upstream.calls}")
