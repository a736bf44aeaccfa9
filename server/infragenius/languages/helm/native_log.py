"""Helm's Go library writes log lines straight to the process's stderr (``helm lint`` prints
"funcMap fail message=..." for a chart that calls ``fail``), past any Python handler. While a Helm
call runs, file descriptor 2 goes to a temporary file; afterwards each of Helm's lines is logged on
our logger at debug level (they may quote chart content), and anything else that reached stderr
meanwhile (another thread's output) is written back to it unchanged. Calls on two threads at once
share one capture."""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_GO_LINE = re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? (?P<text>.*)$")
_LOCK = threading.Lock()
_state: dict = {"depth": 0, "saved": None, "file": None, "read": 0}  # read: bytes of the capture handed over


@contextmanager
def helm_stderr(log: logging.Logger) -> Iterator[None]:
    """Capture stderr around a Helm call and hand Helm's lines to ``log``."""
    started = _start()
    try:
        yield
    finally:
        if started:
            _finish(log)


def _start() -> bool:
    with _LOCK:
        try:
            if _state["depth"] == 0:
                sys.stderr.flush()
                capture = tempfile.TemporaryFile()  # noqa: SIM115 (kept open across calls: closed in _stop)
                saved = os.dup(2)
                os.dup2(capture.fileno(), 2)
                _state.update(saved=saved, file=capture, read=0)
            elif not _points_to(2, _state["file"]):
                # fd 2 was pointed elsewhere since (a test's capture): that is where it goes back to
                os.close(_state["saved"])
                _state["saved"] = os.dup(2)
                os.dup2(_state["file"].fileno(), 2)
        except (OSError, ValueError):  # no usable fd 2: let Helm write where it writes
            return False
        _state["depth"] += 1
        return True


def _points_to(fd: int, capture) -> bool:
    mine, current = os.fstat(capture.fileno()), os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (current.st_dev, current.st_ino)


def _finish(log: logging.Logger) -> None:
    """Hand over what Helm wrote so far (a call still running on another thread keeps writing to
    the capture; its complete lines are read now, the rest at its own end); the last one out puts
    fd 2 back."""
    with _LOCK:
        _state["depth"] -= 1
        capture, saved = _state["file"], _state["saved"]
        capture.seek(_state["read"])
        data = capture.read()
        last = data.rfind(b"\n") + 1 if _state["depth"] else len(data)
        _state["read"] = _state["read"] + last
        _hand_over(data[:last], log, saved)
        if _state["depth"] == 0:
            os.dup2(saved, 2)
            os.close(saved)
            capture.close()
            _state.update(saved=None, file=None, read=0)


def _hand_over(data: bytes, log: logging.Logger, stderr: int) -> None:
    other = []
    for line in data.decode("utf-8", "replace").splitlines():
        match = _GO_LINE.match(line)
        if match:
            log.debug("helm: %s", match.group("text"))
        else:
            other.append(line + "\n")
    if other:
        os.write(stderr, "".join(other).encode("utf-8"))
