"""Published ports as Compose writes them: ``[[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]``, or the long
syntax ``{target, published, host_ip, protocol}``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..yaml import Mapping, Node, Scalar
from .model import interpolated, text

_RANGE = r"\d+(?:-\d+)?"
_SHORT = re.compile(
    rf"^(?:(?P<ip>\[[0-9A-Fa-f:.]+\]|[0-9.]+|[0-9A-Fa-f]*:[0-9A-Fa-f:]*:[0-9A-Fa-f.]*?):)??"
    rf"(?:(?P<published>{_RANGE})?:)?(?P<target>{_RANGE})(?:/(?P<protocol>[A-Za-z]+))?$"
)
PROTOCOLS = frozenset({"tcp", "udp", "sctp"})
ALL_INTERFACES = frozenset({"", "0.0.0.0", "::", "[::]"})


@dataclass(frozen=True)
class Port:
    node: Node  # the item that says it (a scalar, or the long syntax's mapping)
    host_ip: str
    published: str  # "" when Compose picks a free host port
    target: str
    protocol: str

    @property
    def on_all_interfaces(self) -> bool:
        return self.published != "" and self.host_ip in ALL_INTERFACES


def parse_port(node: Node) -> Port | None | str:
    """The port an item of ``ports:`` publishes; None when it is unknown here (interpolated); a
    string saying what is wrong when it is malformed."""
    if isinstance(node, Mapping):
        target, published = text(node.get("target")), text(node.get("published")) or ""
        if target is None or interpolated(target + published):
            return None
        return Port(node, text(node.get("host_ip")) or "", published, target, text(node.get("protocol")) or "tcp")
    if not isinstance(node, Scalar) or node.is_null:
        return None
    value = str(node.value).strip()
    if interpolated(value):
        return None
    found = _SHORT.match(value)
    if found is None:
        return f'"{value}" is not a port mapping: write [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]'
    protocol = (found.group("protocol") or "tcp").lower()
    if protocol not in PROTOCOLS:
        return f'"{value}": unknown protocol "{found.group("protocol")}" (tcp, udp or sctp)'
    published, target = found.group("published") or "", found.group("target")
    for number in re.findall(r"\d+", published + " " + target):
        if not 0 < int(number) <= 65535:
            return f'"{value}": port {number} is out of range (1-65535)'
    if "-" in published and "-" in target and _span(published) != _span(target):
        return f'"{value}": the published range and the target range differ in size'
    return Port(node, found.group("ip") or "", published, target, protocol)


def _span(port_range: str) -> int:
    low, _, high = port_range.partition("-")
    return int(high or low) - int(low)
