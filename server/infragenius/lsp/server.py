"""The language server's wiring: pygls handlers that hand each request to its feature module.

Features: ``documents`` (open buffers), ``settings`` (config file + editor settings), ``diagnostics``
(push or pull), ``hover``, ``code_actions``, ``definition`` and ``completion`` (both answered by the
language's ``LanguageSpec.definition`` / ``.completion``). Startup stays light: the engine, pydantic and the language
packages are imported on first use, so ``initialize`` answers about as fast as a bare pygls server; right
after it, ``warmup`` loads the languages the workspace's files are written in, in the background.

Extension points (for packages that must not edit this one):

- After the server is built, the extensions that ``infragenius.app`` installed with ``extend`` (today
  ``infragenius.ai.lsp`` and ``infragenius.tiers.lsp``) are imported and their ``register(server, state)``
  is called. ``server`` is the
  pygls ``LanguageServer`` (add commands with ``@server.command(...)`` or features with
  ``@server.feature(...)`` there - before ``initialize``, so they are advertised); ``state`` is
  ``lsp.state.State`` (open documents, current config, ``await state.analysis(document)``,
  ``await state.run(fn, ...)`` for blocking work on the analysis thread). Keep their module-level
  imports light: they run at startup. A failing ``register`` is logged and the server goes on.
- ``lsp.code_actions.register_code_action_provider(fn)`` adds code actions (e.g. "Explain with AI");
  see that module for the contract.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import sys
import threading
from collections.abc import Callable
from typing import Any, BinaryIO, cast

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer

from .. import __version__
from . import code_actions as actions_feature
from . import completion as completion_feature
from . import definition as definition_feature
from . import hover as hover_feature
from . import links as links_feature
from . import references as references_feature
from . import rename as rename_feature
from . import symbols as symbols_feature
from . import workspace_symbols as workspace_symbols_feature
from .diagnostics import IDENTIFIER, Diagnostics
from .documents import is_input_file
from .framing import CHUNK, FrameReader
from .logs import setup_logging
from .protocol import InfraGeniusProtocol
from .settings import Settings, is_config_file
from .state import State
from .warmup import Warmup

log = logging.getLogger("infragenius.lsp")


class InfraGeniusServer(LanguageServer):
    """pygls' server reading frames with ``framing.FrameReader`` (pygls' reader goes deaf after one
    broken frame); the rest - writer, shutdown, error handling - is pygls' own."""

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        stream = cast(io.BufferedReader, stdin or sys.stdin.buffer)  # read1: whatever is there, up to CHUNK
        protocol = cast(InfraGeniusProtocol, self.protocol)
        self._stop_event = threading.Event()
        protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))

        async def read_some() -> bytes:
            return await asyncio.get_running_loop().run_in_executor(self.thread_pool, stream.read1, CHUNK)

        try:
            asyncio.run(protocol.serve(FrameReader(read_some)))
        except BrokenPipeError:
            log.error("the connection to the client is lost: stopping")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()

    def start_tcp(self, host: str, port: int) -> None:
        protocol = cast(InfraGeniusProtocol, self.protocol)
        self._stop_event = threading.Event()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            protocol.set_writer(writer)
            await protocol.serve(FrameReader(lambda: reader.read(CHUNK)))
            self.shutdown()

        async def listen() -> None:
            self._server = await asyncio.start_server(connection, host, port)
            log.info("serving on %s:%s", host, port)
            async with self._server:
                await self._server.serve_forever()

        try:
            asyncio.run(listen())
        except asyncio.CancelledError:
            pass

    def report_server_error(self, error: Exception, source: Any) -> None:
        # pygls would pop a message up for every out-of-band error; a log line is enough
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)


def guard(fn: Callable) -> Callable:
    """Log and swallow a handler's unexpected exception: bad input never takes the server down."""
    if asyncio.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def run_async(*args: Any) -> Any:
            try:
                return await fn(*args)
            except JsonRpcException:
                raise  # a deliberate protocol error (e.g. "ask again"), not a crash
            except Exception:
                log.exception("%s failed", fn.__name__)
                return None

        return run_async

    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except Exception:
            log.exception("%s failed", fn.__name__)
            return None

    return run


