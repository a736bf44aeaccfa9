"""Hover in Compose files: every key's documentation from the Compose Specification's schema (what it
does, the types and values it takes, whether it is obsolete), and on a service named elsewhere (a
``depends_on`` item, ``service:web``), what that service runs."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Node, Scalar, path_at
from .model import ComposeFile, text
from .names import names_of
from .schema import TYPE_NAMES, schema_at, type_names

REFERENCE = "https://docs.docker.com/reference/compose-file/"


def hover(document: Document, model: ComposeFile | None, position: Position) -> tuple[str, Range] | None:
    if not isinstance(model, ComposeFile) or model.root is None:
        return None
    service = _service_use(model, position)
    if service is not None:
        return service
    chain = path_at(model.root, document.offset_at(position))
    if len(chain) < 2 or not isinstance(chain[-1][1], Scalar):
        return None
    steps = [str(key.value) if isinstance(key, Scalar) else None for key, _ in chain[1:]]
    schema = schema_at(steps)
    if not schema:
        return None
    return _key_text(steps, schema), chain[-1][1].range


def _key_text(steps: list[str | None], schema: dict) -> str:
    name = next((step for step in reversed(steps) if step is not None), "")
    lines = [f"**{name}**" + (" (obsolete)" if schema.get("deprecated") else "")]
    description = schema.get("description") or _branch_description(schema)
    if description:
        lines.append(description)
    types = [TYPE_NAMES.get(t, t) for t in type_names(schema) if t != "null"]
    if types:
        lines.append("Type: " + " or ".join(types))
    allowed = schema.get("enum")
    if allowed:
        lines.append("Values: " + ", ".join(f"`{v}`" for v in allowed))
    section = steps[0] if steps and steps[0] in ("services", "networks", "volumes", "secrets", "configs") else None
    lines.append(f"[Compose file reference]({REFERENCE}{section or ''})")
    return "\n\n".join(lines)


def _branch_description(schema: dict) -> str:
    for option in schema.get("oneOf", []) + schema.get("anyOf", []):
        if isinstance(option, dict) and option.get("description"):
            return str(option["description"])
    return ""


def _service_use(model: ComposeFile, position: Position) -> tuple[str, Range] | None:
    use = next(
        (
            n
            for n in names_of(model)
            if not n.declaration and n.kind == "services" and n.node.range.start <= position <= n.node.range.end
        ),
        None,
    )
    service = model.services.get(use.name) if use is not None else None
    if use is None or service is None:
        return None
    runs = _runs(service.get("image"), service.get("build"))
    return f"**service `{service.name}`**" + (f"\n\n{runs}" if runs else ""), use.node.range


def _runs(image: Node | None, build: Node | None) -> str:
    parts = []
    if text(image):
        parts.append(f"image `{text(image)}`")
    if build is not None:
        context = text(build.get("context")) if isinstance(build, Mapping) else text(build)
        parts.append(f"built from `{context or '.'}`")
    return ", ".join(parts)
