"""A chart as the rules see it: Chart.yaml, values.yaml, every template's actions and defines.

Files are read through the workspace (editor buffers first). Scanned templates are cached by path
and text so a keystroke in one template rescans only that template.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cachetools import LRUCache

from ...core.context import Workspace
from ...core.document import decode
from ..yaml import Mapping, Node, Scalar, YamlStream, parse_yaml
from .dependencies import Dependencies, locate
from .gotemplate import Action, Template, scan

_SCANNED: LRUCache = LRUCache(maxsize=2048)
_YAML: LRUCache = LRUCache(maxsize=512)
# the editor analyses a chart on two threads (template checks, and the render's full pass): an LRU
# cache reorders itself on every read, so each look-up holds the lock (not the scan or the parse)
_CACHES_LOCK = threading.Lock()


def absolute(path: Path) -> Path:
    """``path`` absolute, symlinks resolved: a chart is found, rendered and cached the same whatever
    the working directory and path form (``.``, ``templates/x.yaml``, a symlinked folder)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop: absolute is the best we can do
        return Path(os.path.abspath(path))


def overlaid(workspace: Workspace, path: Path | None, text: str) -> Workspace:
    """The workspace with this document's current text, its buffers keyed by absolute, resolved
    path (the chart's files are listed that way), so the chart sees unsaved edits."""
    # list(): one step, so a buffer the editor opens meanwhile (another thread) cannot break the loop
    overlay = {absolute(key): value for key, value in list(workspace.overlay.items())}
    if path is not None:
        overlay[absolute(path)] = text
    return ChartWorkspace(overlay)


class ChartWorkspace(Workspace):
    """A workspace whose buffers are keyed by resolved path (``overlaid``) and that resolves the path
    of a file it reads folder by folder, each folder once: a chart's analysis reads every file of
    the chart (and of its library) two or three times, and resolving each path from the root took
    a third of a corpus run."""

    def __init__(self, overlay: dict[Path, str]) -> None:
        super().__init__(overlay)
        self._folders: dict[Path, Path] = {}  # folder -> the same, resolved

    def read_text(self, path: Path) -> str | None:
        path = Path(path)
        if path in self.overlay:
            return self.overlay[path]
        if self.overlay:
            real = self._resolved(path)
            if real in self.overlay:
                return self.overlay[real]
        try:
            return decode(path.read_bytes())
        except OSError:  # missing, a folder, unreadable: as the plain workspace, no text
            return None

    def _resolved(self, path: Path) -> Path:
        """``path.resolve()``, with its folder's resolution remembered (a link as the file itself
        is resolved as a whole)."""
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = absolute(path.parent)
        real = folder / path.name
        return absolute(real) if real.is_symlink() else real


def find_chart_root(path: Path | None) -> Path | None:
    """The folder of the chart ``path`` belongs to (absolute, resolved), or None."""
    if path is None:
        return None
    path = absolute(path)
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "Chart.yaml").is_file():
            return folder
        if folder.name == "templates" and (folder.parent / "Chart.yaml").is_file():
            return folder.parent
    return None


def scanned(path: Path, text: str) -> Template:
    key = (path, hash(text))
    with _CACHES_LOCK:
        template = _SCANNED.get(key)
    if template is None:
        template = scan(text)
        with _CACHES_LOCK:
            _SCANNED[key] = template
    return template


def parsed_yaml(text: str) -> YamlStream:
    key = hash(text)
    with _CACHES_LOCK:
        stream = _YAML.get(key)
    if stream is None:
        stream = parse_yaml(text)
        with _CACHES_LOCK:
            _YAML[key] = stream
    return stream


@dataclass
class Chart:
    root: Path
    chart_yaml: Mapping | None
    values: Mapping | None
    values_path: Path
    templates: dict[Path, Template] = field(default_factory=dict)
    defines: dict[str, tuple[Path, Action]] = field(default_factory=dict)
    dependencies: Dependencies = field(default_factory=Dependencies)

    @property
    def incomplete_defines(self) -> bool:
        """A dependency could not be found: its defines are unknown."""
        return not self.dependencies.complete

    @property
    def renderable(self) -> bool:
        """Helm finds every dependency (an archive under ``charts/`` counts: Helm reads it)."""
        return not self.dependencies.missing

    @property
    def name(self) -> str:
        node = self.chart_yaml.get("name") if self.chart_yaml else None
        return str(node.value) if isinstance(node, Scalar) else self.root.name

    @property
    def is_library(self) -> bool:
        node = self.chart_yaml.get("type") if self.chart_yaml else None
        return isinstance(node, Scalar) and node.value == "library"

    def lookup(self, path: list[str]) -> tuple[str, Node | None]:
        """Resolve ``.Values.<path>`` in values.yaml.

        Returns ("found", node), ("missing", parent) when a key is absent from a mapping, or
        ("scalar", node) when the path goes through a non-mapping value, or ("unknown", None).
        """
        node: Node | None = self.values
        if node is None:
            return "unknown", None
        for i, key in enumerate(path):
            if not isinstance(node, Mapping):
                return ("scalar", node) if isinstance(node, Scalar) and not node.is_null else ("unknown", node)
            child = node.get(key)
            if child is None:
                return "missing", node
            node = child
        return "found", node


def load_chart_yaml(root: Path, workspace: Workspace) -> Mapping | None:
    node = parsed_yaml(workspace.read_text(root / "Chart.yaml") or "").root
    return node if isinstance(node, Mapping) else None


def load_chart(root: Path, workspace: Workspace) -> Chart:
    values_path = root / "values.yaml"
    values_text = workspace.read_text(values_path)
    values_root = parsed_yaml(values_text).root if values_text is not None else None
    chart = Chart(
        root,
        load_chart_yaml(root, workspace),
        values_root
        if isinstance(values_root, Mapping)
        else (None if values_text is None else Mapping([], False, 0, 0, _origin(), _origin(), None, None)),
        values_path,
    )
    chart.dependencies = locate(root, chart.chart_yaml, workspace)
    for folder in _template_dirs(root, chart.dependencies):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".yaml", ".yml", ".tpl", ".txt"):
                text = workspace.read_text(path)
                if text is None:
                    continue
                template = scanned(path, text)
                if folder.parent == root:
                    chart.templates[path] = template
                for name, action in template.defines.items():
                    chart.defines.setdefault(name, (path, action))
    return chart


def _origin():
    from ...core.document import Position

    return Position(0, 0)


def _template_dirs(root: Path, dependencies: Dependencies) -> list[Path]:
    """The chart's templates/ and those of its subcharts, vendored or found outside charts/ (their
    defines are shared)."""
    dirs = [root / "templates"]
    charts = root / "charts"
    if charts.is_dir():
        dirs += [sub / "templates" for sub in sorted(charts.iterdir()) if (sub / "templates").is_dir()]
    dirs += [folder / "templates" for _, folder in dependencies.external]
    return [d for d in dirs if d.is_dir()]
