"""The language server under a storm of edits: interleaved hovers and code actions, out-of-order and
duplicate versions, cancellations, and clients that vanish mid-request.

The server must answer every request (a result, or RequestCancelled/ContentModified for the ones we
cancelled), stay responsive, and publish for the final version exactly what a fresh engine analysis of
the final text gives. Quick by default; ``INFRAGENIUS_STRESS=1`` sends 1,000 edits per document.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from tests.helpers import analyse

from .client import STRESS, Client, alive, answer, children, lsp_range, wait_gone

ROOT = Path(__file__).resolve().parents[2]
EDITS = 1000 if STRESS else 100
REQUEST_CANCELLED, CONTENT_MODIFIED = -32800, -32801

DOCKERFILE_LINES = [
    "RUN apt-get install -y curl\n",
    "MAINTAINER Jane <j@x.io>\n",
    "ENV A=1\n",
    "# note\n",
    "USER root\n",
    "FROM ubuntu AS build\n",
    "COPY . /app\n",
    "RUN cd /tmp && make \\\n",
]
YAML_LINES = [
    "        - name: extra\n",
    "          image: nginx\n",
    "      hostNetwork: true\n",
    "# note\n",
    "          securityContext: {privileged: true}\n",
    "  replicas: 3\n",
    "\t\n",
    "  labels: {a: b}\n",
]
CASES = {
    "Dockerfile": (ROOT / "fixtures" / "dockerfile" / "Dockerfile.bad", "dockerfile", DOCKERFILE_LINES),
    "deployment.yaml": (ROOT / "fixtures" / "kubernetes" / "deployment.yaml", "yaml", YAML_LINES),
}


class Buffer:
    """The client's copy of the text; edits are produced as LSP incremental changes (ASCII only)."""

    def __init__(self, text: str, pool: list[str], rng: random.Random) -> None:
        self.text, self.pool, self.rng = text, pool, rng

    def position(self) -> tuple[int, int]:
        lines = self.text.split("\n")
        line = self.rng.randrange(len(lines))
        return line, self.rng.randint(0, len(lines[line]))

    def offset(self, line: int, column: int) -> int:
        lines = self.text.split("\n")
        return sum(len(x) + 1 for x in lines[:line]) + column

    def random_change(self) -> dict:
        kind = self.rng.random()
        (sl, sc) = self.position()
        if kind < 0.45:  # insert a whole line before a line
            return self.apply(lsp_range(sl, 0, sl, 0), self.rng.choice(self.pool))
        if kind < 0.6:  # delete a line (or the last one's text)
            lines = self.text.split("\n")
            if sl + 1 < len(lines):
                return self.apply(lsp_range(sl, 0, sl + 1, 0), "")
            return self.apply(lsp_range(sl, 0, sl, len(lines[sl])), "")
        if kind < 0.9:  # type a few characters
            return self.apply(lsp_range(sl, sc, sl, sc), self.rng.choice(["x", " ", "-y ", "\\", "{{", ":", "'"]))
        lines = self.text.split("\n")  # delete a span of the line, up to its end and the line break
        end = (
            (sl + 1, 0)
            if sl + 1 < len(lines) and self.rng.random() < 0.3
            else (sl, self.rng.randint(sc, len(lines[sl])))
        )
        return self.apply(lsp_range(sl, sc, *end), "")

    def apply(self, rng: dict, new: str) -> dict:
        start = self.offset(rng["start"]["line"], rng["start"]["character"])
        end = self.offset(rng["end"]["line"], rng["end"]["character"])
        self.text = self.text[:start] + new + self.text[end:]
        return {"range": rng, "text": new}


def _key(diagnostic: dict) -> tuple:
    r = diagnostic["range"]
    return (
        r["start"]["line"],
        r["start"]["character"],
        r["end"]["line"],
        r["end"]["character"],
        diagnostic["code"],
        diagnostic["message"],
    )


def _expected(text: str, path: Path) -> list[tuple]:
    return sorted(
        (f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column, f.code, f.message)
        for f in analyse(text, path=path)
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_edit_storm_with_hovers_actions_cancels_and_odd_versions(tmp_path, name):
    source, language_id, pool = CASES[name]
    path = tmp_path / name
    text = source.read_text()
    path.write_text(text)
    rng = random.Random(f"storm-{name}")
    buffer = Buffer(text, pool, rng)
    requests, cancelled = [], set()
    with Client(tmp_path) as client:
        client.start(tmp_path)
        uri = path.as_uri()
        client.did_open(uri, text, language_id, version=1)
        version = 1
        for i in range(EDITS):
            version += 1
            sent_version = version
            if i % 17 == 5:
                sent_version = version - 7  # out of order: an older version number than the last one
            elif i % 23 == 7:
                sent_version = version - 1  # the same version number twice
            client.did_change(uri, sent_version, [buffer.random_change()])
            if i % 5 == 0:
                line, column = buffer.position()
                requests.append(
                    client.send(
                        "textDocument/hover",
                        {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}},
                    )
                )
            if i % 7 == 0:
                line, _ = buffer.position()
                requests.append(
                    client.send(
                        "textDocument/codeAction",
                        {
                            "textDocument": {"uri": uri},
                            "range": lsp_range(line, 0, line, 0),
                            "context": {"diagnostics": []},
                        },
                    )
                )
            if i % 3 == 0 and requests and requests[-1][0] not in cancelled:
                cancelled.add(requests[-1][0])
                client.notify("$/cancelRequest", {"id": requests[-1][0]})
        final = version + 1000
        sent = client.did_change(uri, final, [buffer.apply(lsp_range(0, 0, 0, 0), "# final edit\n")])
        published = client.wait_diagnostics(uri, final, sent, timeout=60)

        for request_id, pending in requests:  # every request answered; cancelled only when we asked
            answer(pending, timeout=30)
            code = (pending.error or {}).get("code")
            if pending.error is not None and code != CONTENT_MODIFIED:  # "stale, ask again" is always allowed
                assert request_id in cancelled and code == REQUEST_CANCELLED, pending.error
        started = time.perf_counter()
        client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}, timeout=10
        )
        assert time.perf_counter() - started < 5, "server slow to answer after the storm"
        assert client.proc.poll() is None

    assert sorted(_key(d) for d in published.diagnostics) == _expected(buffer.text, path)
    assert len(requests) >= EDITS // 5


@pytest.mark.parametrize("how", ["both-pipes-closed", "stdin-eof-only"])
def test_client_that_disconnects_mid_request_lets_the_server_exit(tmp_path, how):
    """The editor vanishes while a request is in flight: the server must not hang or leave children."""
    path = tmp_path / "Dockerfile"
    text = (ROOT / "fixtures" / "dockerfile" / "Dockerfile.bad").read_text() * (200 if STRESS else 40)
    path.write_text(text)
    client = Client(tmp_path)
    client.start(tmp_path)
    client.did_open(path.as_uri(), text, "dockerfile")
    for line in range(0, 40, 4):
        client.send(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": path.as_uri()},
                "range": lsp_range(line, 0, line, 0),
                "context": {"diagnostics": []},
            },
        )
        client.send(
            "textDocument/hover", {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": 1}}
        )
    server = client.proc.pid
    descendants = children(server)
    # a SIGKILLed editor: the server's stdin hits EOF and (both-pipes-closed) its answers hit a broken pipe
    client.proc.stdin.close()
    if how == "both-pipes-closed":
        client.proc.stdout.close()
    try:
        assert client.proc.wait(timeout=20) is not None, "server still running after its client went away"
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
    assert not alive(server)
    assert wait_gone(descendants, timeout=10) == []
