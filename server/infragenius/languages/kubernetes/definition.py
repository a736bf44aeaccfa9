"""Go-to-definition in Kubernetes manifests, within one (multi-document) file: a name that refers to
another object (a ConfigMap, Secret, PVC, ServiceAccount, Service, Role or ClusterRole) jumps to that
object's ``metadata.name`` value, and a Service's ``spec.selector`` key or value to every workload
whose pod template carries all of the selector's labels."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Node, Scalar, path_at
from .model import Manifests, Resource, get_path, scalar

# (key above, key) at the end of the cursor's path -> the kind named there
_NAMED_BY: dict[tuple[str, str], str] = {
    ("configMapKeyRef", "name"): "ConfigMap",
    ("configMapRef", "name"): "ConfigMap",
    ("configMap", "name"): "ConfigMap",  # a volume, or a projected volume's source
    ("secretKeyRef", "name"): "Secret",
    ("secretRef", "name"): "Secret",
    ("secret", "secretName"): "Secret",  # a volume
    ("secret", "name"): "Secret",  # a projected volume's source
    ("persistentVolumeClaim", "claimName"): "PersistentVolumeClaim",
}
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "Pod")
_CLUSTER_SCOPED = frozenset({"ClusterRole"})  # the only cluster-scoped kind named here

Target = tuple[None, Range, Range]  # (same document, the target name, the origin under the cursor)


def definition(document: Document, model: Manifests | None, position: Position):
    if not isinstance(model, Manifests):
        return None
    offset = document.offset_at(position)
    resource = resource_at(model, offset)
    if resource is None:
        return None
    chain = path_at(resource.root, offset)
    if len(chain) < 2 or not isinstance(chain[-1][1], Scalar):
        return None
    path = [_name(key) for key, _ in chain[1:]]  # on a key, the chain ends with (key, key): same path
    node: Scalar = chain[-1][1]
    if resource.kind == "Service" and len(path) == 3 and path[:2] == ["spec", "selector"]:
        return _answer(selected_workloads(model, resource, node))
    if chain[-1][0] is node or not isinstance(node.value, str) or node.is_null:
        return None
    kinds = _kinds_named(resource, path)
    if not kinds:
        return None
    return _answer(_named(model, resource, kinds, node))


def _name(key: Node | None) -> str:
    return str(key.value) if isinstance(key, Scalar) else "-"


def resource_at(model: Manifests, offset: int) -> Resource | None:
    """The innermost object holding the offset (an item of a ``kind: List`` rather than the list)."""
    holding = [r for r in model.resources if r.root.contains(offset)]
    return min(holding, key=lambda r: r.root.end - r.root.start) if holding else None


def _kinds_named(resource: Resource, path: list[str]) -> tuple[str, ...]:
    """The kinds of object the value at ``path`` names; empty when it names none."""
    last = path[-1]
    if last == "serviceAccountName":
        return ("ServiceAccount",)
    if (
        resource.kind == "Ingress"
        and path[-3:-1] in (["backend", "service"], ["defaultBackend", "service"])
        and last == "name"
    ):
        return ("Service",)
    if resource.kind in ("RoleBinding", "ClusterRoleBinding") and path == ["roleRef", "name"]:
        kind = scalar(get_path(resource.root, "roleRef", "kind"))
        return (str(kind.value),) if kind is not None and kind.value in ("Role", "ClusterRole") else ()
    if path[-3:] == ["imagePullSecrets", "-", "name"]:
        return ("Secret",)
    kind = _NAMED_BY.get((path[-2], last)) if len(path) >= 2 else None
    return (kind,) if kind else ()


def _named(model: Manifests, origin: Resource, kinds: tuple[str, ...], node: Scalar) -> list[Target]:
    targets = []
    for other in model.resources:
        name = scalar(get_path(other.root, "metadata", "name"))
        if other.kind not in kinds or name is None or name is node or name.value != node.value:
            continue
        if other.kind in _CLUSTER_SCOPED or _same_namespace(origin, other):
            targets.append((None, name.range, node.range))
    return targets


def _namespace(resource: Resource) -> str | None:
    node = scalar(get_path(resource.root, "metadata", "namespace"))
    return str(node.value) if node is not None else None


def _same_namespace(a: Resource, b: Resource) -> bool:
    """Namespaces must match when both objects give one; a missing one is whatever kubectl applies."""
    first, second = _namespace(a), _namespace(b)
    return first is None or second is None or first == second


def selected_workloads(model: Manifests, service: Resource, origin: Scalar) -> list[Target]:
    """Workloads whose pod template labels hold every pair of the Service's selector."""
    selector = get_path(service.root, "spec", "selector")
    if not isinstance(selector, Mapping) or not selector.pairs:
        return []
    wanted = _labels(selector)
    if wanted is None:
        return []  # a key or value we cannot read (an alias, a nested mapping): say nothing
    targets = []
    for other in model.resources:
        if other.kind not in WORKLOAD_KINDS or not _same_namespace(service, other):
            continue
        labels = _labels(pod_labels(other))
        name = scalar(get_path(other.root, "metadata", "name"))
        if labels is not None and name is not None and wanted.items() <= labels.items():
            targets.append((None, name.range, origin.range))
    return targets


def pod_labels(resource: Resource) -> Node | None:
    return get_path(resource.root, "metadata", "labels") if resource.kind == "Pod" else resource.template_labels


def _labels(node: Node | None) -> dict[str, str] | None:
    if not isinstance(node, Mapping):
        return None
    out: dict[str, str] = {}
    for key, value in node.pairs:
        if not isinstance(key, Scalar) or not isinstance(value, Scalar):
            return None
        out[str(key.value)] = str(value.value)
    return out


def _answer(targets: list[Target]):
    if not targets:
        return None
    return targets[0] if len(targets) == 1 else targets
