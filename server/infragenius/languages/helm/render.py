"""Render a chart with Helm's own Go SDK (``helm-python-sdk``) and map results back to templates.

Rendering uses the chart's default values. Unsaved editor buffers are honoured by rendering a
temporary copy of the chart with the buffers written in. Results are cached by the content of
every chart file, so typing in a template re-renders once per distinct text and never re-renders
for a keystroke elsewhere.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from cachetools import LRUCache

from ...core.context import Workspace
from .native_log import helm_stderr

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
def materialised(snap: Snapshot, copy: bool = False) -> Iterator[Path]:
    """A folder Helm can load: the chart itself when the disk holds all of it (and ``copy`` is not
    asked for), else a temporary copy with the editor's buffers written in and the outside
    dependencies copied under ``charts/``."""
    if not snap.overlay and not snap.external and not snap.random and not snap.left_out and not copy:
        yield snap.root
        return
    with tempfile.TemporaryDirectory(prefix="ig-helm-") as tmp:
        source = Path(tmp) / snap.root.name
        shutil.copytree(snap.root, source, ignore=_ignored(snap))
        places = [(snap.root, source)]
        for name, folder in snap.external:
            shutil.copytree(folder, source / "charts" / name, ignore=_IGNORED, dirs_exist_ok=True)
            places.append((folder, source / "charts" / name))
        for path, text in snap.overlay.items():
            for original, copied in places:
                if path.is_relative_to(original):
                    _write_unless_left_out(snap, path, copied / path.relative_to(original), text)
                    break
        if snap.random:
            _stand_in_random(source)
        yield source


_IGNORED = shutil.ignore_patterns(".git")


def _ignored(snap: Snapshot):
    """What ``copytree`` leaves out of the chart's copy: ``.git``, and the templates left out."""
    if not snap.left_out:
        return _IGNORED

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        inside = here.relative_to(snap.root).as_posix() if here.is_relative_to(snap.root) else None
        skipped = {name for name in names if inside is not None and _relative(inside, name) in snap.left_out}
        return set(_IGNORED(folder, names)) | skipped

    return ignore


def _relative(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"


def _write_unless_left_out(snap: Snapshot, path: Path, copy: Path, text: str) -> None:
    if path.is_relative_to(snap.root) and path.relative_to(snap.root).as_posix() in snap.left_out:
        return
    copy.write_text(text, encoding="utf-8")


def render_chart(root: Path, workspace: Workspace) -> Rendered | None:
    return render_snapshot(snapshot(root, workspace)) if sdk_available() else None


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
        with materialised(snap, copy=marked) as source:
            if marked:
                markers = _mark_templates(source)
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


def _stand_in_random(source: Path) -> None:
    """Replace random function calls in every template of the copied chart (``standins``)."""
    from .gotemplate import scan
    from .standins import mentions_random, with_stand_ins

    for path in _template_files(source):
        text = path.read_text("utf-8", "replace")
        if mentions_random(text):
            path.write_text(with_stand_ins(scan(text)), encoding="utf-8")


def _template_files(source: Path) -> list[Path]:
    folders = [source / "templates", *sorted((source / "charts").glob("*/templates"))]
    return [path for folder in folders if folder.is_dir() for path in sorted(folder.rglob("*")) if path.is_file()]


def _mark_templates(source: Path) -> dict[str, int]:
    """Put provenance markers into every manifest template of the copied chart and its subcharts."""
    from .gotemplate import scan
    from .provenance import is_marked, mark

    markers: dict[str, int] = {}
    for path in _template_files(source):
        relative = path.relative_to(source).as_posix()
        if is_marked(relative):
            text = path.read_text("utf-8", "replace")
            markers[relative] = len(markers)
            path.write_text(mark(text, scan(text), markers[relative]), encoding="utf-8")
    return markers


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
