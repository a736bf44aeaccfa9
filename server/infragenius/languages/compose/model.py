"""A Compose file with positions: its services, the top-level resources they name, and the names the
rest of its project declares (overrides beside it, included files)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..yaml import Mapping, Node, Scalar, Sequence, YamlStream

# Top-level sections whose entries services refer to by name.
RESOURCES = ("networks", "volumes", "secrets", "configs")
# The files ``docker compose`` reads without ``-f``: a project's main file (and its override).
MAIN_NAMES = frozenset({"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})
# The restart policies of the Docker engine (``on-failure:N`` too)
RESTART_POLICIES = ("no", "always", "on-failure", "unless-stopped")
# Compose interpolates ``${VAR}`` and ``$VAR`` before it reads a value: such a value is unknown here.
INTERPOLATED = re.compile(r"\$(?:\{|[A-Za-z_])")


def scalar(node: Node | None) -> Scalar | None:
    return node if isinstance(node, Scalar) and not node.is_null else None


def text(node: Node | None) -> str | None:
    """A scalar's value as Compose reads it (numbers and booleans too), None for anything else."""
    found = scalar(node)
    return str(found.value) if found is not None else None


def interpolated(value: str) -> bool:
    return INTERPOLATED.search(value) is not None


def names_in(node: Node | None) -> list[Scalar]:
    """The names a service lists under a key: a sequence of names, or a mapping's keys (``depends_on``
    and ``networks`` take both forms; ``secrets``/``configs`` items may be ``{source: name}``)."""
    if isinstance(node, Mapping):
        return [k for k, _ in node.pairs if isinstance(k, Scalar)]
    if not isinstance(node, Sequence):
        return []
    found: list[Scalar] = []
    for item in node.items:
        name = scalar(item.get("source") if isinstance(item, Mapping) else item)
        if name is not None:
            found.append(name)
    return found


@dataclass
class Service:
    name: str
    key: Scalar
    body: Mapping | None  # None when the service is not a mapping (the schema rule reports it)

    def get(self, key: str) -> Node | None:
        return self.body.get(key) if self.body is not None else None

    def key_node(self, key: str) -> Node | None:
        return self.body.key_node(key) if self.body is not None else None


@dataclass
class Project:
    """Names declared by the files that Compose merges with this one. ``complete``: every such file
    was read, so a name declared nowhere is undefined (an override layered with ``-f`` onto a main
    file elsewhere, or an include we cannot follow, leaves it unknown)."""

    services: set[str] = field(default_factory=set)
    resources: dict[str, set[str]] = field(default_factory=lambda: {name: set() for name in RESOURCES})
    complete: bool = True


@dataclass
class ComposeFile:
    stream: YamlStream
    root: Mapping | None
    path: Path | None
    services: dict[str, Service]
    resources: dict[str, dict[str, Scalar]]  # section -> name -> its key node
    project: Project

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path is not None else None


def services_of(root: Mapping | None) -> dict[str, Service]:
    section = root.get("services") if root is not None else None
    if not isinstance(section, Mapping):
        return {}
    found: dict[str, Service] = {}
    for key, value in section.pairs:
        if isinstance(key, Scalar) and str(key.value) not in found:
            found[str(key.value)] = Service(str(key.value), key, value if isinstance(value, Mapping) else None)
    return found


def resources_of(root: Mapping | None) -> dict[str, dict[str, Scalar]]:
    out: dict[str, dict[str, Scalar]] = {}
    for section in RESOURCES:
        node = root.get(section) if root is not None else None
        entries = node.pairs if isinstance(node, Mapping) else []
        out[section] = {str(k.value): k for k, _ in entries if isinstance(k, Scalar)}
    return out
