"""What every route module shares: the JSON error answer and the caller's principal from the bearer key."""

from __future__ import annotations

from fastapi import Header, Request
from fastapi.responses import JSONResponse

from . import accounts
from .db import Database


def error(status: int, message: str, retry_after: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse({"error": message}, status_code=status, headers=headers or None)


def manager_refusal(who: accounts.Principal | None, action: str) -> JSONResponse | None:
    """None when the key's holder is the organisation's owner or an admin; else the answer refusing ``action``
    (401 without a valid key, 403 for a member)."""
    if who is None:
        return error(401, "unknown or revoked API key")
    if not who.manages_members:
        return error(403, f"only the organisation's owner or an admin may {action}")
    return None


def principal_dependency(database: Database):
    """A FastAPI dependency: the principal of the ``Authorization: Bearer`` key, or None."""

    def principal(authorization: str | None = Header(default=None)) -> accounts.Principal | None:
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with database.session() as session:
            return accounts.authenticate(session, token.strip())

    return principal


class TooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes ``limit`` (a chunked upload has no Content-Length to check)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)
