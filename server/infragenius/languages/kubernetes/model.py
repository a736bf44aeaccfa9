"""Kubernetes objects with positions: workloads' pod specs and containers located per kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..yaml import Mapping, Node, Scalar, Sequence, YamlStream

# Where the pod spec lives, per workload kind.
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
KUBE_LINTER_IGNORE = "ignore-check.kube-linter.io/"
# text a tool fills in before the API server sees it: Helm/Go templates, envsubst, Kubernetes' own
# $(VAR) expansion in env and args, ERB, Terraform/Jsonnet-style markers
TEMPLATED = re.compile(r"\{\{|\$\{|\$\(|<%|%\{|\(\(")


def get_path(node: Node | None, *keys: str) -> Node | None:
    for key in keys:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def scalar(node: Node | None) -> Scalar | None:
    return node if isinstance(node, Scalar) and not node.is_null else None


# The API server reads manifests with sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 booleans): a plain
# ``yes``/``on``/``y`` is true there, though the YAML 1.2 layer keeps it a string.
YAML11_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"})
YAML11_FALSE = frozenset({"n", "N", "no", "No", "NO", "off", "Off", "OFF"})


def is_true(node: Node | None) -> bool:
    return isinstance(node, Scalar) and (node.python is True or (node.style == "" and node.value in YAML11_TRUE))


def is_false(node: Node | None) -> bool:
    return isinstance(node, Scalar) and (node.python is False or (node.style == "" and node.value in YAML11_FALSE))


@dataclass
class Container:
    mapping: Mapping
    init: bool

    @property
    def name(self) -> str:
        node = scalar(self.mapping.get("name"))
        return str(node.value) if node else "?"

    @property
    def anchor(self) -> Node:
        """Where findings about the container as a whole go: its name, else its first key."""
        return self.mapping.get("name") or self.mapping.pairs[0][0] if self.mapping.pairs else self.mapping

    def security(self, key: str) -> Node | None:
        return get_path(self.mapping, "securityContext", key)


@dataclass
class Resource:
    root: Mapping
    api_version: str
    kind: str
    document_index: int
    start_line: int
    end_line: int
    containers: list[Container] = field(default_factory=list)
    pod_spec: Mapping | None = None
    patch: bool = False  # a kustomize patch: a partial object, its missing fields come from the base
    retagged_images: set[str] = field(default_factory=set)  # image names kustomize gives a tag
    selector_added: bool = False  # kustomize writes its spec.selector (commonLabels, includeSelectors)

    @property
    def metadata(self) -> Mapping | None:
        node = self.root.get("metadata")
        return node if isinstance(node, Mapping) else None

    @property
    def name(self) -> str:
        node = scalar(get_path(self.root, "metadata", "name"))
        return str(node.value) if node else "?"

    @property
    def anchor(self) -> Node:
        """Where findings about the object as a whole go: its kind value."""
        return self.root.get("kind") or self.root

    @cached_property  # asked by every rule for every object (ignore annotations)
    def annotations(self) -> dict[str, str]:
        node = get_path(self.root, "metadata", "annotations")
        if not isinstance(node, Mapping):
            return {}
        return {str(k.value): str(v.value) for k, v in node.items() if isinstance(k, Scalar) and isinstance(v, Scalar)}

    def ignores(self, aliases: tuple[str, ...]) -> bool:
        """kube-linter's ``ignore-check.kube-linter.io/<check>`` annotations, through our aliases."""
        notes = self.annotations
        if not notes:  # most objects: every rule asks, for every object
            return False
        return any(a.startswith("kube-linter:") and KUBE_LINTER_IGNORE + a.split(":", 1)[1] in notes for a in aliases)

    def pod_security(self, key: str) -> Node | None:
        return get_path(self.pod_spec, "securityContext", key)

    @property
    def template_labels(self) -> Mapping | None:
        path = POD_SPEC_PATHS.get(self.kind)
        if not path or self.kind == "Pod":
            return None
        node = get_path(self.root, *path[:-1], "metadata", "labels")
        return node if isinstance(node, Mapping) else None


@dataclass
class Manifests:
    stream: YamlStream
    resources: list[Resource]


def containers_of(pod_spec: Mapping | None) -> list[Container]:
    out: list[Container] = []
    for key, init in (("initContainers", True), ("containers", False), ("ephemeralContainers", True)):
        items = pod_spec.get(key) if pod_spec is not None else None
        if isinstance(items, Sequence):
            out.extend(Container(item, init) for item in items.items if isinstance(item, Mapping))
    return out
