"""Go-to-definition, find references and document links in Compose files.

A service or resource name leads to its declaration: in this file, else in the other files of the
project (the override beside a main file, an included file). A build's context or Dockerfile leads to
the Dockerfile, ``extends.file`` to that file (and ``extends.service`` to the service in it).
References list every use of a name in this file, its declaration first.
"""

from __future__ import annotations

from pathlib import Path

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Scalar, parse_yaml
from .model import ComposeFile, interpolated, resources_of, scalar, services_of
from .names import Name, names_of
from .parse import project_files
from .paths import service_build

_START = Range.of(0, 0, 0, 0)
Target = tuple[Path | None, Range, Range]  # (file, None: this one; the range there; the range pointed at)


def definition(document: Document, model: ComposeFile | None, position: Position) -> list[Target] | None:
    if not isinstance(model, ComposeFile) or model.root is None:
        return None
    found = _name_at(model, position)
    if found is not None and not found.declaration:
        return _declaration(model, found)
    return _file_target(model, position)


def references(
    document: Document, model: ComposeFile | None, position: Position, include_declaration: bool
) -> list[tuple[Path | None, Range]] | None:
    if not isinstance(model, ComposeFile) or model.root is None:
        return None
    found = _name_at(model, position)
    if found is None:
        return None
    same = [n for n in names_of(model) if n.kind == found.kind and n.name == found.name]
    ordered = [n for n in same if n.declaration] + [n for n in same if not n.declaration]
    answer: list[tuple[Path | None, Range]] = [
        (None, n.node.range) for n in ordered if include_declaration or not n.declaration
    ]
    return answer or None


def links(document: Document, model: ComposeFile | None) -> list[tuple[Range, Path]] | None:
    """Build contexts (the folder), Dockerfiles and ``extends`` files that exist."""
    if not isinstance(model, ComposeFile) or model.folder is None:
        return None
    out: list[tuple[Range, Path]] = []
    for service in model.services.values():
        build = service_build(service, model.folder)
        if build is not None:
            context, dockerfile, paths = build
            if context is not None and paths.context.is_dir():
                out.append((context.range, paths.context))
            if dockerfile is not None and paths.dockerfile.is_file():
                out.append((dockerfile.range, paths.dockerfile))
        extended = _extends_file(model, service.get("extends"))
        if extended is not None:
            out.append((extended[0].range, extended[1]))
    return out


# -- names ------------------------------------------------------------------------------------------
def _name_at(model: ComposeFile, position: Position) -> Name | None:
    return next((n for n in names_of(model) if n.node.range.start <= position <= n.node.range.end), None)


def _declaration(model: ComposeFile, use: Name) -> list[Target] | None:
    own = next((n for n in names_of(model) if n.declaration and n.kind == use.kind and n.name == use.name), None)
    if own is not None:
        return [(None, own.node.range, use.node.range)]
    for path in project_files(model):
        key = _declared_in(path, use)
        if key is not None:
            return [(path, key.range, use.node.range)]
    return None


def _declared_in(path: Path, use: Name) -> Scalar | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for document in parse_yaml(text).documents:
        if not isinstance(document.root, Mapping):
            continue
        if use.kind == "services":
            service = services_of(document.root).get(use.name)
            if service is not None:
                return service.key
        else:
            key = resources_of(document.root)[use.kind].get(use.name)
            if key is not None:
                return key
    return None


# -- files ------------------------------------------------------------------------------------------
def _file_target(model: ComposeFile, position: Position) -> list[Target] | None:
    """On a build's context or Dockerfile: the Dockerfile; on ``extends``' file or service: there."""
    if model.folder is None:
        return None
    for service in model.services.values():
        build = service_build(service, model.folder)
        if build is not None:
            context, dockerfile, paths = build
            for value in (dockerfile, context):
                if value is not None and _on(value, position) and paths.dockerfile.is_file():
                    return [(paths.dockerfile, _START, value.range)]
        extends = service.get("extends")
        extended = _extends_file(model, extends)
        if extended is None or not isinstance(extends, Mapping):
            continue
        node, path = extended
        if _on(node, position):
            return [(path, _START, node.range)]
        name = scalar(extends.get("service"))
        if name is not None and _on(name, position):
            key = _declared_in(path, Name("services", str(name.value), name, False))
            return [(path, key.range, name.range)] if key is not None else None
    return None


def _extends_file(model: ComposeFile, extends: object) -> tuple[Scalar, Path] | None:
    node = scalar(extends.get("file")) if isinstance(extends, Mapping) else None
    if node is None or model.folder is None or interpolated(str(node.value)) or "://" in str(node.value):
        return None
    path = model.folder / str(node.value)
    return (node, path) if path.is_file() else None


def _on(node: Scalar, position: Position) -> bool:
    return node.range.start <= position <= node.range.end
