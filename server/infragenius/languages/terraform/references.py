"""Find references in Terraform: on ``var.x``/``variable "x"``, ``local.y``/a ``locals`` key, a
resource, data source or module reference or its block header, every reference to that declaration
in the module (all ``.tf`` files of the directory). The declaration is the range go-to-definition
jumps to (the block header, the locals key)."""

from __future__ import annotations

from ...core.document import Document, Position
from .hcl import Attribute, Block
from .hover import declaration_of_reference
from .model import FileModel, TerraformModel

# block types whose header declares something references can name
_DECLARING = ("variable", "resource", "data", "ephemeral", "module")


def references(
    document: Document, model: TerraformModel | None, position: Position, include_declaration: bool
) -> list[tuple] | None:
    if not isinstance(model, TerraformModel):
        return None
    target = _target_at(model, position)
    if target is None or target.file is None:
        return None
    out: list[tuple] = []
    if include_declaration:
        rng = target.key_range if isinstance(target, Attribute) else target.header_range
        out.append((_path(model, target.file), rng))
    for fm in model.module.files:
        for ref in fm.references:
            if declaration_of_reference(ref, model) is target:
                out.append((_path(model, fm), ref.address_range))
    return out


def _target_at(model: TerraformModel, position: Position) -> Block | Attribute | None:
    """What the cursor names: the declaration of the reference under it, or the declaration itself."""
    ref = next((r for r in model.file.references if r.range.start <= position <= r.range.end), None)
    if ref is not None:
        return declaration_of_reference(ref, model)
    for block in model.file.blocks:
        if block.type in _DECLARING and block.header_range.start <= position <= block.header_range.end:
            return block if model.module.declares(block) else None
        if block.type == "locals" and block.range.start <= position <= block.range.end:
            attr = next((a for a in block.attribute_list if a.key_range.start <= position <= a.key_range.end), None)
            return attr if attr is not None and model.module.locals.get(attr.name) is attr else None
    return None


def _path(model: TerraformModel, fm: FileModel) -> object:
    return None if fm is model.file else fm.path
