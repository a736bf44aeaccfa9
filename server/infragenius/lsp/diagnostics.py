"""Diagnostics: pushed on open/change/save, or pulled with ``textDocument/diagnostic``.

Push mode (the client does not declare ``textDocument.diagnostic``): every open/change/save schedules
one analysis per document after ``debounce-ms`` (default 10 ms); a newer edit cancels the scheduled
work, so a burst of edits is analysed once. Analysis runs on the analysis thread; its result is
published with the document version it was computed for, and dropped if the buffer or the config
changed meanwhile. Close clears the document's diagnostics. A Helm template is published twice: its
template checks (HM001-HM006, no render, ~10 ms) at once, then the full analysis (render, helm lint,
the Kubernetes rules on the output, and the template checks again) on the render thread
(``State.run_full``): right after an open or a save, and after an edit once the user pauses
(``helm.render-idle-ms``; with ``helm.render-on = "save"`` only on save). Both passes run in the one
task a newer edit cancels: the idle wait restarts, a render not started yet is dropped (none waits
behind a stale one), and one already running (Helm's native code cannot be stopped) has its result
dropped, so nothing of an older version follows a newer one. The template checks of the newer edit
do not wait for it: they run on the analysis thread. After a full pass, the files that are not open
where that analysis places findings (``LanguageSpec.companions``: a template's values.yaml, which
holds the rendered findings its values cause) are analysed and published too, without a version,
after an open or a save and a pause; they are cleared when the last document that published them closes.

Pull mode (the client declares support): nothing is pushed; each request answers for the current text,
with a ``resultId`` naming the result's content and the config generation, so a result that did not
change (the same version pulled again, a sibling's edit, an edit that moved none of this document's
findings) is answered ``kind: "unchanged"`` instead of being re-sent. A pull always answers with
the full analysis (a Helm template's rendered findings included): one answer, no refresh to send. Config changes ask the client to
pull again (``workspace/diagnostic/refresh``) when it allows that.

Both modes send diagnostics in their wire form, converted once per finding (``wire.py``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from .wire import Wire, WireResult

if TYPE_CHECKING:
    from pygls.lsp.server import LanguageServer

    from ..core.document import Document
    from ..core.engine import Analysis
    from .state import State

log = logging.getLogger(__name__)

IDENTIFIER = "infragenius"


class Diagnostics:
    def __init__(self, server: LanguageServer, state: State) -> None:
        self.server = server
        self.state = state
        self.refresh_supported = False
        self._pending: dict[str, asyncio.Task] = {}
        self.wire = Wire()
        self.render_wire = Wire()  # the render thread's (``State.run_full``): a Wire is one thread's
        # per URI, the last pull answered: (document, config generation, sibling generation, resultId)
        self._answered: dict[str, tuple] = {}
        # companion URI (not open) -> the open documents whose full passes published it
        self._companions: dict[str, set[str]] = {}
        state.on_config_change(self.refresh_all)

    def initialize(self, params: lsp.InitializeParams) -> None:
        caps = params.capabilities
        self.state.pull_diagnostics = bool(caps.text_document and caps.text_document.diagnostic)
        diagnostics_caps = caps.workspace.diagnostics if caps.workspace else None
        self.refresh_supported = bool(diagnostics_caps and diagnostics_caps.refresh_support)

    # -- push ----------------------------------------------------------------------------------
    def schedule(self, uri: str, edited: bool = False) -> None:
        """(Re)start the debounced analysis of ``uri``; superseded work is cancelled. ``edited``: after
        a keystroke (didChange), when a Helm template renders only once the user pauses."""
        if self.state.pull_diagnostics:
            return
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        task = asyncio.get_running_loop().create_task(self._push(uri, edited))
        self._pending[uri] = task
        task.add_done_callback(lambda t, uri=uri: self._done(uri, t))

    def schedule_with_siblings(self, document: Document | None, edited: bool = False) -> None:
        """Re-analyse a changed document and the open files whose findings read it (same module/chart)."""
        if document is None:
            return
        self.schedule(document.uri, edited)
        for sibling in self.state.documents.siblings(document):
            self.schedule(sibling.uri, edited)

    def _done(self, uri: str, task: asyncio.Task) -> None:
        if self._pending.get(uri) is task:
            del self._pending[uri]
        if not task.cancelled() and task.exception() is not None:
            log.error("diagnostics for %s failed", uri, exc_info=task.exception())

    async def _push(self, uri: str, edited: bool = False) -> None:
        await self.state.wait_for_settings()
        await asyncio.sleep(self.state.debounce_ms / 1000)
        document = self.state.documents.get(uri)
        if document is None:
            return
        generation = self.state.config_generation
        # a Helm template: its template checks (~10 ms) go out first, the render's findings after
        if self.state.wants_quick_pass(document):
            if not await self._publish_pass(document, generation, quick=True):
                return
            delay = self.state.render_delay_s(edited)
            if delay is None:
                return  # rendered on save
            await asyncio.sleep(delay)  # a newer edit cancels this task: the wait starts again
        if await self._publish_pass(document, generation, quick=False):
            if not edited:  # see _publish_companions
                await self._publish_companions(document, generation)
            self.state.collect_garbage()

    async def _publish_pass(self, document: Document, generation: int, quick: bool) -> bool:
        """Analyse and publish one pass; False when a newer edit or config superseded it. A newer edit
        also cancels this task, so no pass of an older version publishes after a newer one's."""
        if quick:
            work = self.state.run(self._analyse_and_convert, document, generation, self.wire, True)
        else:  # on the render thread when it renders, with that thread's wire cache
            wire = self.render_wire if self.state.wants_quick_pass(document) else self.wire
            work = self.state.run_full(document, self._analyse_and_convert, document, generation, wire)
        analysis, result = await work
        if analysis is None or not self._still_current(document, generation):
            log.debug("dropped stale diagnostics for %s v%s", document.uri, document.version)
            return False
        self._publish(document.uri, document.version, result.items)
        log.debug(
            "published %d diagnostics for %s v%s in %.1f ms%s",
            len(analysis.findings),
            document.uri,
            document.version,
            analysis.duration_ms,
            " (template checks)" if quick else "",
        )
        return True

    async def _publish_companions(self, document: Document, generation: int) -> None:
        """Publish the files that are not open where ``document``'s analysis places findings. After an
        open or a save only, and once the user pauses, not after each pause in typing: a values.yaml's
        analysis renders the whole chart and checks every template's output (bitnami's nginx: 200-450
        ms of CPU), and a render asked for meanwhile would wait behind it."""
        companions = self.state.documents.companions(document)
        if companions:  # a keystroke right after an open cancels them: they would delay its render
            await asyncio.sleep(self.state.idle_s())
        for companion in companions:
            wire = self.render_wire if self.state.wants_quick_pass(companion) else self.wire
            analysis, result = await self.state.run_full(
                companion, self._analyse_companion, companion, document, generation, wire
            )
            if analysis is None or result is None or not self._still_current(document, generation):
                return  # a newer edit or config: its own pass publishes them
            if self.state.documents.get(companion.uri) is not None:
                continue  # opened meanwhile: published as itself
            self._companions.setdefault(companion.uri, set()).add(document.uri)
            self._publish(companion.uri, None, result.items)

    def _analyse_companion(
        self, companion: Document, of: Document, generation: int, wire: Wire
    ) -> tuple[Analysis | None, WireResult | None]:
        analysis = self.state.analyse_companion(companion, of, generation)
        return (analysis, self._convert(analysis, generation, wire)) if analysis is not None else (None, None)

    def _release_companions(self, uri: str) -> None:
        """``uri`` closed: clear the companions that no open document publishes any more."""
        for companion, sources in list(self._companions.items()):
            sources.discard(uri)
            if uri == companion:  # it was open, and is cleared as itself; its documents publish it again
                del self._companions[companion]
            elif not sources:
                del self._companions[companion]
                if self.state.documents.get(companion) is None and not self.state.pull_diagnostics:
                    self._publish(companion, None, [])

    def clear(self, uri: str) -> None:
        task = self._pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.state.forget(uri)
        self.state.executor.submit(self.wire.forget, uri)  # each wire cache is its thread's
        self.state.render_executor.submit(self.render_wire.forget, uri)
        self._answered.pop(uri, None)
        self._release_companions(uri)
        if not self.state.pull_diagnostics:
            self.server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def refresh_all(self) -> None:
        """After a config change: re-analyse every open document (or ask the client to pull)."""
        self._answered.clear()
        if self.state.pull_diagnostics:
            if self.refresh_supported:
                self.server.workspace_diagnostic_refresh(None)
            return
        for document in self.state.documents.all():
            self.schedule(document.uri)

    # -- pull ----------------------------------------------------------------------------------
    async def pull(self, params: lsp.DocumentDiagnosticParams) -> lsp.DocumentDiagnosticReport | WireReport:
        """The report for the current text: ``unchanged`` when it is the one the client holds, else
        the full report with the wire dicts as items."""
        uri = params.text_document.uri
        await self.state.wait_for_settings()
        await asyncio.sleep(self.state.debounce_ms / 1000)  # let a burst of edits settle
        document = self.state.documents.get(uri)
        if document is None:
            return lsp.RelatedFullDocumentDiagnosticReport(items=[])
        generation = self.state.config_generation
        inputs = (document, generation, self.state.documents.group_generation(document))
        answered = self._answered.get(uri)
        if answered is not None and answered[:3] == inputs and params.previous_result_id == answered[3]:
            return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=answered[3])  # nothing to redo
        analysis = await self.state.analysis(document)
        if analysis is None or not self._still_current(document, generation):
            # the text changed while we worked: tell the client to ask again for the new one
            raise _retrigger()
        result = await self.state.run(self._convert, analysis, generation)
        self.state.collect_garbage()  # queued behind this answer on the analysis thread
        self._answered[uri] = (*inputs, result.result_id)
        if params.previous_result_id == result.result_id:
            return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=result.result_id)
        return WireReport(result)

    # -- helpers -------------------------------------------------------------------------------
    def _still_current(self, document: Document, generation: int) -> bool:
        return self.state.documents.is_current(document) and generation == self.state.config_generation

    def _analyse_and_convert(self, document: Document, generation: int, wire: Wire, quick: bool = False):
        """On the analysis thread (or the render thread, for a Helm template's full pass, with
        ``render_wire``): the analysis and its diagnostics, or (None, None) when superseded."""
        analysis = self.state.analyse_now(document, generation, quick)
        return (analysis, self._convert(analysis, generation, wire)) if analysis is not None else (None, None)

    def _convert(self, analysis: Analysis, generation: int, wire: Wire | None = None) -> WireResult:
        """Runs on the analysis thread (rule metadata may load the registry; the wire cache is its own),
        or with ``render_wire`` on the render thread."""
        return (wire or self.wire).convert(analysis, self.state.position_encoding, generation)

    def _publish(self, uri: str, version: int | None, items: list[dict]) -> None:
        """``textDocument/publishDiagnostics`` with items that are JSON already: pygls' typed path
        (``text_document_publish_diagnostics``) would want lsprotocol objects and unstructure them
        again, which is what the wire cache saves."""
        params: dict[str, Any] = {"uri": uri, "diagnostics": items}
        if version is not None:  # a file that is not open has no version to name
            params["version"] = version
        self.server.protocol._send_data(
            {"jsonrpc": "2.0", "method": lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params}
        )


class WireReport:
    """A full report whose items are JSON already. pygls writes a plain object's ``__dict__`` as it is,
    where a dict result would first be copied, value by value, by cattrs (~20 ms for 600 diagnostics)."""

    def __init__(self, result: WireResult) -> None:
        self.__dict__.update({"kind": "full", "resultId": result.result_id, "items": result.items})


def _retrigger() -> Exception:
    from pygls.exceptions import JsonRpcException

    return JsonRpcException(
        message="document changed; ask again",
        code=int(lsp.LSPErrorCodes.ServerCancelled),
        data={"retriggerRequest": True},
    )
