"""The outline of a manifest file: one ``Kind/name`` entry per object (its whole YAML document),
with the containers of its pod template."""

from __future__ import annotations

from ...core.document import Document, Range
from ..yaml.outline_symbols import Symbol, symbol, text
from .model import Container, Manifests, Resource, get_path


def symbols(document: Document, model: object) -> list[Symbol] | None:
    if not isinstance(model, Manifests):
        return None
    documents = model.stream.documents
    out = []
    for resource in model.resources:
        if 0 <= resource.document_index < len(documents):
            yaml_doc = documents[resource.document_index]
            whole = document.range_of(yaml_doc.start, max(yaml_doc.end, yaml_doc.start))
            out.append(_object(resource, _union(whole, resource.root.range)))
    return out


def _object(resource: Resource, whole: Range) -> Symbol:
    name_node = get_path(resource.root, "metadata", "name")
    name = text(name_node)
    label = f"{resource.kind}/{name}" if name is not None else resource.kind
    selection = (name_node if name is not None else resource.anchor).range
    namespace = text(get_path(resource.root, "metadata", "namespace"))
    return symbol(label, "object", whole, selection, namespace, [_container(c) for c in resource.containers])


def _container(container: Container) -> Symbol:
    name_node = container.mapping.get("name")
    selection = name_node.range if text(name_node) is not None else None
    detail = text(container.mapping.get("image"))
    return symbol(container.name, "method", container.mapping.range, selection, detail)


def _union(a: Range, b: Range) -> Range:
    return Range(min(a.start, b.start), max(a.end, b.end))
