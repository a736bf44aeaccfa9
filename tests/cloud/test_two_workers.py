"""The service is stateless (issue 22): two ``infragenius cloud serve`` processes on one PostgreSQL
database share rate limits, idempotency and metering exactly, as two replicas behind a load balancer do."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

import httpx
import pytest

from infragenius.cloud import accounts
from infragenius.cloud.db import Database

from .conftest import _free_port, _pg_admin

pytestmark = pytest.mark.postgresql
RATE = 10
START_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 30


@pytest.fixture
def shared_database(postgres_cluster) -> str:
    name = f"ig_two_workers_{os.getpid()}"
    _pg_admin(postgres_cluster % "postgres", f"DROP DATABASE IF EXISTS {name}")
    _pg_admin(postgres_cluster % "postgres", f"CREATE DATABASE {name} TEMPLATE ig_template")
    return postgres_cluster % name


@contextmanager
def serving(url: str, upstream: str, tmp_path):
    """``cloud serve`` as its own process on a free port; yields the base URL; stopped at the end."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "UPSTREAM_BASE_URL": upstream,
        "UPSTREAM_MODEL": "fake-llm",
        "RATE_LIMIT_PER_MINUTE": str(RATE),
        "SESSION_SECRET": "shared-secret",
        "INFRAGENIUS_DATA_DIR": str(tmp_path / f"data-{port}"),
    }
    log = open(tmp_path / f"serve-{port}.log", "w")  # noqa: SIM115 - closed below, after the process
    process = subprocess.Popen(
        [sys.executable, "-m", "infragenius", "cloud", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def _wait_ready(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"cloud serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("cloud serve did not become ready in time")


def _key(url: str, email: str) -> str:
    database = Database(url)
    try:
        with database.session() as session:
            accounts.create_account(session, email, f"org-{email}", "professional")
            return accounts.create_key(session, email, None)
    finally:
        database.engine.dispose()


def _analyse(base: str, key: str, idem: str):
    body = {"task": "explain", "messages": [{"role": "user", "content": "Explain DL3007"}], "client": "tests"}
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": idem}
    return httpx.post(f"{base}/v1/analyses", json=body, headers=headers, timeout=REQUEST_TIMEOUT_S)


@pytest.fixture
def two_services(shared_database, fake_openai, tmp_path):
    with ExitStack() as stack:
        bases = [stack.enter_context(serving(shared_database, fake_openai.base_url, tmp_path)) for _ in range(2)]
        yield shared_database, bases


def test_rate_limit_and_metering_are_exact_across_two_processes(two_services, fake_openai):
    url, bases = two_services
    warm = _key(url, "warm@example.com")  # each process's first analysis imports what it needs: not in the race
    assert [_analyse(base, warm, f"warm-{n}").status_code for n, base in enumerate(bases)] == [200, 200]
    fake_openai.requests.clear()
    key = _key(url, "burst@example.com")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda n: _analyse(bases[n % 2], key, f"burst-{n}"), range(3 * RATE)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * RATE + [429] * (2 * RATE)
    assert {a.request.url.port for a in answers if a.status_code == 200} == {
        httpx.URL(b).port for b in bases
    }  # both processes answered some
    assert len(fake_openai.requests) == RATE
    for base in bases:  # either process reports the same usage, counted once per answer
        usage = httpx.get(f"{base}/v1/usage", headers={"Authorization": f"Bearer {key}"}, timeout=10).json()
        assert usage["analyses"] == RATE


def test_one_idempotency_key_is_charged_once_across_two_processes(two_services, fake_openai):
    url, bases = two_services
    key = _key(url, "retry@example.com")
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda n: _analyse(bases[n % 2], key, "same-request"), range(6)))
    assert {a.status_code for a in answers} <= {200, 409}  # 409: the same request is still running elsewhere
    settled = [_analyse(base, key, "same-request") for base in bases]  # retries once it has finished
    assert [a.status_code for a in settled] == [200, 200]
    ids = {a.json()["id"] for a in [*answers, *settled] if a.status_code == 200}
    assert len(ids) == 1
    assert len(fake_openai.requests) == 1
    usage = httpx.get(f"{bases[1]}/v1/usage", headers={"Authorization": f"Bearer {key}"}, timeout=10).json()
    assert usage["analyses"] == 1
