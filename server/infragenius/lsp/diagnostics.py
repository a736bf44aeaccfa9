"""Diagnostics: pushed on open/change/save, or pulled with ``textDocument/diagnostic``.

Push mode (the client does not declare ``textDocument.diagnostic``): every open/change/save schedules
one analysis per document after ``debounce-ms`` (default 10 ms); a newer edit cancels the scheduled
work, so a burst of edits is analysed once. Analysis runs on the analysis thread; its result is
published with the document version it was computed for, and dropped if the buffer or the config
changed meanwhile. Close clears the document's diagnostics.

Pull mode (the client declares support): nothing is pushed; each request answers for the current text,
with a ``resultId`` naming the version and config generation so an unchanged result is not re-sent.
Config changes ask the client to pull again (``workspace/diagnostic/refresh``) when it allows that.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from .convert import Positions, diagnostic

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

    from ..core.document import Document
    from ..core.engine import Analysis
    from .state import State

log = logging.getLogger(__name__)

IDENTIFIER = "infragenius"


class Diagnostics:
    def __init__(self, server: "LanguageServer", state: "State") -> None:
        self.server = server
        self.state = state
        self.refresh_supported = False
        self._pending: dict[str, asyncio.Task] = {}
        state.on_config_change(self.refresh_all)

    def initialize(self, params: lsp.InitializeParams) -> None:
        caps = params.capabilities
        self.state.pull_diagnostics = bool(caps.text_document and caps.text_document.diagnostic)
        diagnostics_caps = caps.workspace.diagnostics if caps.workspace else None
        self.refresh_supported = bool(diagnostics_caps and diagnostics_caps.refresh_support)

    # -- push ----------------------------------------------------------------------------------
    def schedule(self, uri: str) -> None:
        """(Re)start the debounced analysis of ``uri``; superseded work is cancelled."""
        if self.state.pull_diagnostics:
            return
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.get_running_loop().create_task(self._push(uri))
        self._pending[uri] = task
        task.add_done_callback(lambda t, uri=uri: self._done(uri, t))

    def schedule_with_siblings(self, document: "Document | None") -> None:
        """Re-analyse a changed document and the open files whose findings read it (same module/chart)."""
        if document is None:
            return
        self.schedule(document.uri)
        for sibling in self.state.documents.siblings(document):
            self.schedule(sibling.uri)

    def _done(self, uri: str, task: asyncio.Task) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]
        if not task.cancelled() and task.exception() is not None:
            log.error("diagnostics for %s failed", uri, exc_info=task.exception())

    async def _push(self, uri: str) -> None:
        await self.state.wait_for_settings()
        await asyncio.sleep(self.state.debounce_ms / 1000)
        document = self.state.documents.get(uri)
        if document is None:
            return
        generation = self.state.config_generation
        analysis, items = await self.state.run(self._analyse_and_convert, document, generation)
        if analysis is None or not self._still_current(document, generation):
            log.debug("dropped stale diagnostics for %s v%s", uri, document.version)
            return
        self.server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=items)
        )
        log.debug("published %d diagnostics for %s v%s in %.1f ms", len(analysis.findings), uri,
                  document.version, analysis.duration_ms)
        self.state.collect_garbage()

    def clear(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.state.forget(uri)
        if not self.state.pull_diagnostics:
            self.server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def refresh_all(self) -> None:
        """After a config change: re-analyse every open document (or ask the client to pull)."""
        if self.state.pull_diagnostics:
            if self.refresh_supported:
                self.server.workspace_diagnostic_refresh(None)
            return
        for document in self.state.documents.all():
            self.schedule(document.uri)

    # -- pull ----------------------------------------------------------------------------------
    async def pull(self, params: lsp.DocumentDiagnosticParams) -> lsp.DocumentDiagnosticReport:
        uri = params.text_document.uri
        await self.state.wait_for_settings()
        await asyncio.sleep(self.state.debounce_ms / 1000)  # let a burst of edits settle
        document = self.state.documents.get(uri)
        if document is None:
            return lsp.RelatedFullDocumentDiagnosticReport(items=[])
        generation = self.state.config_generation
        siblings = self.state.documents.group_generation(document)
        result_id = f"{document.version}:{generation}" + (f":{siblings}" if siblings is not None else "")
        if params.previous_result_id == result_id:
            return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        analysis = await self.state.analysis(document)
        if analysis is None or not self._still_current(document, generation):
            # the text changed while we worked: tell the client to ask again for the new one
            raise _retrigger()
        items = await self.state.run(self._convert, analysis)
        self.state.collect_garbage()  # queued behind this answer on the analysis thread
        return lsp.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)

    # -- helpers -------------------------------------------------------------------------------
    def _still_current(self, document: "Document", generation: int) -> bool:
        return self.state.documents.is_current(document) and generation == self.state.config_generation

    def _analyse_and_convert(self, document: "Document", generation: int):
        """On the analysis thread: the analysis and its diagnostics, or (None, []) when superseded."""
        analysis = self.state.analyse_now(document, generation)
        return (analysis, self._convert(analysis)) if analysis is not None else (None, [])

    def _convert(self, analysis: "Analysis") -> list[lsp.Diagnostic]:
        """Runs on the analysis thread (rule metadata may load the registry)."""
        positions = Positions(analysis.document, self.state.position_encoding)
        out = []
        for finding in analysis.findings:
            try:
                out.append(diagnostic(finding, positions, _rule_tags(finding.code)))
            except Exception:  # one odd finding must not hide the others
                log.exception("could not convert finding %s", finding.code)
        return out


def _rule_tags(code: str) -> tuple[str, ...]:
    from .hover import find_rule

    rule = find_rule(code)
    return tuple(getattr(rule, "tags", ()) or ()) if rule is not None else ()


def _retrigger() -> Exception:
    from pygls.exceptions import JsonRpcException

    return JsonRpcException(
        message="document changed; ask again",
        code=int(lsp.LSPErrorCodes.ServerCancelled),
        data={"retriggerRequest": True},
    )
