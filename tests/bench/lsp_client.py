"""A minimal LSP client for benchmarks: JSON-RPC 2.0 over a server's stdio, Content-Length framing.

A reader thread decodes frames and routes them: responses complete the pending request with the
same id, server->client requests get an answer (``workspace/configuration`` -> one ``{}`` per item,
everything else -> null), and ``textDocument/publishDiagnostics`` notifications are recorded with
their arrival time so that callers can measure latency against the version they sent.

Only the standard library is used so the bench does not depend on the code it measures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class LspError(RuntimeError):
    pass


@dataclass
class Published:
    """One publishDiagnostics notification as it arrived."""

    uri: str
    version: int | None
    diagnostics: list[dict]
    received: float  # time.perf_counter() when the frame was decoded


@dataclass
class _Pending:
    event: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: Any = None


def server_command() -> list[str]:
    """``infragenius lsp`` from the interpreter's environment (the console script when installed)."""
    script = Path(sys.executable).parent / "infragenius"
    if script.exists():
        return [str(script), "lsp"]
    return [
        sys.executable,
        "-c",
        "import sys; from infragenius.__main__ import main; sys.exit(main())",
        "lsp",
    ]


class LspClient:
    def __init__(
        self,
        command: list[str] | None = None,
        cwd: str | Path | None = None,
        stderr=subprocess.DEVNULL,
        env: dict[str, str] | None = None,
    ):
        self.command = command or server_command()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=cwd,
            env=env,
            bufsize=0,
        )
        self._next_id = 0
        self._pending: dict[int, _Pending] = {}
        self._write_lock = threading.Lock()
        self._cond = threading.Condition()
        self.published: list[Published] = []
        self.server_requests: list[str] = []
        self.capabilities: dict = {}
        self.closed = False
        self._reader = threading.Thread(target=self._read_loop, name="lsp-reader", daemon=True)
        self._reader.start()

    # -- framing -------------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self._write_lock:
            if self.proc.stdin is None or self.proc.poll() is not None:
                raise LspError(f"server exited with code {self.proc.returncode}")
            self.proc.stdin.write(frame)
            self.proc.stdin.flush()

    def _read_frame(self) -> dict | None:
        stdout = self.proc.stdout
        length = None
        while True:
            line = stdout.readline()
            if not line:
                return None  # EOF
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii", "replace").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if length is None:
            raise LspError("frame without Content-Length")
        body = b""
        while len(body) < length:
            chunk = stdout.read(length - len(body))
            if not chunk:
                return None
            body += chunk
        return json.loads(body)

    def _read_loop(self) -> None:
        try:
            while True:
                message = self._read_frame()
                if message is None:
                    break
                self._dispatch(message)
        except Exception as exc:  # noqa: BLE001 - a broken stream ends the session; waiters see `closed`
            print(f"lsp_client: reader stopped: {exc!r}", file=sys.stderr)
        finally:
            with self._cond:
                self.closed = True
                self._cond.notify_all()
            for pending in list(self._pending.values()):
                pending.error = {"message": "server closed the connection"}
                pending.event.set()

    def _dispatch(self, message: dict) -> None:
        received = time.perf_counter()
        method = message.get("method")
        if method is None:  # a response to one of our requests
            pending = self._pending.pop(message.get("id"), None)
            if pending is not None:
                pending.result, pending.error = (
                    message.get("result"),
                    message.get("error"),
                )
                pending.event.set()
            return
        if "id" in message:  # a request from the server
            self.server_requests.append(method)
            result: Any = None
            if method == "workspace/configuration":
                result = [{} for _ in message.get("params", {}).get("items", [])]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        if method == "textDocument/publishDiagnostics":
            params = message.get("params", {})
            item = Published(
                params.get("uri"),
                params.get("version"),
                params.get("diagnostics", []),
                received,
            )
            with self._cond:
                self.published.append(item)
                self._cond.notify_all()

    # -- requests and notifications ------------------------------------------------------------
    def request(self, method: str, params: Any = None, timeout: float = 30.0) -> Any:
        self._next_id += 1
        msg_id = self._next_id
        pending = _Pending()
        self._pending[msg_id] = pending
        self._send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        if not pending.event.wait(timeout):
            raise LspError(f"{method}: no answer in {timeout} s")
        if pending.error is not None:
            raise LspError(f"{method}: {pending.error}")
        return pending.result

    def notify(self, method: str, params: Any = None) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    # -- session helpers -----------------------------------------------------------------------
    def initialize(self, root: Path, timeout: float = 60.0) -> dict:
        params = {
            "processId": None,
            "rootUri": root.resolve().as_uri(),
            "workspaceFolders": [{"uri": root.resolve().as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {
                    "synchronization": {"didSave": True},
                    "publishDiagnostics": {
                        "versionSupport": True,
                        "relatedInformation": True,
                    },
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "codeAction": {},
                },
                "general": {"positionEncodings": ["utf-16"]},
            },
            "initializationOptions": {},
        }
        result = self.request("initialize", params, timeout=timeout) or {}
        self.capabilities = result.get("capabilities", {})
        self.notify("initialized", {})
        return result

    @property
    def sync_kind(self) -> int:
        """1 = full text on change, 2 = incremental (from the server's textDocumentSync)."""
        sync = self.capabilities.get("textDocumentSync", 1)
        if isinstance(sync, dict):
            return sync.get("change", 1) or 1
        return sync or 1

    def did_open(self, uri: str, text: str, language: str = "dockerfile", version: int = 1) -> float:
        sent = time.perf_counter()
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": language,
                    "version": version,
                    "text": text,
                }
            },
        )
        return sent

    def did_change(self, uri: str, version: int, changes: list[dict]) -> float:
        sent = time.perf_counter()
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": changes,
            },
        )
        return sent

    def wait_diagnostics(self, uri: str, version: int | None, since: float, timeout: float = 30.0) -> Published:
        """The first publishDiagnostics for ``uri`` received after ``since`` that carries ``version``.

        Untagged publications (version null, e.g. the clearing one after didClose) count only for a
        server that has never tagged one."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                tagged = any(item.version is not None for item in self.published)
                accepted = (version,) if tagged else (version, None)
                for item in self.published:
                    if item.uri == uri and item.received >= since and item.version in accepted:
                        return item
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.closed:
                    raise LspError(f"no diagnostics for {uri} version {version} within {timeout} s")
                self._cond.wait(remaining)

    def close(self, timeout: float = 5.0) -> None:
        try:
            if not self.closed and self.proc.poll() is None:
                self.request("shutdown", None, timeout=timeout)
                self.notify("exit", None)
        except (LspError, OSError, ValueError):
            pass
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass

    def __enter__(self) -> LspClient:  # noqa: PYI034 - not subclassed
        return self

    def __exit__(self, *exc) -> None:
        self.close()
