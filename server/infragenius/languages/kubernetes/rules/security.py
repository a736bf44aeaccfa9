"""Container and pod security context: privileges, users, filesystems, capabilities, host access."""

from __future__ import annotations

from ....core.findings import Fix, Severity
from ...yaml import Mapping, Scalar, Sequence
from ..fixes import prepend_item, replace_value, set_field
from ..model import Container, get_path, is_true, scalar
from ._base import FixingRule, K8Rule, sentence


def _security_fix(text: str, container: Container, key: str, value: str, applicability: str) -> Fix | None:
    """``key: value`` in the container's securityContext: its value replaced, or the key added
    (with the securityContext when there is none)."""
    node = container.security(key)
    edit = (
        replace_value(node, value)
        if node is not None
        else set_field(text, container.mapping, ("securityContext", key), value)
    )
    return Fix(f"Set {key}: {value}", (edit,), applicability) if edit is not None else None


class PrivilegedContainer(K8Rule):
    """A container runs privileged.

    A privileged container has every capability and full access to the host's devices: escaping to
    the node is trivial. Almost nothing needs it; grant the specific capability instead.

    Bad:

        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              privileged: true

    Good:

        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              privileged: false
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8001"
    name = "privileged-container"
    message = "Container runs privileged"
    severity = Severity.ERROR
    tags = ("security",)
    aliases = ("kube-linter:privileged-container", "checkov:CKV_K8S_16")

    def check_container(self, container, resource):
        node = container.security("privileged")
        if is_true(node):
            yield self.finding(node.range, sentence(f"{self.where(container, resource)} runs privileged"))


class PrivilegeEscalation(K8Rule):
    """A container explicitly allows privilege escalation.

    With ``allowPrivilegeEscalation: true`` a process can gain more privileges than its parent
    (setuid binaries, file capabilities). Set it to ``false`` (the quick fix does, safely).

    Bad:

        securityContext:
          allowPrivilegeEscalation: true

    Good:

        securityContext:
          allowPrivilegeEscalation: false
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8002"
    name = "privilege-escalation"
    message = "Container allows privilege escalation"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:privilege-escalation-container", "checkov:CKV_K8S_20")
    fixable = True

    def check_container(self, container, resource):
        node = container.security("allowPrivilegeEscalation")
        if is_true(node):
            edit = replace_value(node, "false")
            fix = Fix("Set allowPrivilegeEscalation: false", (edit,)) if edit is not None else None
            yield self.finding(
                node.range, sentence(f"{self.where(container, resource)} allows privilege escalation"), fix=fix
            )


