"""Reading ``Content-Length`` frames off the client's byte stream, and getting back in step after a broken one.

pygls 2.1's reader (``pygls.io_.run_async``) never recovers from a bad header: it skips a frame whose
``Content-Length`` is not a number, but that frame's body has no line end, so it is glued to the next
header line, which then does not match either - every later message is lost while the server runs on,
deaf. This reader finds the next ``Content-Length`` header wherever it starts and logs what it skipped
(sizes only, never the bytes: they may be file contents), so a broken frame costs that frame alone.

A declared length that is too long is caught too: a raw ``Content-Length: N`` line cannot be part of a
JSON body (line ends inside JSON strings are escaped, and the words cannot stand outside one), so one
showing up inside a body means the body ended early and a new frame began there.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

CHUNK = 65536
HEADER_START = re.compile(rb"content-length:", re.IGNORECASE)
HEADER_LINE = re.compile(rb"content-length:[ \t]*\d+\r\n", re.IGNORECASE)
OTHER_HEADERS = re.compile(rb"(?:[A-Za-z0-9-]+:[^\r\n]*\r\n)*\Z")  # Content-Type lines before the length
LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
HEADERS_END = b"\r\n\r\n"
LOOKBACK = 1024  # bytes kept while skipping: header lines before a Content-Length, or one cut by a read


class FrameReader:
    """Frame bodies from ``read_some`` (a coroutine returning the next bytes, ``b""`` at the end)."""

    def __init__(self, read_some: Callable[[], Awaitable[bytes]]) -> None:
        self._read_some = read_some
        self._buffer = bytearray()
        self._ended = False

    async def next_body(self) -> bytes | None:
        """The next frame's body, or None once the stream has ended."""
        while await self._skip_to_header():
            headers_end = await self._find(HEADERS_END)
            if headers_end is None:
                break
            length = _content_length(self._buffer[:headers_end])
            if length is None:
                log.error(
                    "skipped a frame whose header has no valid Content-Length (%r)",
                    bytes(self._buffer[: min(headers_end, 60)]),
                )
                del self._buffer[: headers_end + len(HEADERS_END)]
                continue
            del self._buffer[: headers_end + len(HEADERS_END)]
            body = await self._body(length)
            if body is not None:
                return body
        if self._buffer.strip():
            log.error("the input ended inside a frame: %d bytes left unread", len(self._buffer))
        return None

    async def _skip_to_header(self) -> bool:
        """Drop whatever comes before the next header block holding a ``Content-Length``; False at the
        end of the input. Skipped bytes are logged unless they were only blank lines."""
        skipped = blank = 0
        while (match := HEADER_START.search(self._buffer)) is None:
            # all but the last bytes, which may be the start of a header block cut by the read
            end = max(0, len(self._buffer) - LOOKBACK)
            if not await self._fill():
                end = len(self._buffer)
            skipped, blank = skipped + end, blank + _blanks(self._buffer[:end])
            del self._buffer[:end]
            if self._ended:
                break
        else:
            # header lines just before it (Content-Type) belong to the same block
            block = OTHER_HEADERS.search(self._buffer, max(0, match.start() - LOOKBACK), match.start())
            end = block.start() if block is not None else match.start()
            skipped, blank = skipped + end, blank + _blanks(self._buffer[:end])
            del self._buffer[:end]
        if skipped > blank:
            log.error("skipped %d bytes that were not part of a frame", skipped)
        return bool(self._buffer)

    async def _find(self, needle: bytes) -> int | None:
        start = 0
        while (found := self._buffer.find(needle, start)) < 0:
            start = max(0, len(self._buffer) - len(needle) + 1)
            if not await self._fill():
                return None
        return found

    async def _body(self, length: int) -> bytes | None:
        """``length`` bytes, or None when a new frame's header starts inside them (the body is dropped
        and reading goes on from that header) or the input ends first."""
        scanned = 0
        while True:
            # from a little before the bytes already looked at: a header line may have been cut by a read
            header = HEADER_LINE.search(self._buffer, max(0, scanned - 64))
            if header is not None and header.start() < length:
                log.error(
                    "a frame ended after %d of its declared %d bytes, where a new frame starts: skipped it",
                    header.start(),
                    length,
                )
                del self._buffer[: header.start()]
                return None
            if len(self._buffer) >= length:
                body = bytes(self._buffer[:length])
                del self._buffer[:length]
                return body
            scanned = len(self._buffer)
            if not await self._fill():
                return None

    async def _fill(self) -> bool:
        """Read more input into the buffer; False once the input has ended."""
        if self._ended:
            return False
        data = await self._read_some()
        if not data:
            self._ended = True
            return False
        self._buffer += data
        return True


def _blanks(data: bytes | bytearray) -> int:
    return len(data) if not data.strip() else 0


def _content_length(headers: bytes | bytearray) -> int | None:
    match = LENGTH.search(bytes(headers).replace(b"\r\n", b"\n"))
    return int(match.group(1)) if match else None
