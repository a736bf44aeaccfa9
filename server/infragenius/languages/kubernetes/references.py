"""Find references in Kubernetes manifests, within one (multi-document) file: the inverse of
go-to-definition. On an object's ``metadata.name`` (or on a reference to it) every place naming that
object: ``configMapKeyRef``/``secretRef``/volume/``claimName``/``serviceAccountName``/Ingress
backend/``roleRef`` values. On a workload's pod label, the matching key of each Service selector
that selects the workload. Each candidate is resolved with go-to-definition itself, so kinds and
namespaces are matched the same way."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Scalar, walk
from .definition import WORKLOAD_KINDS, definition, pod_labels, resource_at, selected_workloads
from .model import Manifests, Resource, get_path, scalar

Target = tuple[None, Range]


def references(
    document: Document, model: Manifests | None, position: Position, include_declaration: bool
) -> list[Target] | None:
    if not isinstance(model, Manifests):
        return None
    selectors = _selectors(model, document.offset_at(position))
    if selectors is not None:
        label, found = selectors
        return [(None, rng) for rng in ([label] if include_declaration else []) + found] or None
    declarations = _declarations_at(document, model, position)
    if not declarations:
        return None
    found = _sorted({ref for decl, ref in _index(document, model) if decl in declarations})
    answer = (_sorted(declarations) if include_declaration else []) + found
    return [(None, rng) for rng in answer] or None


def _names(model: Manifests) -> dict[int, Scalar]:
    """Every object's ``metadata.name`` scalar, by its start offset."""
    out = {}
    for resource in model.resources:
        name = scalar(get_path(resource.root, "metadata", "name"))
        if name is not None and isinstance(name.value, str):
            out[name.start] = name
    return out


def _sorted(ranges) -> list[Range]:
    return sorted(ranges, key=lambda r: (r.start, r.end))


def _declarations_at(document: Document, model: Manifests, position: Position) -> set[Range]:
    """The ``metadata.name`` the cursor is on, or those the reference under it names (several when
    namespaces leave it open, as in go-to-definition); a Service's selector names no object."""
    for name in _names(model).values():
        if name.range.start <= position <= name.range.end:
            return {name.range}
    if any(_in_selector(r, document.offset_at(position)) for r in model.resources):
        return set()
    return set(_targets(document, model, position))


def _index(document: Document, model: Manifests) -> list[tuple[Range, Range]]:
    """(declaring ``metadata.name``, reference) for each value that names an object of this file."""
    wanted = {name.value for name in _names(model).values()}
    pairs: list[tuple[Range, Range]] = []
    seen: set[int] = set()
    for resource in model.resources:
        for node in walk(resource.root):
            if not isinstance(node, Scalar) or node.value not in wanted or node.start in seen:
                continue
            seen.add(node.start)
            if _in_selector(resource, node.start):
                continue
            pairs.extend((decl, node.range) for decl in _targets(document, model, node.range.start))
    return pairs


def _targets(document: Document, model: Manifests, position: Position) -> list[Range]:
    try:
        answer = definition(document, model, position)
    except Exception:  # noqa: BLE001 (a half-typed manifest: no reference rather than an error)
        return []
    targets = [answer] if isinstance(answer, tuple) else answer or []
    return [t[1] for t in targets if isinstance(t, tuple) and len(t) >= 2]


def _in_selector(resource: Resource, offset: int) -> bool:
    selector = get_path(resource.root, "spec", "selector") if resource.kind == "Service" else None
    return selector is not None and selector.contains(offset)


def _selectors(model: Manifests, offset: int) -> tuple[Range, list[Range]] | None:
    """On a workload's pod label: its key and the same key in each Service selecting the workload."""
    resource = resource_at(model, offset)
    labels = pod_labels(resource) if resource is not None and resource.kind in WORKLOAD_KINDS else None
    name = scalar(get_path(resource.root, "metadata", "name")) if resource is not None else None
    if not isinstance(labels, Mapping) or name is None:
        return None
    key = next((k for k, v in labels.pairs if k.contains(offset) or v.contains(offset)), None)
    if not isinstance(key, Scalar):
        return None
    found = []
    for service in model.resources:
        if service.kind != "Service" or name.range not in [t[1] for t in selected_workloads(model, service, key)]:
            continue
        pair = get_path(service.root, "spec", "selector").pair(str(key.value))  # type: ignore[union-attr]
        found.extend([pair[0].range] if pair is not None else [])
    return key.range, found