class RunAsRoot(FixingRule):
    """A container runs as root (UID 0), or nothing prevents it from doing so.

    Root in a container is root on the host once anything goes wrong (a kernel bug, a mounted socket,
    a privileged flag). ``runAsUser: 0`` is a warning; a container with neither ``runAsNonRoot: true``
    nor a non-zero ``runAsUser`` (in the container or the pod) is information: the image decides.
    The quick fix sets ``runAsNonRoot: true`` in the container's securityContext; unsafe, as an
    image whose user is root then fails to start.

    Bad:

        securityContext:
          runAsUser: 0

    Good:

        securityContext:
          runAsNonRoot: true
          runAsUser: 10001
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8003"
    name = "run-as-root"
    message = "Container may run as root"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:run-as-non-root", "checkov:CKV_K8S_23")
    fixable = True

    def check_container(self, container, resource):
        user = scalar(container.security("runAsUser")) or scalar(resource.pod_security("runAsUser"))
        non_root = container.security("runAsNonRoot")
        if non_root is None:
            non_root = resource.pod_security("runAsNonRoot")
        if user is not None and user.python == 0:
            yield self.finding(user.range, sentence(f"{self.where(container, resource)} runs as root (runAsUser: 0)"))
        elif resource.patch:
            return  # a patch leaves the user to its base
        elif not is_true(non_root) and not (user is not None and isinstance(user.python, int) and user.python > 0):
            yield self.finding(
                container.anchor.range,
                sentence(f"{self.where(container, resource)} does not set runAsNonRoot: true"),
                severity=Severity.INFORMATION,
            )

    def fix(self, text, container, resource):
        """Unsafe: an image that runs as root then fails to start (the kubelet refuses it)."""
        user = scalar(container.security("runAsUser")) or scalar(resource.pod_security("runAsUser"))
        if user is not None and user.python == 0:
            return None  # runs as root on purpose: the user must choose another user first
        return _security_fix(text, container, "runAsNonRoot", "true", "unsafe")


class WritableRootFilesystem(FixingRule):
    """A container's root filesystem is writable.

    A read-only root filesystem stops an attacker from dropping tools or changing binaries; write to
    mounted volumes (``emptyDir``) where the application needs to. The quick fix sets
    ``readOnlyRootFilesystem: true``; unsafe, as an application that writes elsewhere then fails.

    Bad:

        securityContext: {}

    Good:

        securityContext:
          readOnlyRootFilesystem: true
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8004"
    name = "writable-root-filesystem"
    message = "Container root filesystem is writable"
    severity = Severity.INFORMATION
    tags = ("security", "hardening")
    judges_absence = True
    aliases = ("kube-linter:no-read-only-root-fs", "checkov:CKV_K8S_22")
    fixable = True

    def check_container(self, container, resource):
        if container.init:
            return
        node = container.security("readOnlyRootFilesystem")
        if not is_true(node):
            anchor = node if node is not None else container.anchor
            yield self.finding(
                anchor.range, sentence(f"{self.where(container, resource)} has a writable root filesystem")
            )

    def fix(self, text, container, resource):
        """Unsafe: an application that writes outside its mounted volumes then fails."""
        return _security_fix(text, container, "readOnlyRootFilesystem", "true", "unsafe")


def _capabilities(container, key: str) -> list[Scalar]:
    node = get_path(container.mapping, "securityContext", "capabilities", key)
    return [i for i in node.items if isinstance(i, Scalar)] if isinstance(node, Sequence) else []


class CapabilitiesNotDropped(FixingRule):
    """A container does not drop all Linux capabilities.

    Containers get a default set of capabilities (NET_RAW among them, used for ARP and DNS spoofing).
    Drop ``ALL`` and add back only what the process needs. The quick fix puts ``ALL`` in ``drop``;
    unsafe, as a process that needs a default capability (CHOWN, SETUID) must get it back with ``add``.

    Bad:

        securityContext:
          capabilities:
            drop: [NET_ADMIN]

    Good:

        securityContext:
          capabilities:
            drop: [ALL]
            add: [NET_BIND_SERVICE]
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8005"
    name = "capabilities-not-dropped"
    message = "Container does not drop all capabilities"
    severity = Severity.INFORMATION
    tags = ("security", "hardening")
    judges_absence = True
    aliases = ("checkov:CKV_K8S_37", "checkov:CKV_K8S_28")
    fixable = True

    def check_container(self, container, resource):
        dropped = {str(c.value).upper() for c in _capabilities(container, "drop")}
        if "ALL" not in dropped and "NET_RAW" not in dropped:
            context = container.mapping.get("securityContext")
            node = (context.key_node("capabilities") if isinstance(context, Mapping) else None) or container.anchor
            yield self.finding(
                node.range, sentence(f"{self.where(container, resource)} does not drop ALL capabilities")
            )

    def fix(self, text, container, resource):
        """Unsafe: a process that needs a default capability (CHOWN, SETUID...) must get it back with add."""
        drop = get_path(container.mapping, "securityContext", "capabilities", "drop")
        if drop is None:
            edit = set_field(text, container.mapping, ("securityContext", "capabilities", "drop"), ["ALL"])
        else:
            edit = prepend_item(text, drop, "ALL") if isinstance(drop, Sequence) else None
        return Fix("Drop ALL capabilities", (edit,), "unsafe") if edit is not None else None


DANGEROUS_CAPABILITIES = frozenset(
    {"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "SYS_RAWIO", "BPF"}
)


class DangerousCapability(K8Rule):
    """A container adds a capability that amounts to root on the node.

    ``SYS_ADMIN``, ``SYS_MODULE``, ``SYS_PTRACE``, ``NET_ADMIN``, ``BPF`` or ``ALL`` let a process load
    kernel modules, trace other processes, reconfigure the network or mount filesystems.

    Bad:

        securityContext:
          capabilities:
            add: [SYS_ADMIN]

    Good:

        securityContext:
          capabilities:
            drop: [ALL]
            add: [NET_BIND_SERVICE]
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8006"
    name = "dangerous-capability"
    message = "Container adds a dangerous capability"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("checkov:CKV_K8S_39", "checkov:CKV_K8S_25", "kube-linter:dangerous-capabilities")

    def check_container(self, container, resource):
        for cap in _capabilities(container, "add"):
            name = str(cap.value).upper().removeprefix("CAP_")
            if name in DANGEROUS_CAPABILITIES:
                yield self.finding(cap.range, sentence(f"{self.where(container, resource)} adds capability {name}"))


