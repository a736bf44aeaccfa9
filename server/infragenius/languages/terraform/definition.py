"""Go-to-definition in Terraform: ``var.x``, ``local.y``, ``module.m``, ``data.t.n`` and resource
references jump to their declaration, in whichever ``.tf`` file of the module it is."""

from __future__ import annotations

from ...core.document import Position
from .hover import definition as _declaration_of
from .model import TerraformModel


def definition(document, model, position: Position):
    """(path | None, declaration range, reference range), or None when nothing is declared there."""
    if not isinstance(model, TerraformModel):
        return None
    found = _declaration_of(document, model, position)
    if found is None:
        return None
    path, rng = found
    ref = next((r for r in model.file.references if r.range.start <= position <= r.range.end), None)
    same = path is None or (document.path is not None and path == document.path)
    origin = ref.address_range if ref is not None else None
    return (None if same else path, rng, origin) if origin is not None else (None if same else path, rng)
