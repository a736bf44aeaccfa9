"""Fixtures for the Cloud service: a migrated database per test (SQLite in tmp_path, or a fresh database
in a temporary PostgreSQL cluster for tests marked to run on both), a fake upstream model, accounts with
keys, and the app served on 127.0.0.1 by uvicorn in a thread."""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the cloud extra (fastapi, sqlalchemy, alembic) is not installed")
pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")


with warnings.catch_warnings():  # Starlette 1.x nudges towards "httpx2"; httpx is what we ship with
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from infragenius.cloud import accounts
from infragenius.cloud.app import create_app
from infragenius.cloud.db import Database, migrate
from infragenius.cloud.settings import CloudSettings
from infragenius.cloud.upstream import Answer, UpstreamError


def pytest_configure(config):
    config.addinivalue_line("markers", "postgresql: runs against a temporary PostgreSQL cluster (skipped without one)")


class FakeUpstream:
    """Stands in for the OpenAI-compatible model: records what it was sent, answers or fails on demand."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.received: list[list[dict]] = []
        self.fail: UpstreamError | None = None
        self.fail_mid_stream: UpstreamError | None = None
        self.break_after = 1
        self.delay_s = delay_s
        self._lock = threading.Lock()

    def complete(self, messages: list[dict], schema: dict | None) -> Answer:
        with self._lock:
            self.received.append(messages)
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.fail is not None:
            raise self.fail
        return Answer(content=ANSWER, model="fake-model", tokens_in=12, tokens_out=7, latency_ms=3)

    def stream(self, messages: list[dict], schema: dict | None) -> FakeStream:
        """Like ``Upstream.stream``: fails at once with ``fail``; breaks off after ``break_after`` pieces
        with ``fail_mid_stream``."""
        with self._lock:
            self.received.append(messages)
        if self.fail is not None:
            raise self.fail
        return FakeStream(self.fail_mid_stream, self.break_after)

    @property
    def calls(self) -> int:
        return len(self.received)


ANSWER = "Pin the base image to a digest."
PIECES = ["Pin the base ", "image to ", "a digest."]


class FakeStream:
    def __init__(self, fail: UpstreamError | None, break_after: int) -> None:
        self.fail, self.break_after = fail, break_after
        self.answer: Answer | None = None
        self.closed = False

    def __iter__(self):
        for n, piece in enumerate(PIECES):
            if self.fail is not None and n == self.break_after:
                raise self.fail
            yield piece
        self.answer = Answer(content=ANSWER, model="fake-model", tokens_in=12, tokens_out=7, latency_ms=3)

    def close(self) -> None:
        self.closed = True


@dataclass
class Cloud:
    """One service under test: settings, database, fake upstream and an HTTP client for the app."""

    settings: CloudSettings
    database: Database
    upstream: FakeUpstream
    client: TestClient
    _emails: itertools.count = field(default_factory=itertools.count)

    def account(
        self,
        tier: str = "professional",
        org: str | None = None,
        email: str | None = None,
        scopes: list[str] | None = None,
    ) -> str:
        """A new account (in a new organisation unless ``org`` is given) and a key for it."""
        n = next(self._emails)
        email = email or f"user{n}@example.com"
        with self.database.session() as session:
            accounts.create_account(session, email, org or f"org-{n}", tier)
            return accounts.create_key(session, email, scopes)

    def analyse(self, key: str, text: str = "Explain DL3007 in FROM ubuntu:latest", idem: str | None = None, **extra):
        headers = {"Authorization": f"Bearer {key}"}
        if idem:
            headers["Idempotency-Key"] = idem
        body = {
            "prompt_version": "1",
            "task": extra.pop("task", "explain"),
            "messages": [{"role": "user", "content": text}],
            "client": "tests",
        }
        return self.client.post("/v1/analyses", json=body, headers=headers)

    def usage(self, key: str, **params):
        return self.client.get("/v1/usage", params=params, headers={"Authorization": f"Bearer {key}"})

    def scalar(self, sql: str):
        from sqlalchemy import text

        with self.database.engine.connect() as conn:
            return conn.execute(text(sql)).scalar()


# -- databases -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """Migrated once; each test copies the file (Alembic per test would cost most of the suite's time)."""
    path = tmp_path_factory.mktemp("template") / "cloud.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster on a Unix socket in a temporary folder, with a migrated template
    database; each test gets a fresh copy (CREATE DATABASE ... TEMPLATE)."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL tests skipped: initdb/pg_ctl not found (apt-get install postgresql)")
    pytest.importorskip(
        "psycopg", reason="PostgreSQL tests skipped: psycopg is not installed (pip install 'psycopg[binary]')"
    )
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="ig-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root: run the server as the postgres user
        if not shutil.which("runuser") or _uid("postgres") is None:
            pytest.skip("PostgreSQL tests skipped: running as root and there is no postgres user to run the server")
        as_user = ["runuser", "-u", "postgres", "--"]
        os.chown(base, _uid("postgres"), -1)
    data, sock = base / "data", base / "sock"
    run = functools.partial(subprocess.run, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        run([*as_user, "mkdir", str(sock)], check=True)
        done = run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"])
        if done.returncode:
            pytest.skip(f"PostgreSQL tests skipped: initdb failed: {done.stdout.strip()[-300:]}")
        options = (
            f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=100"
        )
        done = run([*as_user, pg_ctl, "-D", str(data), "-o", options, "-w", "-s", "-l", str(base / "log"), "start"])
        if done.returncode:
            pytest.skip(f"PostgreSQL tests skipped: the server did not start: {done.stdout.strip()[-300:]}")
        url = f"postgresql+psycopg://postgres@/%s?host={sock}"
        try:
            _pg_admin(url % "postgres", "CREATE DATABASE ig_template")
            migrate(url % "ig_template")
            yield url
        finally:
            run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-s", "stop"])
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _uid(user: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(user).pw_uid
    except KeyError:
        return None


def _pg_admin(url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


_pg_databases = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request, tmp_path, sqlite_template) -> str:
    if request.param == "sqlite":
        path = tmp_path / "cloud.sqlite3"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_cluster")
    name = f"ig_test_{next(_pg_databases)}"
    _pg_admin(url % "postgres", f"CREATE DATABASE {name} TEMPLATE ig_template")
    return url % name


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template) -> str:
    path = tmp_path / "cloud.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def make_settings(url: str, **overrides) -> CloudSettings:
    values = {
        "database_url": url,
        "upstream_base_url": None,
        "upstream_model": "fake-model",
        "session_secret": "test-secret",
        "rate_limit_per_minute": 1000,
        "max_request_bytes": 64 * 1024,
        "secure_cookies": False,
        "license_private_key_file": None,
        "oidc_issuer": None,
        "oidc_client_id": None,
    }
    values.update(overrides)
    return CloudSettings(**values)


@contextmanager
def running_cloud(url: str, upstream: FakeUpstream | None = None, **overrides):
    settings = make_settings(url, **overrides)
    upstream = upstream or FakeUpstream()
    app = create_app(settings, upstream)
    with TestClient(app) as client:
        yield Cloud(settings, app.state.database, upstream, client)
    app.state.database.engine.dispose()


@pytest.fixture
def cloud(database_url):
    """The service on either database (the same API suite runs on SQLite and PostgreSQL)."""
    with running_cloud(database_url) as c:
        yield c


# -- a real server on loopback ---------------------------------------------------------------------------


@contextmanager
def serve(app):
    """Run ``app`` with uvicorn on 127.0.0.1 (free port) in a thread; yields the base URL."""
    import uvicorn

    config = uvicorn.Config(
        app, host="127.0.0.1", port=_free_port(), log_level="warning", access_log=False, lifespan="off", backlog=512
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


# -- a fake OpenAI-compatible model server ------------------------------------------------------------


class FakeOpenAI:
    """A tiny OpenAI-compatible ``/v1/chat/completions`` (JSON, or SSE with ``"stream": true``) for the
    real ``Upstream`` client. ``truncate`` ends the stream early: "eof" closes it cleanly without
    ``[DONE]``, "abort" drops the connection mid-response."""

    def __init__(self, pieces: list[str] | None = None) -> None:
        self.pieces = pieces or PIECES
        self.requests: list[dict] = []
        self.truncate: str | None = None

    def app(self):
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse, StreamingResponse
        from starlette.routing import Route

        async def completions(request):
            body = await request.json()
            self.requests.append(body)
            if not body.get("stream"):
                return JSONResponse(
                    {
                        "model": "fake-llm",
                        "choices": [{"message": {"content": "".join(self.pieces)}}],
                        "usage": {"prompt_tokens": 9, "completion_tokens": len(self.pieces)},
                    }
                )
            return StreamingResponse(self._events(), media_type="text/event-stream")

        return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])

    async def _events(self):
        import json

        for n, piece in enumerate(self.pieces):
            if self.truncate and n == 1:
                if self.truncate == "abort":
                    raise RuntimeError("the model server crashed")  # uvicorn drops the connection
                return  # "eof": a clean end without [DONE]
            chunk = {"model": "fake-llm", "choices": [{"index": 0, "delta": {"content": piece}}]}
            yield f"data: {json.dumps(chunk)}\n\n"
        usage = {
            "model": "fake-llm",
            "choices": [],
            "usage": {"prompt_tokens": 9, "completion_tokens": len(self.pieces)},
        }
        yield f": keep-alive\n\ndata: {json.dumps(usage)}\n\ndata: [DONE]\n\n"


