"""Warm the workspace's languages right after ``initialize`` (issue 18).

A language's rules are imported on first use, which made the first diagnostics of a session cost
200-260 ms. Right after ``initialize`` a background thread looks over the workspace's files (a cheap
scan, bounded in entries and time) to learn which languages it holds; then each language is loaded,
most common first, on the analysis thread, and a tiny sample in it is analysed so that the parser's
and the engine's own lazy imports are paid too.

Why the analysis thread: importing a language registers its rules in ``core.rules.REGISTRY``, which
the analysis thread reads without a lock. Each step queues the next one when it ends, so an analysis
asked for meanwhile waits for one language at most, never for the whole warm-up; and once the editor
has opened a document the warm-up stops: the analyses under way load what they need, and a language
loaded for a file that is not open would only delay them.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from ..core.detect import detect_by_content, detect_by_path  # light: re, fnmatch, pathlib

log = logging.getLogger(__name__)

SCAN_SECONDS = 0.25
SCAN_ENTRIES = 5_000
SCAN_DEPTH = 6
HEAD_BYTES = 4096  # what detect_by_content reads of a YAML file that its path does not name
# folders that hold dependencies, build output or tools' state, not the project's own files
SKIPPED_FOLDERS = frozenset(
    {"node_modules", "vendor", "dist", "build", "target", "venv", "__pycache__", "site-packages", "bower_components"}
)
VISITED_HIDDEN = frozenset({".github", ".gitlab"})  # hidden folders that hold inputs (workflows)


def languages_in(root: Path, seconds: float = SCAN_SECONDS, entries: int = SCAN_ENTRIES) -> list[str]:
    """The languages of the files under ``root``, most files first (ties by name); a best guess from
    what a scan of at most ``entries`` entries and ``seconds`` found (a chart counts once, for its
    folder)."""
    from ..core.rules import REGISTRY  # the specs detection reads anyway

    markers = {spec.unit_marker: spec.name for spec in REGISTRY.specs() if spec.unit_marker}
    counts: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    seen = 0
    folders = deque([(root, 0)])  # breadth first: the files nearest the root tell most
    while folders and seen < entries and time.monotonic() < deadline:
        folder, depth = folders.popleft()
        try:
            with os.scandir(folder) as scan:
                items = list(scan)
        except OSError:
            continue
        seen += len(items)
        names = {item.name for item in items}
        marked = next((language for marker, language in markers.items() if marker in names), None)
        if marked is not None:
            counts[marked] += 1
            continue  # a chart's templates and values are the chart's: no need to look inside
        for item in items:
            if _is_folder(item):
                if depth < SCAN_DEPTH and _visited(item.name):
                    folders.append((Path(item.path), depth + 1))
            elif (language := _language_of(PurePath(item.path))) is not None:
                counts[language] += 1
    return sorted(counts, key=lambda language: (-counts[language], language))  # ties: by name, not disk order


def _is_folder(item: os.DirEntry[str]) -> bool:
    try:
        return item.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _visited(name: str) -> bool:
    return name in VISITED_HIDDEN or not (name.startswith(".") or name in SKIPPED_FOLDERS)


def _language_of(path: PurePath) -> str | None:
    """The file's language by its path, or for a YAML file its path does not name, by its head."""
    language = detect_by_path(path)
    if language is None and path.suffix.lower() in (".yml", ".yaml"):
        language = detect_by_content(_head(path), path)
    return language


def _head(path: PurePath) -> str:
    try:
        with open(path, "rb") as file:
            return file.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


def warm_language(language: str) -> None:
    """Import ``language`` with its rules (and the languages that report in it: Helm's rendered
    Kubernetes checks), then analyse its ``LanguageSpec.sample`` (parser and engine imports)."""
    from ..core.document import Document
    from ..core.engine import Engine
    from ..core.rules import REGISTRY

    spec = REGISTRY.language(language)
    if spec is None:
        return
    for other in spec.reports_for:
        REGISTRY.language(other)
    if spec.sample:
        document = Document(uri=f"untitled:warm-up.{language}", text=spec.sample, language=language)
        Engine().analyse(document, use_cache=False)


class Warmup:
    """Started once, after ``initialize``: scans on its own thread, loads on the analysis thread."""

    def __init__(self, submit: Callable[..., Any], in_use: Callable[[], bool] = lambda: False) -> None:
        self._submit = submit  # the analysis executor's submit
        self._in_use = in_use  # a document is open: the editor's own analyses come first
        self.languages: list[str] = []
        self.warmed: list[str] = []
        self.done = threading.Event()

    def start(self, root: Path | None) -> None:
        if root is None:
            self.done.set()
            return
        threading.Thread(target=self._scan, args=(root,), name="infragenius-warmup", daemon=True).start()

    def _scan(self, root: Path) -> None:
        try:
            self.languages = languages_in(root)
        except Exception:  # a warm-up is an optimisation: never an error
            log.debug("warm-up scan of %s failed", root, exc_info=True)
        log.debug("warm-up: %s", self.languages or "no language found")
        self._next(list(self.languages))

    def _next(self, remaining: list[str]) -> None:
        if not remaining:
            self.done.set()
            return
        try:
            self._submit(self._step, remaining)
        except RuntimeError:  # the executor is shut down: the server is stopping
            self.done.set()

    def _step(self, remaining: list[str]) -> None:
        if self._in_use():
            log.debug("warm-up stops: a document is open (%s load on first use)", remaining)
            self.done.set()
            return
        language = remaining.pop(0)
        started = time.perf_counter()
        try:
            warm_language(language)
            self.warmed.append(language)
        except Exception:
            log.debug("warming %s failed", language, exc_info=True)
        log.debug("warm-up: %s in %.0f ms", language, (time.perf_counter() - started) * 1000)
        self._next(remaining)
