"""What a service may do to its host, and what it leaks: images that move, privileged containers,
host mounts and namespaces, capabilities, secrets in the environment, databases on every interface."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ....core.findings import Edit, Finding, Fix, Severity
from ....core.images import image_parts
from ....core.secrets import hardcoded_secret
from ...yaml import Mapping, Node, Scalar, Sequence
from ..model import ComposeFile, Service, interpolated, scalar, text
from ..ports import Port, parse_port
from ._base import ComposeRule


class MutableImage(ComposeRule):
    """A service's image has no tag, or the ``latest`` tag.

    Every pull may bring a different image: a rebuild or a new host runs code nobody reviewed, and
    going back to the previous version is guesswork. Name a version (or a digest). A service that
    also has ``build`` is not reported: its ``image`` is the name the build is tagged with.

    Bad:

        services:
          cache:
            image: redis:latest

    Good:

        services:
          cache:
            image: redis:7.4
    """

    code = "DC010"
    name = "mutable-image"
    message = "Image without a version tag"
    severity = Severity.WARNING
    tags = ("reliability", "supply-chain", "no-peer")

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        node = scalar(service.get("image"))
        if node is None or service.get("build") is not None or interpolated(str(node.value)):
            return
        name, tag, digest = image_parts(str(node.value))
        if digest is not None:
            return
        if tag is None:
            yield self.finding(node.range, f'image "{name}" has no tag: each pull may bring a different image')
        elif tag == "latest":
            yield self.finding(node.range, f'image "{name}:latest" moves: name a version')


class PrivilegedService(ComposeRule):
    """A service runs privileged.

    ``privileged: true`` gives the container every capability and every device of the host: a
    process that breaks out of the application owns the host. Grant the one capability or device it
    needs (``cap_add``, ``devices``) instead.

    Bad:

        services:
          agent:
            image: agent:2.1
            privileged: true

    Good:

        services:
          agent:
            image: agent:2.1
            cap_add: [NET_BIND_SERVICE]
    """

    code = "DC011"
    name = "privileged-service"
    message = "Service runs privileged"
    severity = Severity.ERROR
    tags = ("security",)
    aliases = ("kics:ae5b6871-7f45-42e0-bb4c-ab300c4d2026", "datadog:dockercompose-privileged-containers-enabled")

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        node = scalar(service.get("privileged"))
        if node is not None and (node.python is True or str(node.value).lower() == "true"):
            yield self.finding(node.range, f'service "{service.name}" runs privileged: it can take over the host')


# host paths whose mount hands the container the host: the Docker socket, the root, the host's system
_SOCKET = re.compile(r"(?:^|/)(?:docker|containerd|podman)\.sock$")
_HOST_ROOTS = frozenset({"/", "/etc", "/proc", "/sys", "/boot", "/dev", "/root", "/var/lib/docker", "/usr"})


class HostMount(ComposeRule):
    """A service mounts the Docker socket or a host system folder.

    The Docker socket is root on the host: any process in the container can start a privileged
    container with the host's root mounted. Mounting ``/``, ``/etc``, ``/proc``, ``/sys``, ``/root`` or
    ``/var/lib/docker`` exposes the host's configuration, credentials and other containers. Read-only
    (``:ro``) does not help for the socket: the API is reached by writing to it. Monitoring agents
    that need this should be few, known, and suppressed with a reason.

    Bad:

        volumes:
          - /var/run/docker.sock:/var/run/docker.sock

    Good:

        volumes:
          - ./config:/etc/app:ro
    """

    code = "DC012"
    name = "host-mount"
    message = "Service mounts the Docker socket or a host system folder"
    severity = Severity.ERROR
    tags = ("security",)
    aliases = (
        "kics:d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b",
        "kics:1c1325ff-831d-43a1-973e-839ae57dfcc0",
    )

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        for node, source in _bind_sources(service.get("volumes")):
            path = source.rstrip("/") or "/"
            if _SOCKET.search(path):
                yield self.finding(node.range, f'service "{service.name}" mounts the container engine socket {path}')
            elif path in _HOST_ROOTS:
                yield self.finding(node.range, f'service "{service.name}" mounts the host folder {path}')


def _bind_sources(volumes: Node | None) -> Iterator[tuple[Node, str]]:
    for item in volumes.items if isinstance(volumes, Sequence) else []:
        if isinstance(item, Mapping):
            source = text(item.get("source"))
            if text(item.get("type")) == "bind" and source and not interpolated(source):
                yield item.get("source") or item, source
        elif (value := text(item)) is not None and ":" in value and not interpolated(value):
            source = value.split(":", 1)[0]
            if source.startswith("/"):
                yield item, source


class HostNamespace(ComposeRule):
    """A service shares the host's network, process or IPC namespace.

    ``network_mode: host`` puts the container on the host's interfaces: every port it listens on is
    open on the host, and it can reach services bound to the host's loopback. ``pid: host`` lets it
    see and signal the host's processes; ``ipc: host`` lets it read their shared memory. Publish the
    ports the service needs instead.

    Bad:

        services:
          web:
            image: nginx:1.27
            network_mode: host

    Good:

        services:
          web:
            image: nginx:1.27
            ports: ["127.0.0.1:8080:80"]
    """

    code = "DC013"
    name = "host-namespace"
    message = "Service shares a host namespace"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = (
        "datadog:dockercompose-shared-host-pid-namespace",
        "datadog:dockercompose-shared-host-ipc-namespace",
        "kics:baa3890f-bed7-46f5-ab8f-1da8fc91c729",
    )

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        for key, what in (("network_mode", "network"), ("pid", "PID"), ("ipc", "IPC")):
            node = scalar(service.get(key))
            if node is not None and node.value == "host":
                yield self.finding(node.range, f'service "{service.name}" shares the host\'s {what} namespace')


# capabilities that amount to root on the host or on its network (Docker's default set has none)
DANGEROUS_CAPABILITIES = frozenset(
    {"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "DAC_READ_SEARCH", "NET_ADMIN", "BPF", "SYS_BOOT"}
)


class DangerousCapability(ComposeRule):
    """A service adds a capability that amounts to control of the host.

    ``SYS_ADMIN`` (mounts, namespaces), ``SYS_MODULE`` (kernel modules), ``SYS_PTRACE`` (other
    processes' memory), ``DAC_READ_SEARCH`` (any file, the classic "shocker" escape), ``NET_ADMIN``
    (the host's network when sharing it), ``BPF`` and ``ALL`` break the isolation a container gives.
    Add the narrow capability the service needs (``NET_BIND_SERVICE``, ``CHOWN``).

    Bad:

        cap_add: [SYS_ADMIN]

    Good:

        cap_add: [NET_BIND_SERVICE]
    """

    code = "DC014"
    name = "dangerous-capability"
    message = "Service adds a dangerous capability"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("datadog:dockercompose-container-capabilities-unrestricted",)

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        items = service.get("cap_add")
        for item in items.items if isinstance(items, Sequence) else []:
            value = text(item)
            name = value.upper().removeprefix("CAP_") if value else ""
            if name in DANGEROUS_CAPABILITIES:
                yield self.finding(item.range, f'service "{service.name}" adds capability {name}')


class SecretInEnvironment(ComposeRule):
    """A secret is written in clear text in a service's ``environment``.

    The value is in the repository, in ``docker inspect`` and in the environment of every process of
    the container (and its crash reports). Read it from a Compose secret (``secrets:``, mounted as a
    file: most images accept ``*_FILE`` variables) or from an ``.env`` file kept out of the
    repository (``${DB_PASSWORD}``).

    Bad:

        environment:
          POSTGRES_PASSWORD: s3cr3t-pa55

    Good:

        environment:
          POSTGRES_PASSWORD_FILE: /run/secrets/db_password
        secrets: [db_password]
    """

    code = "DC015"
    name = "secret-in-environment"
    message = "Secret in clear text in the environment"
    severity = Severity.ERROR
    tags = ("security", "secrets", "no-peer")

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        for name, value, node in _variables(service.get("environment")):
            if interpolated(value):
                continue
            why = hardcoded_secret(name, value)  # a known token format, or a credential-named literal
            if why is not None:
                what = "a secret" if why == "secret value" else f"a secret ({why})"
                yield self.finding(node.range, f"{name} holds {what} in clear text: read it from a secret or .env")


def _variables(env: Node | None) -> Iterator[tuple[str, str, Node]]:
    """(name, value, node of the value) of each variable set in ``environment``."""
    if isinstance(env, Mapping):
        for key, value in env.pairs:
            if isinstance(key, Scalar) and isinstance(value, Scalar) and not value.is_null:
                yield str(key.value), str(value.value), value
    elif isinstance(env, Sequence):
        for item in env.items:
            entry = text(item)
            if entry is not None and "=" in entry:
                name, _, assigned = entry.partition("=")
                yield name.strip(), assigned, item


# Container ports of databases and caches that have no business facing the network
DATABASE_PORTS = {
    "1433": "SQL Server",
    "1521": "Oracle",
    "3306": "MySQL/MariaDB",
    "5432": "PostgreSQL",
    "5984": "CouchDB",
    "6379": "Redis",
    "7474": "Neo4j",
    "8086": "InfluxDB",
    "9042": "Cassandra",
    "9200": "Elasticsearch",
    "11211": "Memcached",
    "27017": "MongoDB",
}


class DatabaseOnAllInterfaces(ComposeRule):
    """A database port is published on every interface of the host.

    ``"5432:5432"`` binds the host's port on 0.0.0.0: the database answers the whole network, and
    Docker's own firewall rules bypass ufw/firewalld. Databases ship with default or weak passwords
    in Compose files more often than not. Bind it to the loopback (``127.0.0.1:5432:5432``), or do
    not publish it at all: the other services reach it on the project network by its service name.

    Bad:

        ports:
          - "5432:5432"

    Good:

        ports:
          - "127.0.0.1:5432:5432"
    """

    code = "DC016"
    name = "database-on-all-interfaces"
    message = "Database port published on all interfaces"
    severity = Severity.WARNING
    tags = ("security", "no-peer")
    fixable = True

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        items = service.get("ports")
        for item in items.items if isinstance(items, Sequence) else []:
            port = parse_port(item)
            if isinstance(port, Port) and port.on_all_interfaces and port.target in DATABASE_PORTS:
                database = DATABASE_PORTS[port.target]
                message = f"{database} port {port.target} is published on all interfaces: bind it to 127.0.0.1"
                yield self.finding(item.range, message, fix=_loopback_fix(item, port))


def _loopback_fix(item: Node, port: Port) -> Fix | None:
    """Write the short syntax with 127.0.0.1 as its host address (unsafe: other hosts lose access)."""
    if not isinstance(item, Scalar) or item.style not in ("", "'", '"') or item.start_pos.line != item.end_pos.line:
        return None
    quote = item.style
    if item.end - item.start != len(str(item.value)) + 2 * len(quote):
        return None  # escapes: the text is not the value
    published = f"{port.published}:" if port.published else ""
    protocol = f"/{port.protocol}" if str(item.value).rstrip().endswith(f"/{port.protocol}") else ""
    written = f"{quote or chr(34)}127.0.0.1:{published}{port.target}{protocol}{quote or chr(34)}"
    return Fix("Publish on 127.0.0.1 only", (Edit(item.range, written),), "unsafe")
