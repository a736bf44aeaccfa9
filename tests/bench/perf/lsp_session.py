"""One measured language-server session: spawn -> initialize, didOpen -> first diagnostics, N edits.

Works for our server and the peers (any stdio LSP server): ``SessionClient`` is the bench's client with
per-section answers to ``workspace/configuration`` and custom ``initializationOptions``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from perf_common import EditScript, LspClient, LspError, now_ms, percentile, rounded

# after this many edits in a row without a publication for their version, stop waiting for more
GIVE_UP_AFTER_MISSES = 5


class SessionClient(LspClient):
    def __init__(self, command: list[str], cwd: Path, settings: dict | None = None, env: dict | None = None):
        self.settings = settings or {}
        super().__init__(command, cwd=cwd, env=env)

    def _dispatch(self, message: dict) -> None:
        if message.get("method") == "workspace/configuration" and "id" in message:
            items = message.get("params", {}).get("items", [])
            result = [self._section(item.get("section")) for item in items]
            self.server_requests.append("workspace/configuration")
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        super()._dispatch(message)

    def _section(self, section: str | None) -> Any:
        if not section:
            return self.settings
        value: Any = self.settings
        for part in section.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value if value is not None else {}

    def start(self, root: Path, init_options: dict | None = None, timeout: float = 60.0) -> dict:
        uri = root.resolve().as_uri()
        params = {
            "processId": None,
            "rootUri": uri,
            "rootPath": str(root.resolve()),
            "workspaceFolders": [{"uri": uri, "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True, "didChangeConfiguration": {}},
                "textDocument": {
                    "synchronization": {"didSave": True},
                    "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "codeAction": {},
                },
                "general": {"positionEncodings": ["utf-16"]},
            },
            "initializationOptions": init_options or {},
        }
        result = self.request("initialize", params, timeout=timeout) or {}
        self.capabilities = result.get("capabilities", {})
        self.notify("initialized", {})
        if self.settings:
            self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return result


def measure(
    command: list[str],
    root: Path,
    path: Path,
    text: str,
    language_id: str,
    edits: int = 100,
    settings: dict | None = None,
    init_options: dict | None = None,
    edit_timeout: float = 3.0,
    env: dict | None = None,
) -> dict:
    """Timings in ms for one file; ``missed`` counts edits whose version got no publication in time."""
    out: dict = {"file": str(path), "lines": text.count("\n") + 1}
    client = SessionClient(command, cwd=root, settings=settings, env=env)
    try:
        client.start(root, init_options)
        out["initialize_ms"] = rounded(now_ms(client.started))
        uri = path.resolve().as_uri()
        sent = client.did_open(uri, text, language_id)
        first = client.wait_diagnostics(uri, 1, sent, timeout=60)
        out["first_diagnostics_ms"] = rounded((first.received - sent) * 1000)
        out["first_diagnostic_count"] = len(first.diagnostics)
        time.sleep(0.5)  # let late publications for version 1 (a second validation pass) arrive first
        out["tags_versions"] = any(p.version is not None for p in client.published)
        out.update(_edits(client, uri, text, edits, edit_timeout))
        final = [p for p in client.published if p.uri == uri]
        out["final_diagnostic_count"] = len(final[-1].diagnostics) if final else None
        out["sample_messages"] = sorted({d.get("message", "")[:100] for d in (final[-1].diagnostics if final else [])})[
            :5
        ]
    except (LspError, OSError) as exc:
        out["error"] = str(exc)
    finally:
        client.close()
    return out


def _edits(client: SessionClient, uri: str, text: str, count: int, timeout: float) -> dict:
    script = EditScript(text)
    latencies: list[float] = []
    missed = 0
    streak = 0
    for version in range(2, count + 2):
        change, _ = script.next(version)
        changes = [change] if client.sync_kind == 2 else [{"text": script.text}]
        sent = client.did_change(uri, version, changes)
        try:
            got = client.wait_diagnostics(uri, version, sent, timeout=timeout)
            latencies.append((got.received - sent) * 1000)
            streak = 0
        except LspError:
            missed += 1
            streak += 1
            if streak >= GIVE_UP_AFTER_MISSES and not latencies:
                break
    return {
        "edits_sent": version - 1,
        "edits_published": len(latencies),
        "edits_missed": missed,
        "edit_p50_ms": rounded(percentile(latencies, 50)),
        "edit_p95_ms": rounded(percentile(latencies, 95)),
        "edit_max_ms": rounded(max(latencies) if latencies else None),
    }