class _HostNamespace(K8Rule):
    resource_local = True  # reads its object's document only (reuse.py)
    field_name = ""

    def check_resource(self, resource, manifests):
        node = resource.pod_spec.get(self.field_name) if resource.pod_spec is not None else None
        if is_true(node):
            yield self.finding(node.range, f"{resource.kind} '{resource.name}' sets {self.field_name}: true")


class HostNetwork(_HostNamespace):
    """A pod shares the node's network namespace.

    With ``hostNetwork: true`` the pod sees every interface of the node, can bind its ports and sniff
    its traffic, and bypasses network policies.

    Bad:

        spec:
          hostNetwork: true

    Good:

        spec:
          hostNetwork: false
    """

    code = "K8007"
    name = "host-network"
    message = "Pod shares the host network"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:host-network", "checkov:CKV_K8S_19")
    field_name = "hostNetwork"


class HostPID(_HostNamespace):
    """A pod shares the node's process namespace.

    With ``hostPID: true`` the pod sees and can signal every process on the node, and read their
    environment (secrets included) through /proc.

    Bad:

        spec:
          hostPID: true

    Good:

        spec:
          hostPID: false
    """

    code = "K8008"
    name = "host-pid"
    message = "Pod shares the host PID namespace"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:host-pid", "checkov:CKV_K8S_17")
    field_name = "hostPID"


class HostIPC(_HostNamespace):
    """A pod shares the node's IPC namespace.

    With ``hostIPC: true`` the pod can read and write the shared memory of every process on the node.

    Bad:

        spec:
          hostIPC: true

    Good:

        spec:
          hostIPC: false
    """

    code = "K8009"
    name = "host-ipc"
    message = "Pod shares the host IPC namespace"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:host-ipc", "checkov:CKV_K8S_18")
    field_name = "hostIPC"


SENSITIVE_HOST_PATHS = (
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/root",
    "/var/run",
    "/run",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/boot",
    "/dev",
)
RUNTIME_SOCKETS = ("docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock")


