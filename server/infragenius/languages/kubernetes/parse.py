"""Parse a (multi-document) YAML file into Kubernetes objects."""

from __future__ import annotations

from ...core.context import Context
from ...core.document import Document
from ..yaml import Mapping, Scalar, parse_yaml
from .kustomize import SELECTOR_KINDS, has_patch_directive, kustomize_info, mentions_patch_directive
from .model import POD_SPEC_PATHS, Manifests, Resource, containers_of, get_path


def parse(document: Document, ctx: Context | None = None) -> Manifests:
    stream = parse_yaml(document.text)
    if ctx is not None:
        for problem in stream.syntax_errors:
            ctx.syntax_error(problem.range, problem.message)
    resources = resources_of(stream)
    if resources:
        _apply_kustomize(resources, document, ctx)
    return Manifests(stream, resources)


def _apply_kustomize(resources: list[Resource], document: Document, ctx: Context | None) -> None:
    info = kustomize_info(document.path, ctx)
    # a strategic-merge directive anywhere marks the whole file as patches, even unreferenced (the
    # text is searched first: walking every node of a large file on each keystroke costs milliseconds)
    patch = info.patch or (
        mentions_patch_directive(document.text) and any(has_patch_directive(r.root) for r in resources)
    )
    for resource in resources:
        resource.patch = patch
        resource.retagged_images = info.retagged_images
        resource.selector_added = info.adds_selector and resource.kind in SELECTOR_KINDS


def resources_of(stream) -> list[Resource]:
    resources = []
    for index, doc in enumerate(stream.documents):
        root = doc.root
        if not isinstance(root, Mapping):
            continue
        for item in _objects(root):
            resource = _resource(item, index)
            if resource is not None:
                resources.append(resource)
    return resources


def _objects(root: Mapping):
    """The object itself, or the items of a ``List`` (``kind: List`` / ``*List``)."""
    kind = root.get("kind")
    items = root.get("items")
    if isinstance(kind, Scalar) and str(kind.value).endswith("List") and items is not None:
        for item in getattr(items, "items", []):
            if isinstance(item, Mapping):
                yield item
    else:
        yield root


def _resource(root: Mapping, index: int) -> Resource | None:
    api, kind = root.get("apiVersion"), root.get("kind")
    if not isinstance(api, Scalar) or not isinstance(kind, Scalar):
        return None
    resource = Resource(root, str(api.value), str(kind.value), index, root.start_pos.line, root.end_pos.line)
    path = POD_SPEC_PATHS.get(resource.kind)
    if path:
        spec = get_path(root, *path)
        if isinstance(spec, Mapping):
            resource.pod_spec = spec
            resource.containers = containers_of(spec)
    return resource
