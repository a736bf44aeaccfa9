"""Values Compose reads in a form of its own: restart policies, port mappings, the obsolete
``version``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ....core.context import Context
from ....core.document import Position, Range
from ....core.findings import Edit, Finding, Fix, Severity
from ....core.suggest import candidates, did_you_mean
from ...yaml import Sequence
from ...yaml.fixes import rename_fix
from ..model import RESTART_POLICIES, ComposeFile, Service, interpolated, scalar
from ..ports import ALL_INTERFACES, Port, parse_port
from ._base import ComposeRule

_ON_FAILURE = re.compile(r"^on-failure:\d+$")


class InvalidRestart(ComposeRule):
    """``restart`` is not one of Compose's restart policies.

    The Docker engine refuses to create the container ("invalid restart policy"). The policies are
    ``no``, ``always``, ``on-failure`` (``on-failure:N`` to retry N times) and ``unless-stopped``;
    Swarm's ``deploy.restart_policy.condition`` takes other words (``any``, ``none``).

    Bad:

        services:
          web:
            image: nginx:1.27
            restart: unless_stopped

    Good:

        services:
          web:
            image: nginx:1.27
            restart: unless-stopped
    """

    code = "DC005"
    name = "invalid-restart"
    message = "Invalid restart policy"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        node = scalar(service.get("restart"))
        if node is None or not isinstance(node.python, str):
            return  # a boolean or number: the schema rule says it must be a string
        value = node.value
        if value in RESTART_POLICIES or _ON_FAILURE.match(value) or interpolated(value):
            return
        found = candidates(value, RESTART_POLICIES)
        hint = f"; {did_you_mean(found)}" if found else ""
        choices = ", ".join(RESTART_POLICIES)
        message = f'restart policy "{value}" is not one of {choices} (or on-failure:N){hint}'
        yield self.finding(node.range, message, fix=rename_fix(node, found))


class InvalidPort(ComposeRule):
    """A port mapping that Compose cannot read.

    The short syntax is ``[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]``: ports 1-65535 or ranges of the
    same size on both sides, protocol ``tcp``, ``udp`` or ``sctp``. Anything else stops
    ``docker compose up`` with "invalid port" or "invalid proto". Quote mappings in YAML: written bare,
    ``22:22`` is a base-60 number to YAML 1.1 readers.

    Bad:

        ports:
          - "8080:80/http"
          - "70000:80"

    Good:

        ports:
          - "8080:80/tcp"
          - "7000:80"
    """

    code = "DC006"
    name = "invalid-port"
    message = "Invalid port mapping"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        for key in ("ports", "expose"):
            items = service.get(key)
            for item in items.items if isinstance(items, Sequence) else []:
                found = parse_port(item)
                if isinstance(found, str):
                    yield self.finding(item.range, found)


class ObsoleteVersion(ComposeRule):
    """The top-level ``version`` is obsolete.

    The Compose Specification ignores it, and ``docker compose`` warns on every run ("the attribute
    `version` is obsolete, it will be ignored"). It no longer selects a file format: every key of
    the specification is available whatever it says. Remove it.

    Bad:

        version: "3.8"
        services:
          web:
            image: nginx:1.27

    Good:

        services:
          web:
            image: nginx:1.27
    """

    code = "DC009"
    name = "obsolete-version"
    message = 'The top-level "version" is obsolete: Compose ignores it'
    severity = Severity.HINT
    tags = ("style", "no-peer")
    fixable = True

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        pair = model.root.pair("version") if model.root is not None else None
        if pair is None:
            return
        key, value = pair
        yield self.finding(key.range, fix=_remove_lines(ctx, key.start_pos.line, max(key.end_pos, value.end_pos)))


def _remove_lines(ctx: Context, first: int, end: Position) -> Fix | None:
    """Delete the lines ``first`` to ``end`` whole, when nothing but a comment follows on the last."""
    document = ctx.document
    last = end.line - 1 if end.column == 0 and end.line > first else end.line
    tail = document.line_text(last)[end.column if last == end.line else 0 :].strip()
    if tail and not tail.startswith("#"):
        return None
    if last + 1 < document.line_count:
        removed = Range(Position(first, 0), Position(last + 1, 0))
    else:
        removed = Range(Position(first, 0), Position(last, len(document.line_text(last))))
    return Fix('Remove "version"', (Edit(removed, ""),), "safe")


class HostPortPublishedTwice(ComposeRule):
    """Two services publish the same host port.

    The second container cannot start: "Bind for 0.0.0.0:8080 failed: port is already allocated".
    Services in different profiles never run together and are not compared; ports bound to
    different host addresses do not clash.

    Bad:

        services:
          web:
            image: nginx:1.27
            ports: ["8080:80"]
          admin:
            image: admin:2.0
            ports: ["8080:8000"]

    Good:

        services:
          web:
            image: nginx:1.27
            ports: ["8080:80"]
          admin:
            image: admin:2.0
            ports: ["8081:8000"]
    """

    code = "DC019"
    name = "host-port-published-twice"
    message = "Host port published by two services"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        first: dict[tuple[str, str], tuple[Service, frozenset[str], str]] = {}
        for service in model.services.values():
            profiles = _profiles(service)
            items = service.get("ports")
            for item in items.items if isinstance(items, Sequence) else []:
                port = parse_port(item)
                if not isinstance(port, Port) or not port.published.isdigit():
                    continue
                key = (port.published, port.protocol)
                earlier = first.get(key)
                if earlier is None:
                    first[key] = (service, profiles, port.host_ip)
                    continue
                other, other_profiles, other_ip = earlier
                if other is service or not _together(profiles, other_profiles) or not _clash(port.host_ip, other_ip):
                    continue
                message = f'host port {port.published} is already published by service "{other.name}"'
                yield self.finding(item.range, message)


def _profiles(service: Service) -> frozenset[str]:
    node = service.get("profiles")
    if not isinstance(node, Sequence):
        return frozenset()
    return frozenset(str(found.value) for found in map(scalar, node.items) if found is not None)


def _together(a: frozenset[str], b: frozenset[str]) -> bool:
    """Can the two services run at once: both always on, or in a profile in common (one always on and the
    other in a profile: when that profile is on)."""
    return not a or not b or bool(a & b)


def _clash(a: str, b: str) -> bool:
    return a == b or a in ALL_INTERFACES or b in ALL_INTERFACES
