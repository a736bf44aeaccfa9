"""Where a Compose file names a service or a top-level resource: shared by the reference rules and the
editor (definition, references, completion), so that both agree on what names what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...core.document import Range
from ...core.findings import Fix
from ...core.suggest import replace_fix
from ..yaml import Mapping, Scalar, Sequence
from ..yaml.fixes import rename_fix
from .model import ComposeFile, Service, names_in, scalar, text

# a named volume in the short syntax "NAME:/path[:mode]" (a host path starts with /, ., ~ or a drive)
_VOLUME_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def service_references(service: Service) -> Iterator[tuple[str, Scalar]]:
    """(what, name node) for every other service ``service`` names: depends_on, links,
    volumes_from, and network_mode/ipc/pid ``service:NAME``."""
    for node in names_in(service.get("depends_on")):
        yield "depends on", node
    for node in names_in(service.get("links")):
        yield "links to", node  # "db:alias": the service before the colon
    for node in names_in(service.get("volumes_from")):
        if not str(node.value).startswith("container:"):
            yield "mounts the volumes of", node  # "db:ro"
    for key in ("network_mode", "ipc", "pid"):
        mode = scalar(service.get(key))
        if mode is not None and str(mode.value).startswith("service:"):
            yield "shares the namespace of", mode


def name_fix(node: Scalar, name: str, found: tuple[str, ...]) -> Fix | None:
    """Replace ``name`` where it sits in ``node``'s text ("service:webb", "db:ro", or the whole value)."""
    if str(node.value) == name:
        return rename_fix(node, found)
    quote = 1 if node.style in ("'", '"') else 0
    at = str(node.value).find(name)
    written = node.end - node.start == len(str(node.value)) + 2 * quote
    if at < 0 or not written or node.style not in ("", "'", '"') or node.start_pos.line != node.end_pos.line:
        return None
    start = node.start_pos.column + quote + at
    return replace_fix(Range.of(node.start_pos.line, start, node.start_pos.line, start + len(name)), name, found)


def referenced_name(node: Scalar) -> str:
    value = str(node.value)
    if value.startswith("service:"):
        return value[len("service:") :]
    return value.split(":", 1)[0]


def resource_references(service: Service) -> Iterator[tuple[str, Scalar, str]]:
    """(section, node, name) for every top-level network, volume, secret or config the service uses."""
    for node in names_in(service.get("networks")):
        yield "networks", node, str(node.value)
    for section in ("secrets", "configs"):
        for node in names_in(service.get(section)):
            yield section, node, str(node.value)
    volumes = service.get("volumes")
    for item in volumes.items if isinstance(volumes, Sequence) else []:
        if isinstance(item, Mapping):
            kind, source = text(item.get("type")), scalar(item.get("source"))
            if kind == "volume" and source is not None:
                yield "volumes", source, str(source.value)
        elif (short := scalar(item)) is not None and ":" in str(short.value):
            name = str(short.value).split(":", 1)[0]
            if _VOLUME_NAME.match(name):
                yield "volumes", short, name


@dataclass(frozen=True)
class Name:
    """A service or resource name written in the file: a declaration (its key) or a use."""

    kind: str  # "services" or one of model.RESOURCES
    name: str
    node: Scalar
    declaration: bool


def names_of(model: ComposeFile) -> list[Name]:
    """Every declaration and use of a service, network, volume, secret or config, in file order."""
    found = [Name("services", name, service.key, True) for name, service in model.services.items()]
    for section, entries in model.resources.items():
        found += [Name(section, name, key, True) for name, key in entries.items()]
    for service in model.services.values():
        found += [Name("services", referenced_name(node), node, False) for _, node in service_references(service)]
        extends = service.get("extends")
        local = extends if isinstance(extends, Scalar) else None
        if isinstance(extends, Mapping) and extends.get("file") is None:
            local = scalar(extends.get("service"))
        if local is not None:
            found.append(Name("services", str(local.value), local, False))
        found += [Name(section, name, node, False) for section, node, name in resource_references(service)]
    return sorted(found, key=lambda n: n.node.start)
