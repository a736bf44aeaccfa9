"""Render a chart with Helm's own Go SDK (``helm-python-sdk``) and map results back to templates.

Rendering uses the chart's default values. Unsaved editor buffers are honoured by rendering a
copy of the chart with the buffers written in (kept between renders: ``mirror``). Results are
cached by the content of every chart file, so typing in a template re-renders once per distinct
text and never re-renders for a keystroke elsewhere.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from cachetools import LRUCache

from ...core.context import Workspace
from .mirror import Wanted, mirror
from .native_log import helm_stderr
from .provenance import is_marked, mark

log = logging.getLogger(__name__)
_CACHE: LRUCache = LRUCache(maxsize=64)
RENDER_NAMESPACE = "release-namespace"  # not "default", so namespace rules judge the chart, not us
_WARNED: set[str] = set()
_ERROR_AT = re.compile(r"(?P<file>[\w./-]+\.(?:yaml|yml|tpl|txt)):(?P<line>\d+)(?::(?P<col>\d+))?")


@dataclass
class Rendered:
    ok: bool
    manifests: dict[str, str] = field(default_factory=dict)  # "chart/templates/x.yaml" -> text
    error: str | None = None
    error_file: str | None = None  # path relative to the chart's parent, as Helm prints it
    error_line: int | None = None  # 1-based
    error_col: int | None = None

    markers: dict[str, int] = field(default_factory=dict)  # marked render: template path -> marker file index

    def for_template(self, chart_name: str, relative: str) -> str | None:
        return self.manifests.get(f"{chart_name}/{relative}")


def sdk_available() -> bool:
    try:
        import helm_python  # noqa: F401
    except ImportError:
        if "sdk" not in _WARNED:
            _WARNED.add("sdk")
            log.warning("helm-python-sdk is not installed: Helm rendering checks are off (pip install helm-python-sdk)")
        return False
    return True


@dataclass
class Snapshot:
    """The chart as the editor has it: a key over every file's content (its dependencies found
    outside ``charts/`` included), the unsaved buffers, and those dependencies."""

    root: Path
    key: tuple
    overlay: dict[Path, str]
    external: tuple[tuple[str, Path], ...]
    random: bool = False  # a template calls a random function: rendered with stand-ins (``standins``)
    left_out: frozenset[str] = frozenset()  # templates not copied (``subset``): paths relative to root


def without(snap: Snapshot, templates: frozenset[str]) -> Snapshot:
    """``snap`` rendered and linted without ``templates`` (``subset.left_out``); cached on its own."""
    if not templates:
        return snap
    return replace(snap, key=(*snap.key, templates), left_out=snap.left_out | templates)


def snapshot(root: Path, workspace: Workspace) -> Snapshot:
    from .chart import load_chart_yaml
    from .dependencies import locate
    from .standins import mentions_random

    external = locate(root, load_chart_yaml(root, workspace), workspace).external
    digest = hashlib.sha256()
    overlay: dict[Path, str] = {}
    random = False
    for base, prefix in [(root, ""), *((folder, f"charts/{name}/") for name, folder in external)]:
        for path in _chart_files(base):
            text = workspace.read_text(path) or ""
            digest.update(
                f"{prefix}{path.relative_to(base)}".encode() + b"\0" + text.encode("utf-8", "replace") + b"\0"
            )
            if path in workspace.overlay:
                overlay[path] = text
            random = random or ("templates" in path.relative_to(base).parts and mentions_random(text))
    return Snapshot(root, (root, digest.hexdigest()), overlay, external, random)


@contextmanager
def materialised(snap: Snapshot) -> Iterator[Path]:
    """A folder Helm can load: the chart itself when the disk holds all of it, else its copy."""
    yield chart_folder(snap)[0]


def chart_folder(snap: Snapshot, marked: bool = False) -> tuple[Path, dict[str, int]]:
    """(a folder Helm can load, the marker file index of each marked template). The chart itself
    when the disk holds all of it and no marks are asked for; else this thread's copy of it
    (``mirror``) with the editor's buffers written in, the templates left out removed, the outside
    dependencies under ``charts/``, random calls given stand-ins and, when ``marked``, every
    manifest template marked (``provenance``)."""
    if not snap.overlay and not snap.external and not snap.random and not snap.left_out and not marked:
        return snap.root, {}
    wanted, markers = _wanted(snap, marked)
    return mirror((snap.root, snap.external, marked), snap.root.name).sync(wanted), markers


def _wanted(snap: Snapshot, marked: bool) -> tuple[Wanted, dict[str, int]]:
    """What the chart's copy holds: relative path -> (signature, content), and the markers."""
    sources: dict[str, Path | str] = {}  # relative path -> the file on disk, or the editor's text
    places = [(snap.root, ""), *((folder, f"charts/{name}/") for name, folder in snap.external)]
    for folder, prefix in places:
        for relative, path in _files(folder):
            if f"{prefix}{relative}" not in snap.left_out:
                sources[f"{prefix}{relative}"] = path
    for path, text in snap.overlay.items():
        for folder, prefix in places:
            if path.is_relative_to(folder):
                relative = f"{prefix}{path.relative_to(folder).as_posix()}"
                if relative not in snap.left_out:
                    sources[relative] = text
                break
    templates = sorted(relative for relative in sources if _is_template(relative))
    markers = {r: n for n, r in enumerate(r for r in templates if is_marked(r))} if marked else {}
    wanted: Wanted = {}
    for relative, source in sources.items():
        random = snap.random and relative in templates
        index = markers.get(relative)
        origin = ("text", hash(source)) if isinstance(source, str) else ("disk", *_stat(source))
        wanted[relative] = ((origin, random, index), partial(_content, source, random, index))
    return wanted, markers


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    """Every file under ``folder`` but ``.git``, as a copy of the folder holds them (links followed)."""
    for top, folders, names in os.walk(folder, followlinks=True):
        folders[:] = [name for name in folders if name != ".git"]
        here = Path(top)
        for name in names:
            if name != ".git":
                yield (here / name).relative_to(folder).as_posix(), here / name


