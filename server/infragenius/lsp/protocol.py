"""The JSON-RPC side of the server: pygls' ``LanguageServerProtocol`` with protocol errors answered.

pygls 2.1 drops a message whose params do not fit its method's type (a negative position): it logs
"Unable to deserialize message" and answers nothing, so the client waits for that request forever.
Here a request gets ``-32602 Invalid params`` naming the fields, a notification is logged with its
method and document, and a body that is not JSON gets ``-32700 Parse error`` (JSON-RPC 2.0, section 5.1).

An edit that does not fit the document (a range ending before it starts, or past the last line) is
dropped whole and logged: pygls would write such a range as garbage or lose its text without a word.
The document stays at its last good version, text and version together.

Messages go out encoded by orjson: pygls' ``json.dumps`` took ~3.5 ms for the 600 diagnostics of a
500-line Dockerfile, on every edit; orjson takes ~0.4 ms for the same bytes' worth of JSON (UTF-8
rather than ASCII escapes). What orjson refuses (an integer beyond 64 bits, a lone surrogate in a
string) goes the old way.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import logging
from collections.abc import Sequence
from typing import Any

import orjson
from cattrs import transform_error
from cattrs.errors import BaseValidationError
from lsprotocol import types as lsp
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInternalError,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
)
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.workspace import TextDocument

from .framing import FrameReader

log = logging.getLogger("infragenius.lsp")


class InfraGeniusProtocol(LanguageServerProtocol):
    async def serve(self, frames: FrameReader) -> None:
        """Handle frames until the input ends or the server stops."""
        stop = self._server._stop_event
        while stop is None or not stop.is_set():
            body = await frames.next_body()
            if body is None:
                log.info("the client closed the connection")
                return
            self.receive(body)

    def receive(self, body: bytes) -> None:
        """Handle one frame's body: structure it and hand it to pygls, or answer why not."""
        try:
            data = json.loads(body)
        except ValueError as exc:
            log.error("a %d-byte frame is not JSON (%s): answered with a parse error", len(body), exc)
            self._send_error(None, JsonRpcParseError.CODE, "Parse error")
            return
        if not isinstance(data, dict):
            log.error("a frame holds a JSON %s, not a message object", type(data).__name__)
            self._send_error(None, JsonRpcInvalidRequest.CODE, "Invalid request: not a JSON-RPC message object")
            return
        try:
            message = self.structure_message(data)
        except JsonRpcException as exc:
            self._reject(data, exc)
            return
        try:
            self.handle_message(message)
        except Exception as exc:  # pygls' own loop logs and goes on too
            log.exception("could not handle %s", data.get("method", "a response"))
            self._server._report_server_error(exc, JsonRpcException)

    def _reject(self, data: dict[str, Any], exc: JsonRpcException) -> None:
        """Answer or log a message whose params do not fit its method."""
        method, reason = data.get("method"), _invalid_fields(exc)
        if not isinstance(method, str):
            log.warning("dropped a malformed response to request %r: %s", data.get("id"), reason)
        elif "id" in data:
            log.warning("%s request answered with invalid params: %s", method, reason)
            code = exc.code if isinstance(exc, JsonRpcInvalidParams) else JsonRpcInvalidParams.CODE
            self._send_error(_request_id(data["id"]), code, f"Invalid params for {method}: {reason}")
        else:
            uri, version = _document_of(data)
            log.warning("%s dropped: invalid params (%s)%s", _subject(method, uri, version), reason, self._kept(uri))

    def _send_data(self, data: Any) -> None:
        """pygls' ``_send_data`` with orjson (see the module's doc); the same frame and error handling."""
        if not data or self.writer is None or not self._include_headers:
            super()._send_data(data)
            return
        try:
            body = orjson.dumps(data, default=self._serialize_message, option=orjson.OPT_NON_STR_KEYS)
        except TypeError:  # beyond what orjson takes: json escapes it
            super()._send_data(data)
            return
        header = f"Content-Length: {len(body)}\r\nContent-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
        try:
            written = self.writer.write(header.encode("ascii") + body)
            if inspect.isawaitable(written):
                asyncio.ensure_future(written)
        except BrokenPipeError:
            log.exception("could not send: the client's pipe is broken")
            raise
        except Exception as error:  # pygls' own: reported, the server goes on
            log.exception("could not send a message")
            self._server._report_server_error(error, JsonRpcInternalError)

    def _send_error(self, msg_id: int | str | None, code: int, message: str) -> None:
        # a plain dict: pygls' converter leaves out a null id, which JSON-RPC requires here
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})

    def _kept(self, uri: str | None) -> str:
        document = self.workspace.text_documents.get(uri) if uri else None
        return "" if document is None else f"; the document stays at v{document.version}"

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> Any:
        """pygls 2.1's, once every change is known to fit the document; otherwise none is applied."""
        uri = params.text_document.uri
        document = self.workspace.text_documents.get(uri)
        problem = "the document is not open" if document is None else _misfit(document, params.content_changes)
        if problem is not None:
            log.warning(
                "%s dropped: %s%s",
                _subject(lsp.TEXT_DOCUMENT_DID_CHANGE, uri, params.text_document.version),
                problem,
                self._kept(uri),
            )
            return
        yield from super().lsp_text_document__did_change(params)

    @lsp_method(lsp.SHUTDOWN)
    def lsp_shutdown(self, *args: Any) -> Any:
        """pygls 2.1's, over a copy of the in-flight requests: cancelling one edits that dict, so with a
        request in flight (an AI explanation streaming) shutdown failed with "dictionary changed size
        during iteration", clients then skipped ``exit`` and had to kill the server."""
        if (user_handler := self.fm.features.get(lsp.SHUTDOWN)) is not None:
            yield user_handler, args, None
        current_id = self.msg_id
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current_id and not future.done():
                future.cancel()
        self._shutdown = True
        return None