@pytest.fixture
def fake_openai():
    """A FakeOpenAI served on 127.0.0.1; ``.base_url`` ends in /v1."""
    fake = FakeOpenAI()
    with serve(fake.app()) as url:
        fake.base_url = f"{url}/v1"
        yield fake


# -- the paid side: a license signing key the client trusts, billing and device sign-in ----------------

WEBHOOK_SECRET = "whsec_test_secret"
CHECKOUT = "https://billing.example/checkout?plan={tier}"


@pytest.fixture
def signing_key(tmp_path, monkeypatch) -> Path:
    """The service signs licenses with a fresh key (LICENSE_PRIVATE_KEY_FILE) that the client trusts as
    a shipped key (``k-test``), and keeps the client's license and key under tmp_path."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from infragenius.tiers import license as license_mod
    from infragenius.tiers import state

    key = Ed25519PrivateKey.generate()
    path = tmp_path / "license-signing.pem"
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    monkeypatch.setattr(license_mod, "shipped_keys", lambda: {"k-test": public})
    monkeypatch.delenv("LICENSE_PRIVATE_KEY", raising=False)
    monkeypatch.delenv("INFRAGENIUS_LICENSE", raising=False)
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "client-config"))
    monkeypatch.setenv("INFRAGENIUS_DATA_DIR", str(tmp_path / "client-data"))
    state.reset()
    yield path
    state.reset()


def paid_settings(signing_key: Path) -> dict:
    return {
        "license_private_key_file": str(signing_key),
        "license_key_id": "k-test",
        "billing_webhook_secret": WEBHOOK_SECRET,
        "checkout_url": CHECKOUT,
        "device_poll_interval_s": 1,
    }


@pytest.fixture
def paid_cloud(database_url, signing_key):
    """The service on either database, able to sign licenses and take billing events."""
    with running_cloud(database_url, **paid_settings(signing_key)) as c:
        yield c


@contextmanager
def live_cloud(url: str, signing_key: Path, **overrides):
    """The paid service on 127.0.0.1 (uvicorn in a thread), for the command line: (base URL, Cloud)."""
    with running_cloud(url, **{**paid_settings(signing_key), **overrides}) as cloud, serve(cloud.client.app) as base:
        yield base, cloud
