"""``check --upload``: the run's SARIF sent to the Cloud (``POST /v1/reports``), gzip-compressed, with the
account key. ``INFRAGENIUS_CLOUD_URL`` and ``INFRAGENIUS_CLOUD_KEY`` override the stored service and key
(CI has no ``infragenius login``); the stored key goes only to the service that issued it. Texts are
redacted before they leave (``ai/redact.py``)."""

from __future__ import annotations

import gzip
import json
import os
from contextlib import nullcontext

import httpx

from . import account
from .ci_context import detect

URL_ENV, KEY_ENV = "INFRAGENIUS_CLOUD_URL", "INFRAGENIUS_CLOUD_KEY"
TIMEOUT_S = 30


class UploadError(Exception):
    """Why the report did not arrive, in the user's terms (the check's outcome stays as it was)."""


def upload(sarif: str, repository: str | None, ref: str | None, client: httpx.Client | None = None) -> str:
    """Send the report; returns one line saying what the service made of it."""
    base = (os.environ.get(URL_ENV) or account.service_url()).rstrip("/")
    key = os.environ.get(KEY_ENV) or account.stored_key_for(base)
    if not key:
        raise UploadError(f"not signed in to {base}: run `infragenius login`, or set {KEY_ENV}")
    where = detect()
    repository, ref = repository or where.repository, ref or where.ref
    if not repository or not ref:
        raise UploadError("cannot tell the repository and ref: pass --repository OWNER/NAME and --ref REF")
    body = {"repository": repository, "ref": ref, "commit": where.commit, "sarif": redacted(json.loads(sarif))}
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Content-Encoding": "gzip"}
    try:
        with nullcontext(client) if client is not None else httpx.Client(timeout=TIMEOUT_S) as http:
            response = http.post(
                f"{base}/v1/reports", content=gzip.compress(json.dumps(body).encode()), headers=headers
            )
    except httpx.HTTPError as exc:
        raise UploadError(f"cannot reach {base} ({type(exc).__name__})") from None
    if response.status_code != 201:
        raise UploadError(f"{base} refused the report: {_said(response)}")
    return _summary(response.json(), repository, ref)


def redacted(node, redactor=None):
    """The SARIF with secrets in its texts (messages, fix contents, descriptions) replaced by placeholders:
    a message or a fix may quote the file, and nothing leaves the process unredacted. Other values
    (locations, fingerprints, rule ids) are left alone: a hash is not a secret, however random it looks."""
    if redactor is None:
        from ..ai.redact import Redactor

        redactor = Redactor()
    if isinstance(node, dict):
        return {
            k: redactor.redact(v) if k in TEXTS and isinstance(v, str) else redacted(v, redactor)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [redacted(item, redactor) for item in node]
    return node


TEXTS = frozenset({"text", "markdown"})


def _said(response: httpx.Response) -> str:
    try:
        said = response.json().get("error")
    except (ValueError, AttributeError):
        said = None
    return said if isinstance(said, str) else f"HTTP {response.status_code}"


def _summary(answer: dict, repository: str, ref: str) -> str:
    where = f"{repository}@{ref}"
    if answer.get("baseline"):
        return f"report uploaded: the first of {where}, kept as its baseline"
    return (
        f"report uploaded: {answer.get('new', 0)} new, {answer.get('fixed', 0)} fixed since the previous one of {where}"
    )
