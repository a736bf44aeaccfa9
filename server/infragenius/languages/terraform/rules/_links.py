"""Which companion resources belong to a resource (S3 bucket <- public access block, versioning...)."""

from __future__ import annotations

from ..hcl import Block
from ..model import Module
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
