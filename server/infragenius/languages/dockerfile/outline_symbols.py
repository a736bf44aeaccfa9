"""The Dockerfile outline: one symbol per stage (FROM to its last instruction, heredocs included)
with its instructions as children; instructions before the first FROM (global ARGs) at top level."""

from __future__ import annotations

from typing import Any

from ...core.document import Document, Range
from ...core.outline import Symbol, symbol
from .model import Dockerfile, Instruction, Stage

# instructions that declare a value rather than run a step
_KINDS = {
    "ARG": "variable",
    "ENV": "variable",
    "LABEL": "property",
    "EXPOSE": "constant",
    "ONBUILD": "event",
    "HEALTHCHECK": "event",
}
_DETAIL = 40


def symbols(document: Document, model: Any) -> list[Symbol] | None:
    if not isinstance(model, Dockerfile):
        return None
    out = [_instruction(ins) for ins in model.instructions if ins.stage == -1]
    out.extend(_stage(stage) for stage in model.stages)
    return [s for s in out if s is not None]


def _stage(stage: Stage) -> Symbol | None:
    start = stage.instruction
    body = [ins for ins in stage.instructions if ins is not start]
    last = max([start, *body], key=lambda i: i.full_range.end)
    selection = start.word_range(stage.name_word) if stage.name_word is not None else start.keyword_range
    children = [c for c in (_instruction(ins) for ins in body) if c is not None]
    name = stage.name or f"stage {stage.index}"
    return symbol(name, "class", Range(start.range.start, last.full_range.end), selection, stage.image, children)


def _instruction(ins: Instruction) -> Symbol | None:
    name = ins.keyword or ins.written.upper()
    if not name:
        return None
    args = " ".join(ins.args.split())
    detail = args if len(args) <= _DETAIL else args[: _DETAIL - 1] + "…"
    return symbol(name, _KINDS.get(name, "method"), ins.full_range, ins.keyword_range, detail)
