"""Object-level checks: API versions, namespaces, selectors, services, RBAC."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Mapping, Scalar, Sequence
from ..model import get_path, scalar
from ._base import K8Rule, sentence

# (apiVersion, kind or "*") -> (replacement, Kubernetes version that removed it). Facts from the
# Kubernetes deprecated API migration guide.
REMOVED_APIS: dict[tuple[str, str], tuple[str, str]] = {
    ("extensions/v1beta1", "Deployment"): ("apps/v1", "1.16"),
    ("extensions/v1beta1", "DaemonSet"): ("apps/v1", "1.16"),
    ("extensions/v1beta1", "ReplicaSet"): ("apps/v1", "1.16"),
    ("extensions/v1beta1", "NetworkPolicy"): ("networking.k8s.io/v1", "1.16"),
    ("extensions/v1beta1", "PodSecurityPolicy"): ("policy/v1beta1 (itself removed in 1.25)", "1.16"),
    ("extensions/v1beta1", "Ingress"): ("networking.k8s.io/v1", "1.22"),
    ("apps/v1beta1", "*"): ("apps/v1", "1.16"),
    ("apps/v1beta2", "*"): ("apps/v1", "1.16"),
    ("networking.k8s.io/v1beta1", "Ingress"): ("networking.k8s.io/v1", "1.22"),
    ("networking.k8s.io/v1beta1", "IngressClass"): ("networking.k8s.io/v1", "1.22"),
    ("rbac.authorization.k8s.io/v1beta1", "*"): ("rbac.authorization.k8s.io/v1", "1.22"),
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"): ("apiextensions.k8s.io/v1", "1.22"),
    # Only the webhook configurations: admissionregistration v1beta1 came back in 1.28 for policies.
    ("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration"): (
        "admissionregistration.k8s.io/v1",
        "1.22",
    ),
    ("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration"): (
        "admissionregistration.k8s.io/v1",
        "1.22",
    ),
    ("scheduling.k8s.io/v1beta1", "PriorityClass"): ("scheduling.k8s.io/v1", "1.22"),
    ("storage.k8s.io/v1beta1", "StorageClass"): ("storage.k8s.io/v1", "1.22"),
    ("certificates.k8s.io/v1beta1", "CertificateSigningRequest"): ("certificates.k8s.io/v1", "1.22"),
    ("coordination.k8s.io/v1beta1", "Lease"): ("coordination.k8s.io/v1", "1.22"),
    ("batch/v1beta1", "CronJob"): ("batch/v1", "1.25"),
    ("policy/v1beta1", "PodDisruptionBudget"): ("policy/v1", "1.25"),
    ("policy/v1beta1", "PodSecurityPolicy"): ("Pod Security Admission", "1.25"),
    ("discovery.k8s.io/v1beta1", "EndpointSlice"): ("discovery.k8s.io/v1", "1.25"),
    ("events.k8s.io/v1beta1", "Event"): ("events.k8s.io/v1", "1.25"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler"): ("autoscaling/v2", "1.25"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler"): ("autoscaling/v2", "1.26"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "*"): ("flowcontrol.apiserver.k8s.io/v1", "1.26"),
    ("flowcontrol.apiserver.k8s.io/v1beta2", "*"): ("flowcontrol.apiserver.k8s.io/v1", "1.29"),
    ("flowcontrol.apiserver.k8s.io/v1beta3", "*"): ("flowcontrol.apiserver.k8s.io/v1", "1.32"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity"): ("storage.k8s.io/v1", "1.27"),
}


class RemovedApiVersion(K8Rule):
    """The object uses an API version that current Kubernetes no longer serves.

    The API server rejects the manifest ("no matches for kind ... in version ..."). Move to the
    replacement API (the fields mostly stay the same; ``apps/v1`` requires ``spec.selector``).

    Bad:

        apiVersion: extensions/v1beta1
        kind: Deployment

    Good:

        apiVersion: apps/v1
        kind: Deployment
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8021"
    name = "removed-api-version"
    message = "API version is no longer served"
    severity = Severity.ERROR
    tags = ("correctness", "deprecated")
    aliases = ("kube-linter:no-extensions-v1beta",)

    def check_resource(self, resource, manifests):
        removed = REMOVED_APIS.get((resource.api_version, resource.kind)) or REMOVED_APIS.get(
            (resource.api_version, "*")
        )
        if removed is None:
            return
        replacement, version = removed
        node = resource.root.get("apiVersion")
        yield self.finding(
            node.range, f"{resource.kind} {resource.api_version} was removed in Kubernetes {version}; use {replacement}"
        )


