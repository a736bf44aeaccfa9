"""One large file over HTTP(S), resumable and verified: what ``infragenius ai pull`` downloads with.

The bytes go to ``NAME.part`` next to the destination. A cut connection keeps the part: the next try
asks for the rest (``Range: bytes=N-``) and a server that ignores it is read again from the start. The
free space is checked before the first byte is written. The sha256 is the one given, else the one the
hub publishes for the file (``X-Linked-Etag``); a mismatch removes the part. Only a complete, verified
file that starts like a GGUF model is moved into place.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

CHUNK = 1 << 20
SPACE_MARGIN = 64 << 20  # room left on the disk after the file, for everything else
GGUF_MAGIC = b"GGUF"
_SHA256 = re.compile(r'^(?:W/)?"?([0-9a-f]{64})"?$')

Progress = Callable[[int, int | None], None]  # (bytes so far, total or None)


class DownloadError(Exception):
    """One line for the user: what went wrong and what to do."""


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str
    checked_against: str  # "the catalogue" | "the hub's published sha256"
    resumed_from: int  # bytes already there when this download started (0: from the start)


def free_space(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def download(
    url: str,
    dest: Path,
    client: httpx.Client,
    sha256: str | None = None,
    progress: Progress | None = None,
    attempts: int = 3,
) -> Downloaded:
    """``url`` into ``dest``, resuming a cut connection up to ``attempts`` times in all."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    resumed_from = part.stat().st_size if part.exists() else 0
    for attempt in range(1, attempts + 1):
        try:
            expected, source = _fetch(url, part, client, sha256, progress)
            break
        except _Cut as cut:
            if attempt == attempts:
                raise DownloadError(
                    f"the download was cut at {_size(cut.have)} of {_size(cut.total)} ({cut.reason}); "
                    "run the same command again to resume"
                ) from None
    return Downloaded(_finish(part, dest, expected), expected, source, resumed_from)


def _fetch(
    url: str, part: Path, client: httpx.Client, sha256: str | None, progress: Progress | None
) -> tuple[str, str]:
    """Bytes into ``part`` until the server's end; the expected sha256 and where it came from."""
    have = part.stat().st_size if part.exists() else 0
    # identity: byte ranges then count the file's own bytes, not a compressed form of them
    headers = {"Accept-Encoding": "identity", **({"Range": f"bytes={have}-"} if have else {})}
    try:
        with client.stream("GET", url, headers=headers, follow_redirects=True) as response:
            if response.status_code == 416 and have:  # nothing left to send: the part may be whole
                return _expected(sha256, response), _source(sha256)
            if response.status_code not in (200, 206):
                raise DownloadError(f"{_host(url)} answered HTTP {response.status_code} for {url}")
            expected = _expected(sha256, response)
            if response.status_code == 200:
                have = 0  # the server sends the whole file again
            total = _total(response, have)
            _check_space(part.parent, (total - have) if total is not None else None)
            _receive(response, part, have, total, progress)
    except httpx.HTTPError as exc:
        if part.exists():
            got = part.stat().st_size
            raise _Cut(got, None, _reason(exc)) from None
        raise DownloadError(f"cannot download {url}: {_reason(exc)}") from None
    size = part.stat().st_size
    if total is not None and size < total:
        raise _Cut(size, total, "the server closed the connection early")
    return expected, _source(sha256)


def _receive(response: httpx.Response, part: Path, have: int, total: int | None, progress: Progress | None) -> None:
    with part.open("r+b" if have else "wb") as out:
        out.seek(have)
        out.truncate()
        done = have
        if progress:
            progress(done, total)
        try:
            for chunk in response.iter_bytes():  # as it arrives: a cut keeps every byte received
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        except httpx.HTTPError as exc:
            out.flush()
            raise _Cut(done, total, _reason(exc)) from None


def _finish(part: Path, dest: Path, expected: str) -> Path:
    digest = hashlib.sha256()
    with part.open("rb") as data:
        head = data.read(len(GGUF_MAGIC))
        digest.update(head)
        for chunk in iter(lambda: data.read(CHUNK), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        part.unlink()
        raise DownloadError(
            f"checksum mismatch: the file's sha256 is {digest.hexdigest()}, expected {expected}; "
            "the download was removed"
        )
    if head != GGUF_MAGIC:
        part.unlink()
        raise DownloadError("the file is not a GGUF model (it does not start with 'GGUF'); the download was removed")
    part.replace(dest)
    return dest


def _expected(sha256: str | None, response: httpx.Response) -> str:
    if sha256:
        return sha256.lower()
    published = published_sha256(response)
    if published is None:
        raise DownloadError(
            "no checksum to verify the file with (none recorded in the catalogue, none published by the server); "
            "not downloaded"
        )
    return published


def _source(sha256: str | None) -> str:
    return "the catalogue" if sha256 else "the hub's published sha256"


def published_sha256(response: httpx.Response) -> str | None:
    """The sha256 the Hugging Face hub publishes for a Git LFS file: ``X-Linked-Etag`` on the
    ``resolve`` answer (the redirect to its CDN), which is the LFS object id."""
    for answer in (*response.history, response):
        match = _SHA256.match(answer.headers.get("x-linked-etag", "").strip().lower())
        if match:
            return match.group(1)
    return None


def _total(response: httpx.Response, have: int) -> int | None:
    if response.status_code == 206:
        match = re.match(r"bytes (\d+)-\d+/(\d+|\*)", response.headers.get("content-range", ""))
        if match is None or int(match.group(1)) != have:
            raise DownloadError(f"the server resumed at the wrong place: {response.headers.get('content-range')!r}")
        return int(match.group(2)) if match.group(2) != "*" else None
    length = response.headers.get("content-length")
    return int(length) if length and length.isdigit() else None


def _check_space(folder: Path, needed: int | None) -> None:
    if needed is None:
        return
    free = free_space(folder)
    if free < needed + SPACE_MARGIN:
        raise DownloadError(
            f"not enough disk space in {folder}: the model needs {_size(needed)} more, {_size(free)} is free"
        )


def _size(count: int | None) -> str:
    if count is None:
        return "an unknown size"
    return f"{count / 1e9:.2f} GB" if count >= 1e8 else f"{count / 1e6:.1f} MB" if count >= 1e5 else f"{count} bytes"


def _host(url: str) -> str:
    return httpx.URL(url).host or url


def _reason(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__).split("\n")[0][:200]


class _Cut(Exception):
    def __init__(self, have: int, total: int | None, reason: str) -> None:
        super().__init__(reason)
        self.have, self.total, self.reason = have, total, reason
