"""Hover: on ``var.x`` / ``local.y`` / ``module.m`` / resource and data references, show the declaration;
elsewhere, what the provider schemas and sources say (``schema_hover.py``)."""

from __future__ import annotations

from ...core.document import Position
from .hcl import Attribute, Block, node_text
from .model import Reference, TerraformModel
from .schema_hover import attribute_note, schema_hover

RESOURCE_DOCS = {
    "aws_s3_bucket": "Amazon S3 bucket.",
    "aws_instance": "Amazon EC2 instance.",
    "aws_security_group": "Amazon VPC security group (inline ingress/egress rules).",
    "aws_db_instance": "Amazon RDS database instance.",
    "aws_iam_policy": "AWS IAM managed policy.",
    "aws_kms_key": "AWS KMS key.",
    "aws_cloudtrail": "AWS CloudTrail trail.",
    "azurerm_storage_account": "Azure Storage account.",
    "google_storage_bucket": "Google Cloud Storage bucket.",
    "google_container_cluster": "Google Kubernetes Engine cluster.",
}


def hover(document, model, position: Position) -> str | None:
    if not isinstance(model, TerraformModel):
        return None
    for ref in model.file.references:
        if ref.range.start <= position <= ref.range.end:
            return _describe_reference(ref, model)
    return schema_hover(model, position)


def _describe_reference(ref: Reference, model: TerraformModel) -> str | None:
    module = model.module
    if ref.root == "var":
        block = module.variables.get(ref.parts[0])
        return _variable(ref.parts[0], block) if block else None
    if ref.root == "local":
        attr = module.locals.get(ref.parts[0])
        return _local(ref.parts[0], attr) if attr else None
    if ref.root == "module":
        block = module.modules.get(ref.parts[0])
        return _block(f"module.{ref.parts[0]}", block, ("source", "version")) if block else None
    if ref.root in ("data", "ephemeral"):
        block = (module.data if ref.root == "data" else module.ephemeral).get(ref.address)
        return _with_attribute(_block(ref.address, block, ()), ref) if block else None
    block = module.resources.get(ref.address)
    return _with_attribute(_block(ref.address, block, ()), ref) if block else None


def _with_attribute(text: str, ref: Reference) -> str:
    """The declaration, and what the attribute read after its address is (``.arn``)."""
    note = attribute_note(ref.root, ref.parts)
    return f"{text}\n\n{note}" if note else text


def _where(node_holder: Block | Attribute) -> str:
    fm = node_holder.file
    line = (node_holder.range.start.line + 1) if node_holder.range else 0
    return f"{fm.name if fm else '?'}:{line}"


def _value(block: Block, name: str) -> str | None:
    attr = block.attr(name)
    return node_text(attr.expr).strip() if attr else None


def _variable(name: str, block: Block) -> str:
    lines = [f"**variable `{name}`** ({_where(block)})", ""]
    for key in ("type", "default"):
        value = _value(block, key)
        if value is not None:
            lines.append(f"- {key}: `{_short(value)}`")
    if block.attr("default") is None:
        lines.append("- required (no default)")
    description = _value(block, "description")
    if description:
        lines += ["", description.strip('"')]
    return "\n".join(lines)


def _local(name: str, attr: Attribute) -> str:
    return f"**local `{name}`** ({_where(attr)})\n\n```hcl\n{name} = {_short(node_text(attr.expr).strip())}\n```"


def _block(address: str, block: Block, keys: tuple[str, ...]) -> str:
    lines = [f"**{address}** ({_where(block)})"]
    if block.type == "resource" and block.labels[0] in RESOURCE_DOCS:
        lines.append(RESOURCE_DOCS[block.labels[0]])
    for key in keys:
        value = _value(block, key)
        if value is not None:
            lines.append(f"- {key}: `{_short(value)}`")
    return "\n".join(lines)


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def definition(document, model, position: Position):
    """Where the reference under ``position`` is declared: (path, range) or None (go-to-definition)."""
    if not isinstance(model, TerraformModel):
        return None
    ref = next((r for r in model.file.references if r.range.start <= position <= r.range.end), None)
    if ref is None:
        return None
    target = declaration_of_reference(ref, model)
    if target is None or target.file is None:
        return None
    rng = target.key_range if isinstance(target, Attribute) else target.header_range
    return target.file.path, rng


def declaration_of_reference(ref: Reference, model: TerraformModel) -> Block | Attribute | None:
    module = model.module
    if not ref.parts and ref.root in ("var", "local", "module"):
        return None  # a bare root (``var.`` being typed): names nothing yet
    if ref.root == "var":
        return module.variables.get(ref.parts[0])
    if ref.root == "local":
        return module.locals.get(ref.parts[0])
    if ref.root == "module":
        return module.modules.get(ref.parts[0])
    if ref.root == "data":
        return module.data.get(ref.address)
    if ref.root == "ephemeral":
        return module.ephemeral.get(ref.address)
    return module.resources.get(ref.address)
