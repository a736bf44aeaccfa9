"""Build the Compose model: the file's services and resources, and the names its project declares.

``docker compose`` merges a project's main file with the override beside it (``compose.override.yaml``)
and with the files it ``include``s, so a service may depend on one defined in another of them. The
project is read through the workspace (open buffers first) so that unsaved edits count.
"""

from __future__ import annotations

from pathlib import Path

from ...core.context import Context, Workspace
from ...core.document import Document
from ..yaml import Mapping, Node, Sequence, parse_yaml
from . import claims_path
from .model import MAIN_NAMES, RESOURCES, ComposeFile, Project, interpolated, resources_of, services_of, text

MAX_PROJECT_FILES = 32  # a project's overrides and includes; more is a folder of unrelated fixtures


def parse(document: Document, ctx: Context | None = None) -> ComposeFile:
    stream = parse_yaml(document.text)
    if ctx is not None:
        for problem in stream.syntax_errors:
            ctx.syntax_error(problem.range, problem.message)
    root = next((d.root for d in stream.documents if isinstance(d.root, Mapping)), None)
    model = ComposeFile(stream, root, document.path, services_of(root), resources_of(root), Project())
    model.project = _project(model, ctx.workspace if ctx is not None else Workspace())
    return model


def _project(model: ComposeFile, workspace: Workspace) -> Project:
    project = Project()
    _declare(project, model.root)
    path = model.path
    if path is None or path.name.lower() not in MAIN_NAMES:
        project.complete = False  # an override or a file used with -f: its base is elsewhere
        return project
    seen = {path.resolve()}
    queue = [p for p in _siblings(path, workspace) if p.resolve() not in seen]
    queue += _includes(model.root, path.parent, project)
    while queue:
        other = queue.pop(0).resolve()
        if other in seen:
            continue
        seen.add(other)
        if len(seen) > MAX_PROJECT_FILES:
            project.complete = False
            break
        content = workspace.read_text(other)
        if content is None:
            project.complete = False  # an include that is missing: a rule of its own says so
            continue
        roots = [d.root for d in parse_yaml(content).documents if isinstance(d.root, Mapping)]
        for root in roots:
            _declare(project, root)
            queue += _includes(root, other.parent, project)
    return project


def _declare(project: Project, root: Mapping | None) -> None:
    project.services |= set(services_of(root))
    for section, names in resources_of(root).items():
        project.resources[section] |= set(names)


def _siblings(path: Path, workspace: Workspace) -> list[Path]:
    """The other Compose files of the folder (``compose.override.yaml``, ``docker-compose.prod.yml``), on
    disk or open in the editor and not saved yet."""
    found = set(workspace.glob(path.parent, "*.y*ml")) | {p for p in workspace.overlay if p.parent == path.parent}
    return sorted(p for p in found if p != path and claims_path(p))


def _includes(root: Mapping | None, folder: Path, project: Project) -> list[Path]:
    """The local files ``include:`` names; a remote or interpolated one leaves the project incomplete."""
    node = root.get("include") if root is not None else None
    items = node.items if isinstance(node, Sequence) else ([node] if node is not None else [])
    found: list[Path] = []
    for item in items:
        for value in _include_paths(item):
            if value is None or interpolated(value) or "://" in value or value.startswith(("git@", "oci:")):
                project.complete = False
            else:
                found.append(folder / Path(value).expanduser())
    return found


def _include_paths(item: Node) -> list[str | None]:
    if isinstance(item, Mapping):
        paths = item.get("path")
        if isinstance(paths, Sequence):
            return [text(p) for p in paths.items]
        return [text(paths)]
    return [text(item)]


def project_files(model: ComposeFile) -> list[Path]:
    """The other files of the project that exist on disk: the folder's Compose files and the includes."""
    if model.path is None:
        return []
    scratch = Project()
    found = _siblings(model.path, Workspace()) + _includes(model.root, model.path.parent, scratch)
    return [path for path in found if path.is_file()]


__all__ = ["RESOURCES", "parse", "project_files"]