def _misfit(document: TextDocument, changes: Sequence[lsp.TextDocumentContentChangeEvent]) -> str | None:
    """Why ``changes`` cannot apply to ``document`` one after the other, or None. Each range is judged
    against the text the changes before it leave, on a copy: nothing is applied here."""
    scratch = copy.copy(document)  # apply_change replaces the copy's text only
    for number, change in enumerate(changes, 1):
        if (
            isinstance(change, lsp.TextDocumentContentChangePartial)
            and (problem := _range_misfit(change.range, len(scratch.lines))) is not None
        ):
            return f"change {number} of {len(changes)}: {problem}"
        if number < len(changes):
            scratch.apply_change(change)
    return None


def _range_misfit(span: lsp.Range, lines: int) -> str | None:
    start, end = span.start, span.end
    if (start.line, start.character) > (end.line, end.character):
        return f"range {start.line}:{start.character}-{end.line}:{end.character} ends before it starts"
    if end.line > lines:  # line == lines is the end of the text
        return f"line {end.line} is past the end of the document ({lines} lines)"
    return None


def _invalid_fields(exc: JsonRpcException) -> str:
    """The fields that failed, as cattrs names them (``invalid value @ $.params.position``): paths and
    types only, never the values, which may be file contents."""
    cause = exc.__cause__
    if isinstance(cause, BaseValidationError):
        return "; ".join(transform_error(cause, path="$"))
    return type(cause).__name__ if cause is not None else "unreadable message"


def _document_of(data: dict[str, Any]) -> tuple[str | None, Any]:
    params = data.get("params")
    document = params.get("textDocument") if isinstance(params, dict) else None
    if not isinstance(document, dict) or not isinstance(document.get("uri"), str):
        return None, None
    return document["uri"], document.get("version")


def _subject(method: str, uri: str | None, version: Any) -> str:
    if uri is None:
        return method
    return f"{method} for {uri}" + (f" v{version}" if isinstance(version, int) else "")


def _request_id(value: Any) -> int | str | None:
    """The id to answer with: JSON-RPC ids are strings or numbers; any other is answered as null."""
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else None
