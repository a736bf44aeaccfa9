"""Reliability of workloads: resource requests and limits, probes, image tags, env variables."""

from __future__ import annotations

from ....core import secrets
from ....core.findings import Fix, Severity
from ....core.images import image_parts
from ...yaml import Mapping, Scalar, Sequence
from ..fixes import set_field
from ..model import Container, get_path, scalar
from ._base import FixingRule, K8Rule, sentence


class _Requirement(K8Rule):
    resource_local = True  # reads its object's document only (reuse.py)
    resource_name = ""

    def check_container(self, container, resource):
        missing = [
            kind
            for kind in ("requests", "limits")
            if scalar(get_path(container.mapping, "resources", kind, self.resource_name)) is None
        ]
        if missing == ["requests"]:
            return  # Kubernetes sets a missing request to the limit
        if missing:
            node = container.mapping.key_node("resources") or container.anchor
            what = " and ".join(missing)
            yield self.finding(
                node.range, sentence(f"{self.where(container, resource)} has no {self.resource_name} {what}")
            )


class CpuRequirements(_Requirement):
    """A container sets no CPU request or limit.

    Without a request the scheduler cannot place the pod sensibly and it is first to be starved;
    without a limit one busy pod can slow its neighbours. A limit alone is enough: Kubernetes then
    sets the request to the limit.

    Bad:

        resources: {}

    Good:

        resources:
          requests: {cpu: 100m}
          limits: {cpu: "1"}
    """

    code = "K8014"
    name = "cpu-requirements"
    message = "CPU request or limit is not set"
    severity = Severity.INFORMATION
    tags = ("reliability",)
    judges_absence = True
    aliases = ("kube-linter:unset-cpu-requirements", "checkov:CKV_K8S_10", "checkov:CKV_K8S_11")
    resource_name = "cpu"


class MemoryRequirements(_Requirement):
    """A container sets no memory request or limit.

    Without a memory limit a leak takes the node down with it; without a request the pod is the
    first to be evicted under pressure. A limit alone is enough: Kubernetes then sets the request to
    the limit.

    Bad:

        resources: {}

    Good:

        resources:
          requests: {memory: 128Mi}
          limits: {memory: 256Mi}
    """

    code = "K8015"
    name = "memory-requirements"
    message = "Memory request or limit is not set"
    severity = Severity.INFORMATION
    tags = ("reliability",)
    judges_absence = True
    aliases = ("kube-linter:unset-memory-requirements", "checkov:CKV_K8S_12", "checkov:CKV_K8S_13")
    resource_name = "memory"


LONG_RUNNING = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController")


class _Probe(FixingRule):
    resource_local = True  # reads its object's document only (reuse.py)
    probe = ""
    fixable = True

    def check_container(self, container, resource):
        if resource.kind not in LONG_RUNNING or container.init:
            return
        if container.mapping.get(self.probe) is None:
            yield self.finding(
                container.anchor.range, sentence(f"{self.where(container, resource)} has no {self.probe}")
            )

    def fix(self, text, container, resource):
        """Unsafe, a skeleton to adjust: a TCP check of the container's first port (no port, no fix)."""
        port = _first_port(container)
        if port is None:
            return None
        edit = set_field(text, container.mapping, (self.probe, "tcpSocket", "port"), port)
        return Fix(f"Add a {self.probe} (TCP check of port {port})", (edit,), "unsafe") if edit is not None else None


def _first_port(container: Container) -> str | None:
    """The first ``containerPort`` written as a number."""
    ports = container.mapping.get("ports")
    for item in ports.items if isinstance(ports, Sequence) else ():
        port = scalar(get_path(item, "containerPort"))
        if port is not None and isinstance(port.python, int):
            return str(port.python)
    return None


class LivenessProbe(_Probe):
    """A long-running container has no liveness probe.

    Without one, a hung process keeps its pod "Running" forever; Kubernetes restarts containers
    whose liveness probe fails. The quick fix (unsafe) adds a skeleton to adjust: a TCP check of
    the container's first numbered ``containerPort``.

    Bad:

        containers:
          - name: api
            image: api:1.4.2

    Good:

        containers:
          - name: api
            image: api:1.4.2
            livenessProbe:
              httpGet: {path: /healthz, port: 8080}
    """

    code = "K8016"
    name = "no-liveness-probe"
    message = "Container has no liveness probe"
    severity = Severity.INFORMATION
    tags = ("reliability",)
    judges_absence = True
    aliases = ("kube-linter:no-liveness-probe", "checkov:CKV_K8S_8")
    probe = "livenessProbe"


