"""Which companion resources belong to a resource (S3 bucket <- public access block, versioning...),
and which block a resource's attribute points at (listener -> load balancer)."""

from __future__ import annotations

from ..hcl import Block, is_traversal
from ..model import Module, TerraformModel
from ..values import Evaluator


def bucket_companions(bucket: Block, module: Module, types: tuple[str, ...], ev: Evaluator) -> list[Block] | None:
    """Companion resources whose ``bucket`` points at ``bucket``.

    None when some companion points at something we cannot resolve (a variable, a module output):
    then we cannot claim that the bucket has none.
    """
    btype, name = bucket.labels[0], bucket.labels[1]
    own_name = ev.attr(bucket, "bucket")[0]
    found: list[Block] = []
    unresolved = False
    for other in module.resources_of(*types):
        attr = other.attr("bucket")
        if attr is None:
            continue
        refs = [r for r in other.file.references if r.attribute is attr] if other.file else []
        if any(r.root == btype and r.parts[:1] == (name,) for r in refs):
            found.append(other)
            continue
        if refs and all(r.root == btype for r in refs):
            continue  # another bucket of this module
        value = ev.value(attr.expr)
        if isinstance(value, str) and isinstance(own_name, str):
            if value == own_name:
                found.append(other)
        else:
            unresolved = True
    if not found and unresolved:
        return None
    return found


def referenced_block(block: Block, name: str, model: TerraformModel) -> Block | None:
    """The resource or data source of the module that attribute ``name`` of ``block`` holds a
    reference to, written alone (``aws_lb.web.arn``, ``data.aws_ami.al2023.id``); None for anything
    else (a variable, an expression, a module output) and for a block an override file changes."""
    attr = block.attr(name)
    if attr is None or block.file is None or not is_traversal(attr.expr):
        return None
    refs = [r for r in block.file.references if r.attribute is attr]
    if len(refs) != 1:
        return None
    module = model.module
    target = module.resources.get(refs[0].address) or module.data.get(refs[0].address)
    if target is None or module.is_overridden(target):
        return None
    return target


def uses_launch_template(block: Block) -> bool:
    """An ``aws_instance`` started from a launch template takes what it does not set (root volume,
    metadata options) from the template, which may live anywhere: unknown here."""
    return any(
        b.type == "launch_template" or (b.type == "dynamic" and b.labels[:1] == ["launch_template"])
        for b in block.blocks
    )
