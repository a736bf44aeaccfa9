"""``check --jobs``: how many workers by default, how they start, and that any count gives one output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from infragenius import cli as cli_module

CASES = Path(__file__).resolve().parents[1] / "cases"


@pytest.mark.parametrize(
    "requested, files, cpus, expected",
    [
        (1, 500, 8, 1),  # asked for: as asked
        (4, 500, 2, 4),
        (8, 3, 8, 3),  # never more workers than files
        (None, 23, 8, 1),  # default: one per CPU with at least FILES_PER_JOB files each
        (None, 48, 8, 2),
        (None, 500, 8, 8),
        (None, 500, 1, 1),
        (None, 0, 8, 1),
    ],
)
def test_job_count(monkeypatch, requested, files, cpus, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cpus)), raising=False)
    assert cli_module.FILES_PER_JOB == 24
    assert cli_module._job_count(requested, files) == expected


def test_workers_fork_only_from_a_single_threaded_process(monkeypatch):
    monkeypatch.setattr(cli_module, "_threads", lambda: 1)
    assert cli_module._pool_context(explicit=False).get_start_method() == "fork"
    monkeypatch.setattr(cli_module, "_threads", lambda: 3)  # e.g. Helm's renderer has started
    assert cli_module._pool_context(explicit=True).get_start_method() == "spawn"
    assert cli_module._pool_context(explicit=False) is None  # default: go on in this process
    monkeypatch.setattr(cli_module, "_threads", lambda: 1)
    monkeypatch.setattr(sys, "platform", "darwin")  # forking is not safe there
    assert cli_module._pool_context(explicit=True).get_start_method() == "spawn"
    assert cli_module._pool_context(explicit=False) is None


def test_threads_counts_this_process_threads():
    before = cli_module._threads()
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert cli_module._threads() == before + 1
    finally:
        release.set()
        worker.join()


def _workspace(root: Path) -> None:
    for i in range(60):
        folder = root / f"svc{i:02}"
        folder.mkdir()
        (folder / "Dockerfile").write_text(
            "FROM alpine:latest\nRUN cd /tmp && make\n" if i % 2 else "FROM alpine:3.20\n"
        )
    for case in ("HM008", "HM001"):
        shutil.copytree(CASES / "helm" / case / "bad", root / f"chart-{case}")


def _check(root: Path, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "INFRAGENIUS_CACHE_DIR": str(root.parent / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "infragenius", "check", "--no-cache", "--format", "json", *options, "."],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_job_count_gives_the_output_of_one(tmp_path):
    """Helm charts among many files: the default (parallel where the machine has CPUs) and --jobs 2
    give the output of --jobs 1. Checking the first chart starts Helm's renderer threads in this
    process, so the workers are not forked (forked ones hung on renders on the corpus charts)."""
    root = tmp_path / "workspace"
    root.mkdir()
    _workspace(root)
    one = _check(root, "--jobs", "1")
    rows = json.loads(one.stdout)
    assert one.returncode == 1 and one.stderr == ""
    assert {r["code"] for r in rows} == {"DF002", "DF101", "HM001", "K8001"}  # both charts rendered
    for options in ((), ("--jobs", "2")):
        run = _check(root, *options)
        assert (run.returncode, run.stdout, run.stderr) == (1, one.stdout, ""), options


def test_a_one_file_check_imports_no_process_pool(tmp_path):
    """Start-up is most of a one-file check (pre-commit, the editor's save hook): the process pool
    and multiprocessing (~15 ms) are imported only when workers are started."""
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    script = (
        "import sys\nfrom infragenius.__main__ import main\n"
        "code = main(['check', '--no-cache', 'Dockerfile'])\n"
        "print(code, sorted(m for m in ('concurrent.futures.process', 'multiprocessing') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "0 []"
