"""Hovers from the provider schemas (``provider_schemas.py``) and on where code comes from:

- a ``resource``/``data`` type label: the provider and version described, the required arguments,
  a link to its registry page;
- an argument or nested block inside a resource, data source or provider block: description,
  required or optional, type (blocks: how they nest and their required arguments);
- the meta-arguments (``count``, ``for_each``, ``depends_on``, ``provider``, ``lifecycle``...);
- ``source``/``version`` of a ``module`` block and of a ``required_providers`` entry: what the
  source address means and which versions a constraint admits.

Nothing is said about types or names the extract does not hold (another provider, a typo: the
rules report those).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...core.document import Position, Range
from .hcl import Attribute, Block, node_text
from .model import TerraformModel
from .provider_schemas import BlockSchema, docs_url, provider, provider_block, provider_of, type_schema

META_ARGUMENTS = {
    "count": "Creates that many instances of the block, addressed as `type.name[index]`. (meta-argument)",
    "for_each": "Creates one instance per element of a map or set of strings, addressed as "
    '`type.name["key"]`. (meta-argument)',
    "depends_on": "Explicit dependencies Terraform cannot see in the block's expressions. (meta-argument)",
    "provider": "Which provider configuration (`aws.west`) manages this block instead of the default. (meta-argument)",
    "lifecycle": "How Terraform creates, updates and destroys this resource: `create_before_destroy`, "
    "`prevent_destroy`, `ignore_changes`, `replace_triggered_by`, `precondition`/`postcondition`. "
    "(meta-argument)",
    "provisioner": "Runs a command or copies files when the resource is created or destroyed; a last "
    "resort, outside Terraform's plan. (meta-argument)",
    "connection": "How provisioners reach the created machine (SSH or WinRM). (meta-argument)",
}
_LABELLED = ("resource", "data", "provider")
_CONSTRAINT = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*v?(\d+(?:\.\d+)*)(\S*)\s*$")


def schema_hover(model: TerraformModel, position: Position) -> str | None:
    block = _innermost(model.file.blocks, position)
    if block is None:
        return None
    top = block.top
    on_type = block is top and top.type in ("resource", "data") and top.label_ranges[:1]
    if on_type and top.label_ranges[0].contains(position):
        return _type_hover(top.type, top.labels[0])
    if top.type == "module" and block is top:
        return _module_hover(block, position)
    if top.type == "terraform":
        return _required_provider_hover(block, position)
    if top.type in _LABELLED and top.labels:
        return _field_hover(block, position)
    return None


# -- resource and data types, their arguments and blocks ------------------------------------------
def _type_hover(kind: str, type_name: str) -> str | None:
    schema = type_schema(kind, type_name)
    name = provider_of(type_name)
    meta = provider(name) if name else None
    if schema is None or meta is None:
        return None
    what = "resource" if kind == "resource" else "data source"
    lines = [f"**{type_name}** ({what}, {meta.source} {meta.version})"]
    if schema.description:
        lines += ["", schema.description]
    required = sorted(n for n, a in schema.arguments.items() if a.required)
    required_blocks = sorted(n for n, b in schema.blocks.items() if b.required)
    if required or required_blocks:
        lines += ["", "Required: " + ", ".join(f"`{n}`" for n in required + required_blocks)]
    url = docs_url(kind, type_name)
    if url:
        lines += ["", f"[Registry documentation]({url})"]
    return "\n".join(lines)


def _field_hover(block: Block, position: Position) -> str | None:
    chain = _chain(block)
    if chain is None:
        return None
    top, path = chain
    schema = _nested(_top_schema(top), path)
    if schema is None:
        return None
    for attr in block.attribute_list:
        if attr.key_range.contains(position):
            return _argument_hover(top, path, schema, attr.name)
    if block is not top and block.type_range.contains(position):
        return _block_hover(block.type, schema)
    for label_range in block.label_ranges:  # dynamic "name": the block it generates
        if block.type == "dynamic" and label_range.contains(position):
            return _block_hover(block.labels[0], schema)
    return None


def _argument_hover(top: Block, path: list[str], schema: BlockSchema, name: str) -> str | None:
    argument = schema.arguments.get(name)
    if argument is None:
        meta = META_ARGUMENTS.get(name) if not path and top.type in ("resource", "data") else None
        return f"**{name}**\n\n{meta}" if meta else None
    presence = "required" if argument.required else "optional"
    lines = [f"**{name}** ({presence}, `{argument.type}`)"]
    if argument.description:
        lines += ["", argument.description]
    url = _page(top)
    if url:
        lines += ["", f"[{top.labels[0]}]({url}#{name})"]
    return "\n".join(lines)


def _block_hover(name: str, schema: BlockSchema) -> str:
    presence = "required" if schema.required else "optional"
    nesting = "one block" if schema.nesting == "single" else "repeatable block"
    lines = [f"**{name}** ({presence}, {nesting})"]
    if schema.description:
        lines += ["", schema.description]
    required = sorted(n for n, a in schema.arguments.items() if a.required)
    if required:
        lines += ["", "Required: " + ", ".join(f"`{n}`" for n in required)]
    return "\n".join(lines)


def _chain(block: Block) -> tuple[Block, list[str]] | None:
    """The top block and the nested block names leading to ``block`` (``dynamic`` blocks stand for
    the block they generate, their ``content`` for its body)."""
    path: list[str] = []
    current: Block | None = block
    while current is not None and current.parent is not None:
        if current.type == "dynamic":
            if not current.labels:
                return None
            path.append(current.labels[0])
        elif current.type != "content" or current.parent.type != "dynamic":
            if current.type in ("lifecycle", "provisioner", "connection"):
                return None  # meta blocks: not in the provider's schema
            path.append(current.type)
        current = current.parent
    if current is None:
        return None
    return current, list(reversed(path))


def _top_schema(top: Block) -> BlockSchema | None:
    if top.type == "provider":
        return provider_block(top.labels[0])
    return type_schema(top.type, top.labels[0])


def _nested(schema: BlockSchema | None, path: list[str]) -> BlockSchema | None:
    for name in path:
        schema = schema.blocks.get(name) if schema is not None else None
    return schema


def _page(top: Block) -> str | None:
    if top.type == "provider":
        meta = provider(top.labels[0])
        return meta.docs if meta else None
    return docs_url(top.type, top.labels[0])


def _innermost(blocks: list[Block], position: Position) -> Block | None:
    for block in blocks:
        if block.range.contains(position):
            return _innermost(block.blocks, position) or block
    return None


def attribute_note(root: str, parts: tuple[str, ...]) -> str | None:
    """What ``.arn`` of ``aws_s3_bucket.b.arn`` (or ``data.t.n.x``) is, from the schema."""
    kind, type_name, rest = ("data", parts[0], parts[2:]) if root == "data" and parts else ("resource", root, parts[1:])
    schema = type_schema(kind, type_name) if rest else None
    if schema is None:
        return None
    name = rest[0]
    if name in schema.computed:
        return f"`{name}`: `{schema.computed[name]}`, set by the provider (known after apply)"
    argument = schema.arguments.get(name)
    if argument is not None:
        presence = "required" if argument.required else "optional"
        return f"`{name}`: {presence} argument, `{argument.type}`" + (
            f" — {argument.description}" if argument.description else ""
        )
    return f"`{name}`: a nested block" if name in schema.blocks else None


# -- where code comes from: module and provider sources, version constraints ----------------------
def _module_hover(block: Block, position: Position) -> str | None:
    for attr in block.attribute_list:
        if attr.name in ("source", "version") and attr.range.contains(position):
            value = _string(attr)
            if value is None:
                return None
            if attr.name == "version":
                return _version_hover(value, "module")
            return _module_source(value)
    return None


def _module_source(source: str) -> str:
    if source.startswith(("./", "../")):
        return f"**Local module**: the folder `{source}`, relative to this module's folder"
    if source.startswith(("git::", "git@", "github.com/", "bitbucket.org/")):
        return f"**Git module**: `{source}` (pin a tag or commit with `?ref=`)"
    if source.startswith(("http://", "https://", "s3::", "gcs::", "hg::")):
        return f"**Remote module archive**: `{source}`"
    parts = source.split("//", 1)[0].split("/")
    if len(parts) == 3:
        namespace, name, system = parts
        url = f"https://registry.terraform.io/modules/{namespace}/{name}/{system}"
        return f"**Registry module** `{namespace}/{name}` for the `{system}` provider\n\n[Registry page]({url})"
    if len(parts) == 4:
        return f"**Private registry module** `{'/'.join(parts[1:])}` on `{parts[0]}`"
    return f"**Module source** `{source}`"


def _required_provider_hover(block: Block, position: Position) -> str | None:
    if block.type != "required_providers":
        return None
    for attr in block.attribute_list:
        if not attr.range.contains(position):
            continue
        items = _object_items(attr)
        for key, key_range, value_range, text in items:
            if key_range.contains(position) or value_range.contains(position):
                if key == "version" and text is not None:
                    return _version_hover(text, "provider")
                return _provider_source(attr.name, text) if key == "source" else None
        return _provider_source(attr.name, next((t for k, _, _, t in items if k == "source"), None))
    return None


def _provider_source(local_name: str, source: str | None) -> str:
    source = source or f"hashicorp/{local_name}"
    parts = source.split("/")
    namespace, name = (parts[-2], parts[-1]) if len(parts) >= 2 else ("hashicorp", parts[0])
    host = parts[0] if len(parts) == 3 else "registry.terraform.io"
    lines = [f"**Provider** `{namespace}/{name}` from `{host}`, used here as `{local_name}`"]
    meta = provider(name) if namespace == "hashicorp" and host == "registry.terraform.io" else None
    if meta is not None:
        lines += ["", f"Hovers describe its schema at version {meta.version}.", "", f"[Documentation]({meta.docs})"]
    return "\n".join(lines)


def _version_hover(constraint: str, what: str) -> str:
    explained = [_explain(part) for part in constraint.split(",")]
    if any(e is None for e in explained):
        return f"**Version constraint** `{constraint}` on the {what}"
    return f"**Version constraint** `{constraint}` on the {what}: versions " + " and ".join(e for e in explained if e)


def _explain(part: str) -> str | None:
    match = _CONSTRAINT.match(part)
    if not match:
        return None
    op, version, suffix = match.group(1) or "=", match.group(2), match.group(3)
    if suffix:
        return f"exactly `{version}{suffix}`" if op == "=" else None
    if op == "~>":
        numbers = version.split(".")
        if len(numbers) == 1:
            return f">= {version}"
        upper = numbers[:-1]
        upper[-1] = str(int(upper[-1]) + 1)
        return f">= {version} and < {'.'.join(upper)}"
    return f"{ {'=': 'exactly', '!=': 'other than'}.get(op, op) } {version}"


# -- object values (``aws = { source = "...", version = "..." }``) --------------------------------
def _object_items(attr: Attribute) -> list[tuple[str, Range, Range, str | None]]:
    """(key, key range, value range, the value when a plain string) of the attribute's object value."""
    out = []
    for node in _walk(attr.expr):
        if node.type == "object_elem" and node.child_count >= 3:
            key, value = node.children[0], node.children[-1]
            name = node_text(key).strip().strip('"')
            out.append((name, attr.pos.range(key), attr.pos.range(value), _plain_string(node_text(value))))
    return out


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _string(attr: Attribute) -> str | None:
    return _plain_string(node_text(attr.expr))


def _plain_string(text: str) -> str | None:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')) or "${" in text:
        return None
    return text[1:-1]