class ReadinessProbe(_Probe):
    """A long-running container has no readiness probe.

    Without one, traffic is sent to pods that are still starting or temporarily unable to serve.
    The quick fix (unsafe) adds a skeleton to adjust: a TCP check of the container's first numbered
    ``containerPort``.

    Bad:

        containers:
          - name: api
            image: api:1.4.2

    Good:

        containers:
          - name: api
            image: api:1.4.2
            readinessProbe:
              httpGet: {path: /ready, port: 8080}
    """

    code = "K8017"
    name = "no-readiness-probe"
    message = "Container has no readiness probe"
    severity = Severity.INFORMATION
    tags = ("reliability",)
    judges_absence = True
    aliases = ("kube-linter:no-readiness-probe", "checkov:CKV_K8S_9")
    probe = "readinessProbe"


class LatestTag(K8Rule):
    """A container image uses ``latest`` or no tag.

    The pod then runs whatever the registry serves at that moment: rollbacks and reproducible
    deployments become impossible, and nodes may run different versions side by side. An untagged
    image whose tag a kustomization's ``images:`` list sets (``newTag`` or ``digest``, in the file's
    folder or in an overlay that builds on it) is not reported.

    Bad:

        image: nginx:latest

    Good:

        image: nginx:1.27.2
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8018"
    name = "latest-tag"
    message = "Image uses the latest tag"
    severity = Severity.WARNING
    tags = ("reliability", "reproducibility")
    aliases = ("kube-linter:latest-tag", "checkov:CKV_K8S_14")

    def check_container(self, container, resource):
        node = scalar(container.mapping.get("image"))
        if node is None or not isinstance(node.value, str) or "$" in node.value or "{{" in node.value:
            return
        name, tag, digest = image_parts(node.value)
        if digest or name in resource.retagged_images:
            return  # pinned, or kustomize's images: list sets the tag
        if tag is None or tag == "latest":
            why = "has no tag (means latest)" if tag is None else "uses the latest tag"
            yield self.finding(node.range, f"Image '{node.value}' of {self.where(container, resource)} {why}")


class SecretInEnv(K8Rule):
    """A secret is written in clear text in a container's ``env``.

    The value is stored in the manifest, in Git, and readable by anyone who can read the object.
    Reference a Secret with ``valueFrom.secretKeyRef`` instead. A variable named as a credential
    (``DB_PASSWORD``, ``API_TOKEN``, ``CLIENT_SECRET``, ``STRIPE_API_KEY``) holds one whatever its
    value looks like - a weak password is still a password; an empty value, a ``$(VAR)`` reference,
    a template or a placeholder such as ``changeme`` or ``<your-token>`` is not.

    Bad:

        env:
          - name: DB_PASSWORD
            value: "kP9#mZ2!qR7wX4vL"

    Good:

        env:
          - name: DB_PASSWORD
            valueFrom:
              secretKeyRef: {name: db, key: password}
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8019"
    name = "secret-in-env"
    message = "Secret in clear text in env"
    severity = Severity.ERROR
    tags = ("security", "secrets")
    aliases = ("kube-linter:env-var-secret",)

    def check_container(self, container, resource):
        for name, value in _env(container):
            if isinstance(value, Scalar) and isinstance(value.value, str):
                why = secrets.hardcoded_secret(name, value.value)
                if why:
                    yield self.finding(
                        value.range,
                        f"Env variable '{name}' of {self.where(container, resource)} holds a secret in clear text ({why})",
                    )


def _env(container):
    env = container.mapping.get("env")
    for item in env.items if isinstance(env, Sequence) else []:
        if isinstance(item, Mapping):
            name = scalar(item.get("name"))
            if name is not None:
                yield str(name.value), item.get("value")


class DuplicateEnv(K8Rule):
    """A container defines the same environment variable twice.

    Only the last definition takes effect; the first is silently ignored (and tools that merge
    manifests disagree about which one wins).

    Bad:

        env:
          - {name: LOG_LEVEL, value: info}
          - {name: LOG_LEVEL, value: debug}

    Good:

        env:
          - {name: LOG_LEVEL, value: debug}
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8020"
    name = "duplicate-env-var"
    message = "Duplicate environment variable"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("kube-linter:duplicate-env-var",)

    def check_container(self, container, resource):
        seen: set[str] = set()
        env = container.mapping.get("env")
        for item in env.items if isinstance(env, Sequence) else []:
            name = scalar(item.get("name")) if isinstance(item, Mapping) else None
            if name is None:
                continue
            if str(name.value) in seen:
                yield self.finding(
                    name.range, f"Env variable '{name.value}' is defined twice in {self.where(container, resource)}"
                )
            seen.add(str(name.value))
