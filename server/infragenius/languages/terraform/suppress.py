"""How far the peers' pragmas reach in Terraform.

``#checkov:skip=ID:reason`` inside a block covers that whole top-level block (checkov's rule); on the
line just above a block it covers that block too. ``#trivy:ignore:AVD-...`` covers the block that
starts on the next code line (or just that line when it is an attribute). ``# tflint-ignore: rule``
covers the next line (the engine's default, so None is returned for it).
"""

from __future__ import annotations

from .model import TerraformModel


def suppression_scope(model: TerraformModel | None, line: int, tool: str) -> tuple[int, int] | None:
    if not isinstance(model, TerraformModel) or tool not in ("checkov", "trivy"):
        return None
    lines = model.file.text.split("\n")
    if tool == "checkov":
        for block in model.file.blocks:
            if block.range.start.line <= line <= block.range.end.line:
                return block.range.start.line, block.range.end.line
    target = _next_code_line(lines, line)
    for block in model.file.all_blocks():
        if block.range.start.line == target:
            return block.range.start.line, block.range.end.line
    return (target, target) if tool == "trivy" else None


def _next_code_line(lines: list[str], line: int) -> int:
    for i in range(line + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith(("#", "//")):
            return i
    return line + 1