# kinds that act on the namespace they are placed in rather than run in it
NAMESPACE_POLICIES = frozenset({"Role", "RoleBinding", "NetworkPolicy", "ResourceQuota", "LimitRange"})


class DefaultNamespace(K8Rule):
    """The object is placed in the ``default`` namespace explicitly.

    The default namespace has no isolation, quotas or policies of its own, and everything lands
    there by accident. Give workloads their own namespace. Objects that govern the namespace they
    are in (Role, RoleBinding, NetworkPolicy, ResourceQuota, LimitRange) are not reported: in
    ``default`` they grant access to it or harden it.

    Bad:

        metadata:
          name: api
          namespace: default

    Good:

        metadata:
          name: api
          namespace: payments
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8022"
    name = "default-namespace"
    message = "Object uses the default namespace"
    severity = Severity.INFORMATION
    tags = ("hardening",)
    aliases = ("checkov:CKV_K8S_21", "kube-linter:use-namespace")

    def check_resource(self, resource, manifests):
        if resource.kind in NAMESPACE_POLICIES:
            return
        node = scalar(get_path(resource.root, "metadata", "namespace"))
        if node is not None and node.value == "default":
            yield self.finding(node.range, f"{resource.kind} '{resource.name}' is in the default namespace")


def _labels(node) -> dict[str, str] | None:
    if not isinstance(node, Mapping):
        return None
    out = {}
    for k, v in node.items():
        if not isinstance(k, Scalar) or not isinstance(v, Scalar):
            return None  # templated or odd labels: unknown
        out[str(k.value)] = str(v.value)
    return out


class SelectorMismatch(K8Rule):
    """A workload's selector does not match its pod template's labels.

    The API server rejects the object ("selector does not match template labels"): the controller
    would create pods it does not own.

    Bad:

        spec:
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: web}

    Good:

        spec:
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8023"
    name = "selector-mismatch"
    message = "Selector does not match the pod template labels"
    severity = Severity.ERROR
    tags = ("correctness",)
    judges_absence = True
    aliases = ("kube-linter:mismatching-selector",)

    def check_resource(self, resource, manifests):
        selector = get_path(resource.root, "spec", "selector", "matchLabels")
        wanted, labels = _labels(selector), _labels(resource.template_labels)
        if resource.kind == "Pod" or wanted is None or labels is None:
            return
        if get_path(resource.root, "spec", "selector", "matchExpressions") is not None:
            return
        missing = [f"{k}={v}" for k, v in wanted.items() if labels.get(k) != v]
        if missing:
            yield self.finding(
                selector.range,
                f"{resource.kind} '{resource.name}' selects {', '.join(missing)}, which the pod template does not carry",
            )


class DanglingService(K8Rule):
    """A Service selects no pod of the workloads defined beside it.

    Traffic to the Service goes nowhere. Checked only when the same file defines workloads (a Service
    may select pods defined elsewhere otherwise).

    Bad:

        kind: Service
        spec:
          selector: {app: api}
        ---
        kind: Deployment
        spec:
          template:
            metadata:
              labels: {app: web}

    Good:

        kind: Service
        spec:
          selector: {app: web}
    """

    code = "K8024"
    name = "dangling-service"
    message = "Service selects no pod in this file"
    severity = Severity.WARNING
    tags = ("correctness",)
    judges_absence = True
    aliases = ("kube-linter:dangling-service",)

    def check_resource(self, resource, manifests):
        if resource.kind != "Service":
            return
        selector_node = get_path(resource.root, "spec", "selector")
        selector = _labels(selector_node)
        templates = [
            _labels(r.template_labels if r.kind != "Pod" else get_path(r.root, "metadata", "labels"))
            for r in manifests.resources
            if r.pod_spec is not None
        ]
        if not selector or not templates or any(t is None for t in templates):
            return
        if not any(all(t.get(k) == v for k, v in selector.items()) for t in templates):
            yield self.finding(
                selector_node.range, f"Service '{resource.name}' selects no pod of the workloads in this file"
            )


