"""The Terraform outline: one symbol per top-level block of the current file, named by the address
Terraform uses for it (``aws_s3_bucket.b``, ``var.x``, ``data.t.n``), nested blocks as children.
Attributes are listed only under ``locals`` (as ``local.name``): elsewhere they are settings, not
declarations."""

from __future__ import annotations

import re
from typing import Any

from ...core.document import Document
from ...core.outline import Symbol, symbol
from .hcl import Block, node_text
from .model import TerraformModel

_KINDS = {
    "resource": "class",
    "data": "interface",
    "ephemeral": "interface",
    "variable": "variable",
    "output": "property",
    "module": "module",
    "locals": "namespace",
    "provider": "package",
    "terraform": "namespace",
}
# address prefix and how many labels the address takes
_ADDRESS = {
    "resource": ("", 2),
    "data": ("data.", 2),
    "ephemeral": ("ephemeral.", 2),
    "variable": ("var.", 1),
    "output": ("output.", 1),
    "module": ("module.", 1),
}
_LITERAL = re.compile(r'"([^"\\$%]*)"')  # a plain string: no escapes, no interpolation


def symbols(document: Document, model: Any) -> list[Symbol] | None:
    if not isinstance(model, TerraformModel):
        return None
    settings = [symbol(a.name, "variable", a.range, a.key_range) for a in model.file.attributes]  # .tfvars
    return settings + [_symbol(block, top=True) for block in model.file.blocks]


def _symbol(block: Block, top: bool) -> Symbol:
    children = [_symbol(child, top=False) for child in block.blocks]
    if top and block.type == "locals":
        children = [
            symbol(f"local.{a.name}", "variable", a.range, a.key_range) for a in block.attribute_list
        ] + children
        children.sort(key=lambda c: c.range.start)
    kind = _KINDS.get(block.type, "class") if top else "struct"
    return symbol(_name(block, top), kind, block.range, block.header_range, _detail(block) if top else None, children)


def _name(block: Block, top: bool) -> str:
    address = _ADDRESS.get(block.type) if top else None
    if address is not None and len(block.labels) == address[1] and all(block.labels):
        return address[0] + ".".join(block.labels)
    return " ".join([block.type, *(f'"{label}"' for label in block.labels)])


def _detail(block: Block) -> str | None:
    """What tells blocks of a kind apart: a variable's type, a module's source, a provider's
    address when aliased (``aws.east``) - only when written literally."""
    if block.type == "variable":
        type_ = block.attr("type")
        if type_ is None:
            return None
        text = re.sub(r"\s*([)\]}])", r"\1", re.sub(r"([(\[{])\s*", r"\1", " ".join(node_text(type_.expr).split())))
        return text[:40] or None  # on one line, brackets kept tight: ``map(string)``
    if block.type == "module":
        return _literal(block, "source")
    if block.type == "provider" and block.labels:
        alias = _literal(block, "alias")
        return f"{block.labels[0]}.{alias}" if alias else None
    return None


def _literal(block: Block, name: str) -> str | None:
    attr = block.attr(name)
    if attr is None:
        return None
    found = _LITERAL.fullmatch(node_text(attr.expr).strip())
    return found.group(1) or None if found is not None else None
