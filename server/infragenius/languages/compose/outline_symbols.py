"""The outline of a Compose file: its services (with what each runs) and its networks, volumes, secrets
and configs."""

from __future__ import annotations

from ...core.document import Document
from ..yaml import Mapping, Node, Scalar
from ..yaml.outline_symbols import Symbol, named_pairs, pair_symbol, text
from .model import RESOURCES, ComposeFile

_KINDS = {"networks": "interface", "volumes": "struct", "secrets": "key", "configs": "file"}


def symbols(document: Document, model: ComposeFile | None) -> list[Symbol] | None:
    if not isinstance(model, ComposeFile) or model.root is None:
        return None
    out = []
    for key, value in named_pairs(model.root):
        if key.value == "services":
            out.append(pair_symbol(key, value, "namespace", children=_services(value)))
        elif key.value in RESOURCES:
            children = [pair_symbol(k, v, _KINDS[key.value]) for k, v in named_pairs(value)]
            out.append(pair_symbol(key, value, "namespace", children=children))
        elif key.value in ("name", "include") or key.value.startswith("x-"):
            out.append(pair_symbol(key, value, "property", text(value)))
    return out


def _services(node: Node | None) -> list[Symbol]:
    return [pair_symbol(key, value, "class", _runs(value)) for key, value in named_pairs(node)]


def _runs(service: Node | None) -> str | None:
    if not isinstance(service, Mapping):
        return None
    image = text(service.get("image"))
    build = service.get("build")
    if image:
        return image
    if isinstance(build, Scalar):
        return f"build {text(build) or '.'}"
    if isinstance(build, Mapping):
        return f"build {text(build.get('context')) or '.'}"
    return None