class NodePortService(K8Rule):
    """A Service is exposed on every node with ``type: NodePort``.

    NodePort opens a port on all nodes, bypassing load balancers and often firewalls. Prefer
    ClusterIP behind an Ingress or a LoadBalancer.

    Bad:

        spec:
          type: NodePort

    Good:

        spec:
          type: ClusterIP
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8025"
    name = "node-port-service"
    message = "Service uses NodePort"
    severity = Severity.INFORMATION
    tags = ("security",)
    aliases = ("kube-linter:exposed-services",)

    def check_resource(self, resource, manifests):
        node = scalar(get_path(resource.root, "spec", "type"))
        if resource.kind == "Service" and node is not None and node.value == "NodePort":
            yield self.finding(node.range, f"Service '{resource.name}' is exposed on every node (NodePort)")


class WildcardRbac(K8Rule):
    """A Role or ClusterRole grants ``*`` verbs or resources.

    Wildcards grant every current and future permission of the API group, including secrets and
    escalation verbs. List the verbs and resources the subject needs.

    Bad:

        rules:
          - apiGroups: [""]
            resources: ["*"]
            verbs: ["*"]

    Good:

        rules:
          - apiGroups: [""]
            resources: [configmaps]
            verbs: [get, list, watch]
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8026"
    name = "wildcard-rbac"
    message = "RBAC rule uses a wildcard"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:wildcard-in-rules", "checkov:CKV_K8S_49")

    def check_resource(self, resource, manifests):
        if resource.kind not in ("Role", "ClusterRole"):
            return
        rules = resource.root.get("rules")
        for rule in rules.items if isinstance(rules, Sequence) else []:
            for key in ("verbs", "resources"):
                items = rule.get(key) if isinstance(rule, Mapping) else None
                for item in items.items if isinstance(items, Sequence) else []:
                    if isinstance(item, Scalar) and item.value == "*":
                        yield self.finding(item.range, f"{resource.kind} '{resource.name}' grants '*' {key}")


class ClusterAdminBinding(K8Rule):
    """A binding grants the ``cluster-admin`` role.

    cluster-admin can do anything in every namespace. Through a RoleBinding it is confined to the
    binding's namespace, but there it can still do anything, Roles and RoleBindings included: bind
    a narrower role (``admin``, ``edit`` or one of your own).

    Bad:

        roleRef:
          kind: ClusterRole
          name: cluster-admin

    Good:

        roleRef:
          kind: ClusterRole
          name: view
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8027"
    name = "cluster-admin-binding"
    message = "Binding grants cluster-admin"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:cluster-admin-role-binding",)

    def check_resource(self, resource, manifests):
        if resource.kind not in ("RoleBinding", "ClusterRoleBinding"):
            return
        name = scalar(get_path(resource.root, "roleRef", "name"))
        if name is None or name.value != "cluster-admin":
            return
        scope = ""
        if resource.kind == "RoleBinding":
            namespace = scalar(get_path(resource.root, "metadata", "namespace"))
            scope = f" within namespace '{namespace.value}'" if namespace is not None else " within its namespace"
        yield self.finding(name.range, f"{resource.kind} '{resource.name}' grants cluster-admin{scope}")


class MissingImage(K8Rule):
    """A container has no ``image``.

    The API server rejects the pod: every container needs an image.

    Bad:

        containers:
          - name: app

    Good:

        containers:
          - name: app
            image: registry.example.com/app:1.4.2
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8028"
    name = "missing-image"
    message = "Container has no image"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    judges_absence = True

    def check_container(self, container, resource):
        if container.mapping.get("image") is None:
            yield self.finding(container.anchor.range, sentence(f"{self.where(container, resource)} has no image"))