def build_server() -> tuple[InfraGeniusServer, State]:
    server = InfraGeniusServer("infragenius", __version__, protocol_cls=InfraGeniusProtocol)
    state = State()
    settings = Settings(server, state)
    diagnostics = Diagnostics(server, state)
    documents = state.documents
    warmup = Warmup(state.executor.submit, in_use=lambda: bool(documents.all()))

    @server.feature(lsp.INITIALIZE)
    @guard
    def initialize(params: lsp.InitializeParams) -> None:
        state.initialize(params, server.workspace.position_encoding)
        settings.initialize(params)
        diagnostics.initialize(params)
        definition_caps = params.capabilities.text_document.definition if params.capabilities.text_document else None
        state.definition_links = bool(definition_caps and definition_caps.link_support)
        log.info(
            "initialize: root=%s encoding=%s pull-diagnostics=%s",
            state.root,
            state.position_encoding,
            state.pull_diagnostics,
        )
        warmup.start(state.root)  # the workspace's languages load in the background (see warmup.py)

    @server.feature(lsp.INITIALIZED)
    @guard
    async def initialized(params: lsp.InitializedParams) -> None:
        await settings.refresh()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guard
    async def did_change_configuration(params: lsp.DidChangeConfigurationParams) -> None:
        await settings.refresh(pushed=params.settings)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @guard
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        diagnostics.schedule_with_siblings(documents.open(item.uri, item.text, item.version, item.language_id))

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @guard
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if documents.get(uri) is None:
            log.warning("didChange for a document that is not open: %s", uri)
            return
        text = server.workspace.get_text_document(uri).source
        diagnostics.schedule_with_siblings(documents.update(uri, text, params.text_document.version), edited=True)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    @guard
    async def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        if is_config_file(params.text_document.uri):
            await settings.refresh()
        elif is_input_file(params.text_document.uri):
            state.inputs_changed()
        else:
            diagnostics.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @guard
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        closed = documents.get(uri)
        documents.close(uri)
        diagnostics.clear(uri)
        if closed is not None:  # siblings now read the file from disk again
            for sibling in documents.siblings(closed):
                diagnostics.schedule(sibling.uri)

    @server.feature(
        lsp.TEXT_DOCUMENT_DIAGNOSTIC,
        lsp.DiagnosticOptions(identifier=IDENTIFIER, inter_file_dependencies=True, workspace_diagnostics=False),
    )
    @guard
    async def pull_diagnostics(params: lsp.DocumentDiagnosticParams) -> lsp.DocumentDiagnosticReport | None:
        return await diagnostics.pull(params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @guard
    async def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        return await hover_feature.hover(state, params)

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    @guard
    async def definition(params: lsp.DefinitionParams) -> list[lsp.Location] | list[lsp.LocationLink] | None:
        return await definition_feature.definition(state, params, getattr(state, "definition_links", False))

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    @guard
    async def references(params: lsp.ReferenceParams) -> list[lsp.Location] | None:
        return await references_feature.references(state, params)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guard
    async def document_symbol(params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol] | None:
        return await symbols_feature.document_symbols(state, params)

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_LINK, lsp.DocumentLinkOptions(resolve_provider=False))
    @guard
    async def document_link(params: lsp.DocumentLinkParams) -> list[lsp.DocumentLink] | None:
        return await links_feature.document_links(state, params)

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    @guard
    async def prepare_rename(params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
        return await rename_feature.prepare_rename(state, params)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)
    @guard
    async def rename(params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        return await rename_feature.rename(state, params)

    @server.feature(lsp.WORKSPACE_SYMBOL)
    @guard
    async def workspace_symbol(params: lsp.WorkspaceSymbolParams) -> list[lsp.WorkspaceSymbol] | None:
        return await workspace_symbols_feature.workspace_symbols(state, params)

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=completion_feature.TRIGGER_CHARACTERS)
    )
    @guard
    async def completion(params: lsp.CompletionParams) -> lsp.CompletionList | None:
        return await completion_feature.completion(state, params)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=actions_feature.KINDS))
    @guard
    async def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        return await actions_feature.code_actions(server, state, params)

    @server.feature(lsp.SHUTDOWN)
    @guard
    def shutdown(params: Any = None) -> None:
        state.shutdown()

    _load_extensions(server, state)
    return server, state


# An extension: its name (for the log) and a loader that imports it and returns its register(server, state).
Extension = tuple[str, Callable[[], Callable[[InfraGeniusServer, State], object]]]
# The floors above the editor plumbing (AI features, tier gates) plug in here: infragenius.app lists
# them (this floor imports none of them), each loaded when the server is built, so start-up stays light.
EXTENSIONS: tuple[Extension, ...] = ()


def extend(*extensions: Extension) -> None:
    """Add extensions loaded by every server built from now on (an extension already there is kept once)."""
    global EXTENSIONS
    EXTENSIONS = (*EXTENSIONS, *(e for e in extensions if e not in EXTENSIONS))


def _load_extensions(server: InfraGeniusServer, state: State) -> None:
    """A failure in one extension is logged and the server runs without it."""
    for name, loader in EXTENSIONS:
        try:
            loader()(server, state)
        except Exception:
            log.exception("could not load %s", name)


def _tune_gc() -> None:
    """A long-lived server allocates a model per keystroke, and the collector's pauses (tens of ms on
    a 1,000-line file) used to land between a keystroke and its diagnostics. The objects alive at
    startup are left out of collections, automatic collection is raised far out of the way, and
    ``State.collect_garbage`` collects right after diagnostics are published. Measured on a 1,000-line
    workflow: p95 60-95 ms with the defaults, 34 ms with a raised threshold, 17 ms collecting after."""
    import gc

    gc.freeze()
    gc.set_threshold(1_000_000, 100, 100)  # a safety net: normally collect_garbage runs first


def serve(tcp: str | None = None, verbose: bool = False) -> int:
    """Run the server on stdio, or on ``HOST:PORT`` when ``tcp`` is given; returns the exit code."""
    server, state = build_server()
    setup_logging(server, state, verbose)
    _tune_gc()
    if tcp:
        host, _, port = tcp.rpartition(":")
        try:
            port_number = int(port)
        except ValueError:
            print(f"infragenius: error: --tcp wants HOST:PORT, got {tcp!r}", file=sys.stderr)
            return 2
        server.start_tcp(host or "127.0.0.1", port_number)
    else:
        # the protocol owns the real stdout; a stray print() anywhere (a plugin rule) goes to stderr
        protocol_out = sys.stdout.buffer
        sys.stdout = sys.stderr
        server.start_io(sys.stdin.buffer, protocol_out)
    return 0
