"""The shared embedded model's bookkeeping (``ai.daemon``): state files, leases, trust, stale entries.

No model runs here: a pytest-httpserver stands in for llama.cpp's ``/health``. The real model shared
by two callers is in test_embedded.py.
"""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from infragenius.ai import daemon
from infragenius.ai.embedded import batch_threads, model_threads


@pytest.fixture
def health(httpserver):
    httpserver.expect_request("/health").respond_with_json({"status": "ok"})
    return httpserver.url_for("").rstrip("/").replace("localhost", "127.0.0.1")


def test_state_is_private_and_found_while_its_process_lives(health):
    state = daemon.state_path("model.gguf", 4096, None)
    daemon.publish(state, health, "tok-1", "model.gguf")
    assert state.stat().st_mode & 0o777 == 0o600
    assert os.stat(daemon.run_dir()).st_mode & 0o077 == 0
    found = daemon.find(state)
    assert found == daemon.Daemon(health, "tok-1", os.getpid(), state)


def test_configurations_get_their_own_state_file():
    assert daemon.state_path("a.gguf", 4096, None) == daemon.state_path("a.gguf", 4096, None)
    assert daemon.state_path("a.gguf", 4096, None) != daemon.state_path("a.gguf", 4096, "lora.gguf")


def test_a_state_file_others_can_read_is_never_used(health, caplog):
    state = daemon.state_path("model.gguf")
    daemon.publish(state, health, "tok", "model.gguf")
    state.chmod(0o644)
    assert daemon.find(state) is None
    assert "must belong to you and be private (0600)" in caplog.text


def test_a_dead_process_makes_the_state_stale_and_it_is_removed(health):
    state = daemon.state_path("model.gguf")
    daemon.publish(state, health, "tok", "model.gguf")
    data = json.loads(state.read_text())
    data["pid"] = _dead_pid()
    state.write_text(json.dumps(data))
    assert daemon.find(state) is None
    assert not state.exists()


def test_a_server_that_does_not_answer_makes_the_state_stale():
    state = daemon.state_path("model.gguf")
    daemon.publish(state, "http://127.0.0.1:9", "tok", "model.gguf")  # discard port: nothing listens
    assert daemon.find(state) is None
    assert not state.exists()


def test_only_loopback_addresses_are_trusted(health):
    state = daemon.state_path("model.gguf")
    daemon.publish(state, "http://10.0.0.5:8080", "tok", "model.gguf")
    assert daemon.find(state) is None


def test_using_the_model_renews_its_lease(health):
    state = daemon.state_path("model.gguf")
    daemon.publish(state, health, "tok", "model.gguf")
    old = time.time() - 100
    os.utime(state, (old, old))
    daemon.find(state)
    assert time.time() - state.stat().st_mtime < 5


def test_the_model_leaves_when_its_lease_runs_out(monkeypatch):
    monkeypatch.setattr(daemon, "CHECK_EVERY_S", 0.01)
    state = daemon.state_path("model.gguf")
    daemon.publish(state, "http://127.0.0.1:1", "tok", "model.gguf")
    old = time.time() - 100
    os.utime(state, (old, old))
    daemon.serve_until_idle(state, "tok", idle_s=50)  # returns: the lease is 100 s old
    assert not state.exists()


@pytest.mark.parametrize("change", ["stopped", "replaced"])
def test_the_model_leaves_when_stopped_or_replaced(monkeypatch, change):
    monkeypatch.setattr(daemon, "CHECK_EVERY_S", 0.01)
    state = daemon.state_path("model.gguf")
    daemon.publish(state, "http://127.0.0.1:1", "tok", "model.gguf")
    server = threading.Thread(target=daemon.serve_until_idle, args=(state, "tok", 300))
    server.start()
    time.sleep(0.05)
    assert server.is_alive()  # fresh lease: it serves
    if change == "stopped":
        state.unlink()
    else:
        daemon.publish(state, "http://127.0.0.1:2", "another", "model.gguf")
    server.join(2)
    assert not server.is_alive()
    assert state.exists() == (change == "replaced")  # a newer model's state file is left alone


def test_keep_warm_renews_the_lease_while_the_server_runs(monkeypatch, health):
    monkeypatch.setattr(daemon, "LEASE_EVERY_S", 0.01)
    state = daemon.state_path("model.gguf")
    daemon.publish(state, health, "tok", "model.gguf")
    old = time.time() - 100
    os.utime(state, (old, old))
    keeper = daemon.KeepWarm.start(state)
    try:
        assert daemon.KeepWarm.start(state) is keeper  # one per model
        deadline = time.time() + 2
        while time.time() - state.stat().st_mtime > 5 and time.time() < deadline:
            time.sleep(0.01)
        assert time.time() - state.stat().st_mtime < 5
    finally:
        keeper.cancel()


def test_stop_removes_the_state_and_signals_its_process(monkeypatch, health):
    state = daemon.state_path("model.gguf")
    daemon.publish(state, health, "tok", "model.gguf")
    signalled = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: signalled.append((pid, sig)))
    assert daemon.stop(state) is True
    assert not state.exists() and signalled and signalled[0][0] == os.getpid()
    assert daemon.stop(state) is False


def test_idle_seconds_from_the_environment(monkeypatch):
    monkeypatch.setenv(daemon.ENV_IDLE, "120")
    assert daemon.idle_seconds() == 120
    monkeypatch.setenv(daemon.ENV_IDLE, "soon")
    assert daemon.idle_seconds() == daemon.IDLE_S


@pytest.mark.parametrize(
    ("cpus", "load", "threads"),
    [
        (2, 0.0, 1),  # one core left to the editor
        (2, 3.5, 1),
        (8, 0.0, 2),  # at most MAX_THREADS: more spin against each other
        (8, 7.2, 1),  # a busy machine: the free core only
        (1, 0.0, 1),
    ],
)
def test_threads_follow_the_cpus_and_the_load(cpus, load, threads):
    assert model_threads(cpus, load) == threads
    assert batch_threads(cpus, load) == threads


def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_ai_status_shows_the_warm_model_without_renewing_it_and_ai_stop_stops_it(health, monkeypatch, capsys):
    from infragenius.cli import main

    state = daemon.state_path("model.gguf")
    daemon.publish(state, health, "tok", "model.gguf")
    old = time.time() - 100
    os.utime(state, (old, old))
    monkeypatch.setenv("INFRAGENIUS_AI_PROVIDER", "embedded")
    assert main(["ai", "status"]) == 0
    assert f"warm: {health} (pid {os.getpid()})" in capsys.readouterr().out
    assert state.stat().st_mtime == old
    signalled = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: signalled.append(pid))
    assert main(["ai", "stop"]) == 0
    assert capsys.readouterr().out == "stopped 1 warm model\n"
    assert signalled == [os.getpid()] and not state.exists()
    assert main(["ai", "stop"]) == 0
    assert capsys.readouterr().out == "no warm model was running\n"