class HostPathMount(K8Rule):
    """A pod mounts a sensitive path of the node (or the container runtime's socket).

    Mounting ``/``, ``/etc``, ``/proc``, ``/var/run`` or the Docker/containerd socket gives the pod
    control of the node. A runtime socket is an error; other sensitive paths a warning.

    Bad:

        volumes:
          - name: docker
            hostPath:
              path: /var/run/docker.sock

    Good:

        volumes:
          - name: cache
            emptyDir: {}
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8010"
    name = "sensitive-host-mount"
    message = "Pod mounts a sensitive host path"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("kube-linter:sensitive-host-mounts", "checkov:CKV_K8S_27", "kube-linter:docker-sock")

    def check_resource(self, resource, manifests):
        volumes = resource.pod_spec.get("volumes") if resource.pod_spec is not None else None
        for volume in volumes.items if isinstance(volumes, Sequence) else []:
            path = scalar(get_path(volume, "hostPath", "path"))
            if path is None:
                continue
            value = str(path.value).rstrip("/") or "/"
            if value.endswith(RUNTIME_SOCKETS):
                yield self.finding(
                    path.range,
                    f"{resource.kind} '{resource.name}' mounts the container runtime socket {value}",
                    severity=Severity.ERROR,
                )
            elif value in SENSITIVE_HOST_PATHS:
                yield self.finding(path.range, f"{resource.kind} '{resource.name}' mounts the host path {value}")


class HostPort(K8Rule):
    """A container binds a port on the node (``hostPort``).

    A host port ties the pod to nodes where the port is free, limits scheduling, and exposes the
    container on the node's address outside any Service. Use a Service instead.

    Bad:

        ports:
          - containerPort: 8080
            hostPort: 8080

    Good:

        ports:
          - containerPort: 8080
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8011"
    name = "host-port"
    message = "Container uses hostPort"
    severity = Severity.INFORMATION
    tags = ("security",)
    aliases = ("checkov:CKV_K8S_26", "kube-linter:host-port")

    def check_container(self, container, resource):
        ports = container.mapping.get("ports")
        for port in ports.items if isinstance(ports, Sequence) else []:
            node = scalar(port.get("hostPort")) if isinstance(port, Mapping) else None
            if node is not None and node.python not in (0, None):
                yield self.finding(
                    node.range, sentence(f"{self.where(container, resource)} binds host port {node.value}")
                )


class ServiceAccountTokenAutomount(K8Rule):
    """A pod mounts a service account token it probably does not need.

    Most applications never call the Kubernetes API; an automounted token lets anyone who compromises
    the pod do so with the service account's rights. Set ``automountServiceAccountToken: false`` on
    the pod (or the ServiceAccount) unless the app talks to the API. An explicit ``true`` says it
    does (operators, exporters that read the API) and is not reported.

    Bad:

        spec:
          containers: [...]

    Good:

        spec:
          automountServiceAccountToken: false
          containers: [...]
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8012"
    name = "service-account-token-automount"
    message = "Service account token is mounted automatically"
    severity = Severity.INFORMATION
    tags = ("security", "hardening")
    judges_absence = True
    aliases = ("checkov:CKV_K8S_38",)

    def check_resource(self, resource, manifests):
        if resource.pod_spec is None:
            return
        if resource.pod_spec.get("automountServiceAccountToken") is None:  # set either way: decided
            yield self.finding(
                resource.anchor.range, f"{resource.kind} '{resource.name}' automounts its service account token"
            )


class PrivilegedPort(K8Rule):
    """A container listens on a privileged port (below 1024).

    Binding a port below 1024 needs root or NET_BIND_SERVICE; listen on a high port and let the
    Service map it.

    Bad:

        ports:
          - containerPort: 80

    Good:

        ports:
          - containerPort: 8080
    """

    resource_local = True  # reads its object's document only (reuse.py)

    code = "K8013"
    name = "privileged-port"
    message = "Container uses a privileged port"
    severity = Severity.INFORMATION
    tags = ("security", "hardening")
    aliases = ("kube-linter:privileged-ports",)

    def check_container(self, container, resource):
        ports = container.mapping.get("ports")
        for port in ports.items if isinstance(ports, Sequence) else []:
            node = scalar(port.get("containerPort")) if isinstance(port, Mapping) else None
            if node is not None and isinstance(node.python, int) and 0 < node.python < 1024:
                yield self.finding(
                    node.range, sentence(f"{self.where(container, resource)} listens on privileged port {node.value}")
                )
