"""Completion in Terraform: after ``var.``, ``local.``, ``module.``, ``data.TYPE.`` and a resource
type followed by a dot, the names the module declares (in any of its ``.tf`` files)."""

from __future__ import annotations

import re

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from .hcl import node_text
from .model import TerraformModel

_TRAVERSAL = re.compile(r"(?<![\w.\-])(?P<root>[A-Za-z_][\w-]*)\.(?:(?P<type>[A-Za-z_][\w-]*)\.)?(?P<typed>[\w-]*)$")
_WORD_TAIL = re.compile(r"[\w-]*")


def completion(document: Document, model: TerraformModel | None, position: Position) -> list[CompletionItem] | None:
    if not isinstance(model, TerraformModel):
        return None
    line = document.line_text(position.line)
    before, after = line[: position.column], line[position.column :]
    if before.lstrip().startswith(("#", "//")):
        return None
    found = _TRAVERSAL.search(before)
    if found is None:
        return None
    replace = Range.of(
        position.line,
        position.column - len(found.group("typed")),
        position.line,
        position.column + _WORD_TAIL.match(after).end(),
    )
    root, type_ = found.group("root"), found.group("type")
    module = model.module
    if root == "var" and type_ is None:
        return [
            _item(name, "variable", _detail(block, "type"), block, replace)
            for name, block in sorted(module.variables.items())
        ]
    if root == "local" and type_ is None:
        return [_item(name, "variable", "local", attr, replace) for name, attr in sorted(module.locals.items())]
    if root == "module" and type_ is None:
        return [
            _item(name, "module", _detail(block, "source"), block, replace)
            for name, block in sorted(module.modules.items())
        ]
    if root == "data" and type_ is not None:
        prefix = f"data.{type_}."
        return [
            _item(address[len(prefix) :], "class", f"data.{type_}", block, replace)
            for address, block in sorted(module.data.items())
            if address.startswith(prefix)
        ] or None
    if type_ is None:
        prefix = f"{root}."
        return [
            _item(address[len(prefix) :], "class", root, block, replace)
            for address, block in sorted(module.resources.items())
            if address.startswith(prefix)
        ] or None
    return None


def _detail(block, key: str) -> str | None:
    attr = block.attr(key)
    return node_text(attr.expr).strip() if attr is not None else None


def _item(label: str, kind: str, detail: str | None, declared, replace: Range) -> CompletionItem:
    where = declared.file.name if declared.file is not None else ""
    line = declared.range.start.line + 1 if declared.range is not None else 0
    return CompletionItem(
        label=label, kind=kind, detail=detail, documentation=f"declared in `{where}:{line}`", range=replace
    )
