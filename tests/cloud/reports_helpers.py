"""SARIF logs for report tests, written by the real SARIF renderer (fingerprints included)."""

from __future__ import annotations

import gzip
import json

from infragenius.core.document import Document, Range
from infragenius.core.findings import Finding, Severity
from infragenius.report import FileResult
from infragenius.report.sarif import sarif_log

DOCKERFILE = "FROM alpine:latest\n# comment\nMAINTAINER me\nRUN echo hi\n"


def sarif(text: str = DOCKERFILE, findings: list[tuple[str, int, Severity]] | None = None) -> dict:
    """A log of one file, ``Dockerfile``, with ``(code, 0-based line, severity)`` findings."""
    if findings is None:
        findings = [("DF002", 0, Severity.WARNING), ("DF001", 2, Severity.ERROR)]
    document = Document("file:///repo/Dockerfile", text, "dockerfile")
    made = [Finding(code, f"{code} message", Range.of(row, 0, row, 4), severity) for code, row, severity in findings]
    return sarif_log([FileResult("Dockerfile", document, made)])


def upload(cloud, key: str, log: dict, repository: str = "acme/infra", ref: str = "main", compress: bool = False):
    body = json.dumps({"repository": repository, "ref": ref, "commit": "abc123", "sarif": log}).encode()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    if compress:
        body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
    return cloud.client.post("/v1/reports", content=body, headers=headers)


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


class Receiver:
    """A webhook receiver: records each POST (headers and JSON) and answers the next of ``statuses``
    (200 once they run out)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.received: list[tuple[dict, dict]] = []
        self.statuses = list(statuses or [])

    def app(self):
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse
        from starlette.routing import Route

        async def hook(request):
            self.received.append((dict(request.headers), await request.json()))
            return JSONResponse({"ok": True}, status_code=self.statuses.pop(0) if self.statuses else 200)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])

    def wait_for(self, count: int, timeout_s: float = 10.0) -> list[dict]:
        import time

        deadline = time.monotonic() + timeout_s
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return [body for _, body in self.received]
