"""What the server features share: open documents, the current config and the engine.

All analysis runs off the event loop, so the server keeps answering while a big file is analysed, on
one worker thread (``run``), which also means the engine and its cache need no locking. The one
exception is a Helm template's full analysis (a chart render, ``helm lint``, the Kubernetes rules on
the output: 100-300 ms): it runs on a render thread of its own with an engine of its own
(``render_engine``), so that the template checks of the next keystroke never wait behind a render.
The engine and the config (pydantic) are imported on first use, not at startup.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cachetools import LRUCache

from .documents import Documents

if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.document import Document
    from ..core.engine import Analysis, Engine
    from .convert import Positions

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_DEBOUNCE_MS = 0
IDLE_COLLECT_S = 1.0  # a pause this long after the latest result lets the full garbage collection run
LATEST_ANALYSES = 64


class State:
    def __init__(self) -> None:
        self.documents = Documents()
        self.root: Path | None = None
        self.position_encoding: str = "utf-16"
        self.pull_diagnostics = False
        self.document_changes = False  # client takes versioned TextDocumentEdits
        self.config: Config | None = None
        self.config_generation = 0  # bumped on every config change; part of every result's identity
        self.files_generation = 0  # bumped when a file that analyses read from disk is saved
        self._engine_files_generation = 0
        self.debounce_ms = DEFAULT_DEBOUNCE_MS
        self.settings_ready = asyncio.Event()
        self.loop: asyncio.AbstractEventLoop | None = None  # the server's event loop, once running
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="infragenius-analysis")
        # Helm's full passes (render, lint): one at a time, off the analysis thread (see the module's doc)
        self.render_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="infragenius-render")
        self._engine: Engine | None = None
        self._render_engine: Engine | None = None  # the render thread's: its results are never shared
        # Helm's quick pass (template checks only, no render): an engine of its own, so its cache and
        # the full engine's do not evict each other; its config follows ``config`` (see ``quick_engine``)
        self._quick_engine: Engine | None = None
        # the latest analysis per URI: (document, config generation, sibling generation, analysis), for
        # the documents used most recently only: an analysis holds its parsed model (~250 KB), and a
        # hover or code action on an older one re-analyses it in milliseconds
        self._latest: LRUCache = LRUCache(maxsize=LATEST_ANALYSES)
        self._on_config_change: list[Callable[[], Any]] = []
        self._on_first_config: list[Callable[[], Any]] = []
        self.definition_links = False  # the client accepts LocationLinks for textDocument/definition
        self.secrets: dict[str, str] = {}  # licenseToken / cloudKey / aiApiKey from the editor (memory only)
        self.ai_api_key: str | None = None
        self.ai_refusal: Any = None  # AI settings of the workspace's config not honoured (core.trust.Refusal)
        self.reload_settings: Callable[[], Any] | None = None  # coroutine function: re-read every settings source
        self._analyses_since_gc = 0
        self._retired: list[Any] = []  # latest analyses replaced since the last collect_garbage
        self._idle_collection: asyncio.TimerHandle | None = None  # the full collection, once the user pauses
        self._last_full_gc = 0.0  # time.monotonic() of the last full collection

    def initialize(self, params: Any, position_encoding: Any) -> None:
        """Take what the server needs from ``initialize``: root folder, position encoding, edit support."""
        from .documents import uri_to_path

        self.loop = asyncio.get_running_loop()
        root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
        self.root = uri_to_path(root) if root else None
        if self.root is None and params.root_path:
            self.root = Path(params.root_path)
        self.documents.root = self.root
        self.position_encoding = str(getattr(position_encoding, "value", position_encoding) or "utf-16")
        workspace = params.capabilities.workspace
        edit_caps = workspace.workspace_edit if workspace else None
        self.document_changes = bool(edit_caps and edit_caps.document_changes)

    # -- garbage collection --------------------------------------------------------------------
    def collect_garbage(self) -> None:
        """Collect after diagnostics are out, not in the middle of an analysis: automatic collection
        is off in the server (see ``server._tune_gc``), so the pause never lands between a keystroke
        and its diagnostics. Models hold no reference cycles (``core/weak.py``), so reference counting
        frees them: what an analysis leaves alive is frozen (``gc.freeze``, constant time) rather than
        walked by a young-generation collection (3-8 ms per edit of a 1,000-line file, on the thread
        the next edit waits for). A full collection of everything catches what else cycles: once 50
        analyses (and 10 s) have passed, when the user pauses (``IDLE_COLLECT_S`` without a new
        result), since it walks every object (~65 ms) and used to land between keystrokes; after 1,000
        analyses without a pause, at once. The analyses replaced meanwhile are torn down here too."""
        import gc
        import time

        self.executor.submit(self._retired.clear)  # the replaced analyses' teardown, after publication
        self.executor.submit(gc.freeze)
        self._analyses_since_gc += 1
        # not for every document opened in a burst either (1,000 files must not pay 20 full collections)
        if self._analyses_since_gc < 50 or time.monotonic() - self._last_full_gc < 10.0:
            return
        if self._idle_collection is not None:
            self._idle_collection.cancel()  # a newer result: the pause starts again
        if self.loop is None or self._analyses_since_gc >= 1000:
            self._collect_all_now()
        else:
            self._idle_collection = self.loop.call_later(IDLE_COLLECT_S, self._collect_all_now)

    def _collect_all_now(self) -> None:
        import time

        self._idle_collection = None
        self._analyses_since_gc = 0
        self._last_full_gc = time.monotonic()
        self.executor.submit(_collect_all)

    # -- threads -------------------------------------------------------------------------------
    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` on the analysis thread."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def run_full(self, document: Document, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)``, the full analysis of ``document``, on the thread that analyses it: the
        render thread for a Helm template that renders, else the analysis thread. Cancelling the
        caller before the work starts drops it, so a newer edit never queues behind a stale one."""
        executor = self.render_executor if self.wants_quick_pass(document) else self.executor
        return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)

    def shutdown(self) -> None:
        """Stop both threads; work not started yet is dropped."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.render_executor.shutdown(wait=False, cancel_futures=True)

    # -- engine (analysis thread only) ---------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from ..core.context import Workspace
            from ..core.engine import Engine
            from .settings import entitled

            self._engine = Engine(self.config, Workspace(self.documents.overlay), self.root, entitled)
        return self._engine

    @property
    def render_engine(self) -> Engine:
        """The engine of Helm's full passes, on the render thread (``run_full``). It needs no result
        cache to forget: a chart's documents are analysed with their siblings' texts, never from it."""
        if self._render_engine is None:
            from ..core.context import Workspace
            from ..core.engine import Engine
            from .settings import entitled

            self._render_engine = Engine(self.config, Workspace(self.documents.overlay), self.root, entitled)
        return self._render_engine

    @property
    def quick_engine(self) -> Engine:
        """The engine of the quick pass: the current config with Helm's render off (HM001-HM006 only)."""
        if self._quick_engine is None:
            from ..core.config import Config
            from ..core.context import Workspace
            from ..core.engine import Engine
            from .settings import entitled

            quick = (self.config or Config()).merged({"helm": {"render": False}})
            self._quick_engine = Engine(quick, Workspace(self.documents.overlay), self.root, entitled)
        return self._quick_engine

    def wants_quick_pass(self, document: Document) -> bool:
        """Whether the document's full analysis renders a chart (slow), so template checks go first
        and the full analysis runs on the render thread."""
        helm = getattr(self.config, "helm", None)
        return document.language == "helm" and bool(getattr(helm, "render", True))

    def render_delay_s(self, edited: bool) -> float | None:
        """How long a Helm template's render waits after its template checks: none after an open or a
        save, ``helm.render-idle-ms`` after an edit (a newer edit restarts the wait), and never after
        an edit when ``helm.render-on`` is ``save``."""
        if not edited:
            return 0.0
        helm = getattr(self.config, "helm", None)
        return None if getattr(helm, "render_on", "idle") == "save" else self.idle_s()

    def idle_s(self) -> float:
        """``helm.render-idle-ms``: how long a pause in typing lasts before background work starts."""
        return max(0, int(getattr(getattr(self.config, "helm", None), "render_idle_ms", 0))) / 1000

    def analyse_now(self, document: Document, generation: int, quick: bool = False) -> Analysis | None:
        """Analyse on the calling thread (the analysis thread, or the render thread for a full pass
        that renders: ``run_full``); None when the work is already superseded. ``quick``: without
        rendering (Helm's template checks only); not kept as the latest analysis, which hover, code
        actions and pulls read."""
        if not self.documents.is_current(document) or generation != self.config_generation:
            return None  # a newer edit or config arrived while this waited in the queue
        renders = not quick and self.wants_quick_pass(document)
        if not renders and self._engine_files_generation != self.files_generation:
            # cleared here: the engines are the analysis thread's (the render engine keeps no results)
            self.engine.forget_results()
            self._forget_quick_engine()
            self._engine_files_generation = self.files_generation
        engine = self.quick_engine if quick else self.render_engine if renders else self.engine
        if not quick and engine.config is not self.config and self.config is not None:
            engine.set_config(self.config)
        siblings = self.documents.group_generation(document)
        # the engine caches by this document's text only: a sibling's edit must not hit that cache
        analysis = engine.analyse(document, use_cache=siblings is None)
        if not quick:
            # the replaced analysis is torn down after the diagnostics are out (collect_garbage): freeing
            # a 1,000-line model costs milliseconds
            self._retired.append(self._latest.pop(document.uri, None))
            self._latest[document.uri] = (document, generation, siblings, analysis)
        return analysis

    def analyse_companion(self, companion: Document, of: Document, generation: int) -> Analysis | None:
        """A file that is not open, whose findings the full pass of ``of`` (a Helm template) changes, on
        the thread ``run_full`` picks for it; None when ``of`` or the config was superseded meanwhile."""
        if not self.documents.is_current(of) or generation != self.config_generation:
            return None
        engine = self.render_engine if self.wants_quick_pass(companion) else self.engine
        if engine.config is not self.config and self.config is not None:
            engine.set_config(self.config)
        return engine.analyse(companion, use_cache=False)

    def _forget_quick_engine(self) -> None:
        """Rebuilt with the next quick pass, from the config then in force (analysis thread only)."""
        self._quick_engine = None

    async def analysis(self, document: Document, model_only: bool = False) -> Analysis | None:
        """The analysis of exactly this document text and the current config (cached or computed).
        ``model_only``: for a request that reads the model, not the findings (completion, definition):
        while a Helm template is being typed in, its full analysis waits for a pause, and rendering
        the chart for a completion would cost 50-100 ms; its template checks' analysis has the model."""
        if self._fresh(document.uri, document):
            return self._latest[document.uri][3]
        await self.wait_for_settings()
        if model_only and self.wants_quick_pass(document):
            return await self.run(self.analyse_now, document, self.config_generation, True)
        return await self.run_full(document, self.analyse_now, document, self.config_generation)

    async def analysed(self, uri: str, model_only: bool = False) -> tuple[Analysis, Positions] | None:
        """For a request on an open document: its current analysis and the position converter of the
        client's encoding (None when the document is not open or its analysis was superseded);
        ``model_only`` as for ``analysis``."""
        from .convert import Positions

        document = self.documents.get(uri)
        if document is None:
            return None
        analysis = await self.analysis(document, model_only)
        if analysis is None:
            return None
        return analysis, Positions(document, self.position_encoding)

    def _fresh(self, uri: str, document: Document) -> bool:
        latest = self._latest.get(uri)
        return (
            latest is not None
            and latest[0] is document
            and latest[1] == self.config_generation
            and latest[2] == self.documents.group_generation(document)
        )

    def forget(self, uri: str) -> None:
        self._latest.pop(uri, None)

    # -- config --------------------------------------------------------------------------------
    async def wait_for_settings(self, timeout: float = 3.0) -> None:
        """Results computed before the client's settings arrive would flicker; wait a little for them."""
        if self.settings_ready.is_set():
            return
        try:
            await asyncio.wait_for(self.settings_ready.wait(), timeout)
        except TimeoutError:
            log.warning("no settings from the client after %.0f s; using the config file and defaults", timeout)
            self.settings_ready.set()

    def set_config(self, config: Config) -> None:
        if self.config is not None and config == self.config:
            self.settings_ready.set()
            return  # the same settings again: nothing to redo
        self.config = config
        self.debounce_ms = max(0, int(getattr(config, "debounce_ms", DEFAULT_DEBOUNCE_MS)))
        self._outdate_results()
        first = not self.settings_ready.is_set()
        self.settings_ready.set()
        for callback in list(self._on_first_config if first else self._on_config_change):
            callback()

    def inputs_changed(self) -> None:
        """A file that analyses read besides the document was saved (a ``kustomization.yaml``): every
        result may differ, so redo them as after a config change."""
        self.files_generation += 1
        self._outdate_results()
        for callback in list(self._on_config_change):
            callback()

    def _outdate_results(self) -> None:
        """Every result so far is stale: a new generation in their identity, the latest ones dropped."""
        self.config_generation += 1
        self._latest.clear()
        self.executor.submit(self._forget_quick_engine)  # the quick engine is the analysis thread's

    def on_config_change(self, callback: Callable[[], Any]) -> None:
        """Called when the settings change after the first time they were applied."""
        self._on_config_change.append(callback)

    def on_first_config(self, callback: Callable[[], Any]) -> None:
        """Called once, when the first settings are in force (e.g. to announce status)."""
        self._on_first_config.append(callback)


def _collect_all() -> None:
    """A full collection over every object, the frozen ones included, which are frozen again after."""
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()