def _stat(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError:
        return (-1, -1)  # gone since it was listed: the copy is written (and fails) as before
    return found.st_mtime_ns, found.st_size


def _is_template(relative: str) -> bool:
    """A file of the chart's ``templates/`` or of a subchart's (``charts/<name>/templates/``)."""
    parts = relative.split("/")
    return parts[0] == "templates" or (len(parts) > 3 and parts[0] == "charts" and parts[2] == "templates")


def _content(source: Path | str, random: bool, index: int | None) -> bytes:
    """A file of the copy: the file or text as it is, or a template with stand-ins and markers."""
    if not random and index is None:
        return source.encode("utf-8") if isinstance(source, str) else source.read_bytes()
    from .gotemplate import scan
    from .standins import mentions_random, with_stand_ins

    text = source if isinstance(source, str) else source.read_text("utf-8", "replace")
    if random and mentions_random(text):
        text = with_stand_ins(scan(text))
    if index is not None:
        text = mark(text, scan(text), index)
    return text.encode("utf-8")


def render_chart(root: Path, workspace: Workspace) -> Rendered | None:
    return render_snapshot(snapshot(root, workspace)) if sdk_available() else None


# Templates of one chart text analysed one after another (the CLI, the corpus tests, several templates
# opened in the editor): past SHARE_AFTER of them, one render of the whole chart serves them all
# rather than a render each of what each template needs (``subset``): 24 charts, 353 templates.
SHARE_AFTER = 3
_ASKED: LRUCache = LRUCache(maxsize=64)  # whole chart's key -> the templates that asked for it


def shares_whole(whole: Snapshot, relative: str) -> bool:
    """Whether the template at ``relative`` is rendered (and linted) with the whole chart ``whole``:
    when that render is there already, or this is the SHARE_AFTER-th template of the same text to
    ask; and only when it renders (a failure elsewhere in the chart must not hide this template's
    findings, which its own subset would give)."""
    if whole.key not in _CACHE:
        asked = _ASKED.get(whole.key) or set()
        asked.add(relative)
        _ASKED[whole.key] = asked
        if len(asked) < SHARE_AFTER:
            return False
    rendered = render_snapshot(whole)
    return rendered is not None and rendered.ok


def render_snapshot(snap: Snapshot) -> Rendered | None:
    """The chart rendered with its default values; cached by the content of every file."""
    if not sdk_available():
        return None
    if snap.key not in _CACHE:
        _CACHE[snap.key] = _render_bounded(snap)
    return _CACHE[snap.key]


RENDER_TIMEOUT_S = 5.0


class NativeWorker:
    """A thread of its own for one kind of Helm call, with a deadline: Helm's engine is native code
    that cannot be interrupted, and a template such as ``{{ range until 50000000 }}`` would otherwise
    freeze every diagnostic behind it. Render and lint have a worker each, so they run side by side
    (Helm releases the GIL: 300 -> 130 ms for both on bitnami's nginx)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._pool = None

    def submit(self, fn, *args) -> Future:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"infragenius-{self.name}")
        return self._pool.submit(fn, *args)

    def wait(self, future: Future, what: str):
        """The result, or None past the deadline (the stuck thread finishes on its own; later calls
        get a fresh one)."""
        try:
            return future.result(timeout=RENDER_TIMEOUT_S)
        except FutureTimeout:
            log.warning("%s took longer than %.0f s; skipped", what, RENDER_TIMEOUT_S)
            self._pool = None
            return None


RENDERER = NativeWorker("helm")


_MARKED: LRUCache = LRUCache(maxsize=16)


def render_marked(snap: Snapshot) -> Rendered | None:
    """The chart rendered with a marker before every template line (``provenance``), so that each
    rendered row can be traced to the line that wrote it; cached like the plain render."""
    if not sdk_available():
        return None
    if snap.key not in _MARKED:
        _MARKED[snap.key] = _render_bounded(snap, marked=True)
    return _MARKED[snap.key]


def _render_bounded(snap: Snapshot, marked: bool = False) -> Rendered:
    """Render on the renderer's thread; a render past the deadline is reported (and cached) as failed."""
    rendered = RENDERER.wait(RENDERER.submit(_render, snap, marked), f"helm render of {snap.root.name}")
    if rendered is None:
        return Rendered(False, error=f"rendering took longer than {RENDER_TIMEOUT_S:.0f} s")
    return rendered


def _chart_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.parts and p.suffix != ".tgz")


def _render(snap: Snapshot, marked: bool = False) -> Rendered:
    import helm_python

    markers: dict[str, int] = {}
    try:
        source, markers = chart_folder(snap, marked)
        with helm_stderr(log):
            chart = helm_python.Chart.load(str(source))
            try:
                manifests = chart.render({}, name="release-name", namespace=RENDER_NAMESPACE)
            finally:
                chart.close()
    except helm_python.HelmError as exc:
        return _failed(str(exc))
    except Exception as exc:  # noqa: BLE001 (the SDK is native code: never let it take the server down)
        log.warning("helm render failed: %s", type(exc).__name__)
        return _failed(str(exc))
    return Rendered(True, manifests=dict(manifests), markers=markers)


def _failed(message: str) -> Rendered:
    first = message.strip().splitlines()[0] if message.strip() else "render failed"
    match = _ERROR_AT.search(message)
    if match is None:
        return Rendered(False, error=first)
    return Rendered(
        False,
        error=message.strip(),
        error_file=match.group("file"),
        error_line=int(match.group("line")),
        error_col=int(match.group("col")) if match.group("col") else None,
    )
