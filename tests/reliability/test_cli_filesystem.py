"""``infragenius check`` on hostile file trees: symlink loops, FIFOs and unreadable files, huge
directories, names that are not UTF-8. Clear one-line messages, no traceback, no hang, and exit code 2
only for usage errors (0/1 otherwise). ``INFRAGENIUS_STRESS=1``: 100,000 entries instead of 5,000.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .client import STRESS

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "fixtures" / "dockerfile" / "Dockerfile.bad").read_text()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def check(*args: str | bytes, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "infragenius", "check", *args]
    proc = subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, timeout=timeout)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


def lines(stream: bytes) -> list[str]:
    return stream.decode("utf-8", "replace").splitlines()


def test_symlink_loops_are_not_followed_and_named_when_given(tmp_path):
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    os.symlink(".", tmp_path / "loop")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")
    walked = check("--format", "json", ".", cwd=tmp_path)
    assert walked.returncode == 1 and walked.stderr == b""
    assert {f["filename"] for f in json.loads(walked.stdout)} == {"Dockerfile"}  # once, not once per loop

    given = check("a", cwd=tmp_path)
    assert given.returncode == 0
    assert lines(given.stderr) == ["infragenius: warning: a: cannot read: Too many levels of symbolic links"]


def test_a_fifo_is_skipped_not_read(tmp_path):
    """Reading a FIFO blocks until someone writes to it: the CLI must not hang on one."""
    os.mkfifo(tmp_path / "fifo.Dockerfile")
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    walked = check("--format", "json", ".", cwd=tmp_path, timeout=30)
    assert walked.returncode == 1
    assert {f["filename"] for f in json.loads(walked.stdout)} == {"Dockerfile"}
    given = check("fifo.Dockerfile", cwd=tmp_path, timeout=30)
    assert given.returncode == 0
    assert lines(given.stderr) == ["infragenius: warning: fifo.Dockerfile: not a regular file; skipped"]


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode: chmod 000 cannot make one unreadable")
def test_unreadable_file_and_directory_give_a_warning(tmp_path):
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "Dockerfile").write_text(DOCKERFILE)
    secret = tmp_path / "secret.Dockerfile"
    secret.write_text(DOCKERFILE)
    secret.chmod(0)
    locked.chmod(0)
    try:
        result = check("--format", "json", ".", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)
    assert result.returncode == 1
    assert {f["filename"] for f in json.loads(result.stdout)} == {"Dockerfile"}
    errors = lines(result.stderr)
    assert any(line.endswith("secret.Dockerfile: cannot read: Permission denied") for line in errors), errors
    assert any(line.endswith("locked: cannot list directory: Permission denied") for line in errors), errors


def test_a_directory_with_many_entries(tmp_path):
    entries = 100_000 if STRESS else 5_000
    big = tmp_path / "big"
    big.mkdir()
    for i in range(entries):
        (big / f"note-{i:06d}.txt").write_bytes(b"")
    (big / "Dockerfile").write_text(DOCKERFILE)
    started = time.perf_counter()
    result = check("--format", "json", ".", cwd=tmp_path, timeout=600 if STRESS else 60)
    took = time.perf_counter() - started
    assert result.returncode == 1 and result.stderr == b""
    assert {f["filename"] for f in json.loads(result.stdout)} == {"big/Dockerfile"}
    assert took < (300 if STRESS else 30), f"{entries} entries took {took:.1f} s"


def test_names_that_are_not_utf8(tmp_path):
    root = os.fsencode(tmp_path)
    with open(os.path.join(root, b"Dockerfile.\xff"), "w") as f:
        f.write(DOCKERFILE)
    os.mkdir(os.path.join(root, b"d\xfe"))
    with open(os.path.join(root, b"d\xfe", b"Dockerfile"), "w") as f:
        f.write("FROM ubuntu:24.04\nMAINTAINER x\n")
    as_json = check("--format", "json", ".", cwd=tmp_path)
    assert as_json.returncode == 1 and as_json.stderr == b""
    names = {f["filename"] for f in json.loads(as_json.stdout)}
    assert names == {"Dockerfile.\ufffd", "d\ufffd/Dockerfile"}  # undecodable bytes shown as U+FFFD
    as_text = check(".", cwd=tmp_path)
    assert as_text.returncode == 1
    assert any(line.startswith("d\ufffd/Dockerfile:2:1: DF001 ") for line in lines(as_text.stdout))
    given = check(b"Dockerfile.\xff", "--format", "sarif", cwd=tmp_path)
    assert given.returncode == 1 and json.loads(given.stdout)["runs"][0]["results"]


def test_usage_errors_and_only_they_exit_2(tmp_path):
    assert check("--no-such-option", ".", cwd=tmp_path).returncode == 2
    missing = check("missing-dir", cwd=tmp_path)
    assert missing.returncode == 2
    assert lines(missing.stderr) == ["infragenius: error: missing-dir: no such file or directory"]
    assert check("--jobs", "0", ".", cwd=tmp_path).returncode == 2
    empty = check(".", cwd=tmp_path)
    assert empty.returncode == 0  # nothing to check is no error, but it is said (issue 19)
    assert lines(empty.stderr) == [
        "infragenius: warning: no supported file found in the given paths; nothing was checked"
    ]
