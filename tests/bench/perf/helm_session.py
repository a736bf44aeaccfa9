"""Editing a Helm template through the language server (issue 18): what the user sees, per keystroke.

Bursts of keystrokes (``keystrokes`` edits ``gap_ms`` apart, each a new comment line at the top, so
that every version is a text Helm has not rendered) on bitnami nginx's ``templates/deployment.yaml``:

- ``template checks``: didChange -> the version's first publication (its template checks), every
  keystroke; ``while rendering``: the same for the first keystroke of the bursts that start while the
  previous burst's render runs (they start ``idle_ms`` + 10 ms after its last keystroke);
- ``rendered``: the idle point (the last keystroke + ``idle_ms``, the server's ``helm.render-idle-ms``;
  0 for a server that renders at every keystroke) -> the last version's second publication (the
  rendered findings), for the bursts that are left alone until it arrives.

Works with an older server (``env`` with its ``PYTHONPATH``; ``idle_ms`` None: it knows no such setting,
and rejects unknown ones), which renders at every keystroke.
"""

from __future__ import annotations

import time
from pathlib import Path

from lsp_session import SessionClient
from perf_common import LspError, percentile, rounded

WAIT_S = 10.0


def measure(
    command: list[str],
    template: Path,
    bursts: int,
    keystrokes: int,
    gap_ms: float,
    idle_ms: int | None,
    env: dict | None = None,
) -> dict:
    """Latencies in ms (lists) and the figures of one session."""
    root = template.parents[1]
    settings = {"helm": {"render-idle-ms": idle_ms}} if idle_ms is not None else {}
    idle_ms = idle_ms or 0
    client = SessionClient(command, cwd=root, settings={"infragenius": settings}, env=env)
    text = template.read_text("utf-8")
    uri = template.resolve().as_uri()
    quick: list[float] = []
    while_rendering: list[float] = []
    rendered: list[float] = []
    missed = 0
    try:
        client.start(root, settings)
        sent = client.did_open(uri, text, "helm")
        if _second(client, uri, 1, sent, WAIT_S * 6) is None:  # the Go runtime's start and the first render
            raise LspError("no rendered diagnostics after opening the template")
        version = 1
        for burst in range(bursts):
            edits: dict[int, float] = {}
            for _ in range(keystrokes):
                version += 1
                edits[version] = client.did_change(uri, version, [{"text": f"# edit {version}\n{text}"}])
                time.sleep(gap_ms / 1000)
            for number, at in edits.items():
                try:
                    got = client.wait_diagnostics(uri, number, at, timeout=WAIT_S)
                except LspError:
                    missed += 1
                    continue
                quick.append((got.received - at) * 1000)
                if burst % 2 == 1 and number == min(edits):
                    while_rendering.append(quick[-1])
            last, at = version, edits[version]
            if burst % 2 == 0:  # leave it alone: the render follows the idle wait
                found = _second(client, uri, last, at, WAIT_S)
                if found is None:
                    missed += 1
                else:
                    rendered.append((found - at) * 1000 - idle_ms)
            else:  # the next burst starts while this one's render runs
                time.sleep(max(0.0, at + (idle_ms + 10) / 1000 - time.perf_counter()))
    finally:
        client.close()
    return {"template checks": quick, "while rendering": while_rendering, "rendered": rendered, "missed": missed}


def _second(client: SessionClient, uri: str, version: int, since: float, timeout: float) -> float | None:
    """When the version's second publication (the rendered findings) arrived, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mine = [p for p in client.published if p.uri == uri and p.version == version and p.received >= since]
        if len(mine) >= 2:
            return mine[1].received
        time.sleep(0.005)
    return None


def summary(name: str, latencies: dict) -> list[dict]:
    """Rows per kind of publication; ``missed``: versions that never got one (superseded first, or late)."""
    return [
        {
            "server": name,
            "diagnostics": what,
            "count": len(values),
            "missed": latencies.get("missed", 0) if what == "template checks" else None,
            "p50_ms": rounded(percentile(values, 50)),
            "p95_ms": rounded(percentile(values, 95)),
        }
        for what, values in latencies.items()
        if what != "missed"
    ]
