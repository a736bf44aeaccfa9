"""Find references in Dockerfiles: on a stage name (``AS build``, ``--from=build``, ``FROM build``)
every instruction that uses that stage; on ``$VAR``/``${VAR}`` or the name an ARG/ENV defines, every
expansion that BuildKit's scoping resolves to that same definition. The declaration is the stage's
name after ``AS`` / the ARG or ENV name, as go-to-definition answers."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from .definition import defined_at, definition, stage_for, stage_target
from .lexer import expansions
from .model import Dockerfile, Instruction, Stage
from .scope import definitions


def references(
    document: Document, model: Dockerfile | None, position: Position, include_declaration: bool
) -> list[tuple] | None:
    if not isinstance(model, Dockerfile):
        return None
    ins = model.instruction_at(position.line)
    if ins is None:
        return None
    stage = _stage_named_at(document, model, ins, position)
    if stage is not None:
        uses, declaration = _stage_uses(model, stage), stage_target(stage)
    else:
        declaration = _declaration_at(document, model, ins, position)
        if declaration is None:
            return None
        uses = _variable_uses(document, model, declaration)
    found = [declaration] if include_declaration else []
    return [(None, rng) for rng in found + uses]


# -- stages --------------------------------------------------------------------------------------
def _stage_named_at(document: Document, model: Dockerfile, ins: Instruction, position: Position) -> Stage | None:
    """The stage whose ``AS`` name is under the cursor, or the one a stage reference there names."""
    logical = ins.logical_at(document.offset_at(position))
    if logical is None:
        return None
    if ins.keyword == "FROM" and 0 <= ins.stage < len(model.stages):
        stage = model.stages[ins.stage]
        word = stage.name_word
        if word is not None and word.start <= logical <= word.end:
            return stage
    found = definition(document, model, position) if _is_stage_use(ins, logical) else None
    if found is None:
        return None
    return next((s for s in model.stages if stage_target(s) == found[1]), None)


def _is_stage_use(ins: Instruction, logical: int) -> bool:
    flag = ins.flag("from")
    return (flag is not None and flag.start <= logical <= flag.end) or ins.keyword == "FROM"


def _stage_uses(model: Dockerfile, stage: Stage) -> list[Range]:
    out: list[Range] = []
    for ins in model.instructions:
        flag = ins.flag("from")
        if flag is not None and flag.value and stage_for(model, flag.value, ins) is stage:
            out.append(ins.span(flag.end - len(flag.value), flag.end))
        if ins.keyword == "FROM" and 0 <= ins.stage < len(model.stages):
            child = model.stages[ins.stage]
            if child.image_word is not None and stage.index < ins.stage and model.stage_named(child.image) is stage:
                out.append(ins.word_range(child.image_word))
    return out


# -- variables -----------------------------------------------------------------------------------
def _declaration_at(document: Document, model: Dockerfile, ins: Instruction, position: Position) -> Range | None:
    """The ARG/ENV name under the cursor, or the definition of the ``$VAR`` under it."""
    logical = ins.logical_at(document.offset_at(position))
    if logical is not None and ins.keyword in ("ARG", "ENV"):
        for pair in definitions(ins):
            if ins.args_start + pair.key_start <= logical <= ins.args_start + pair.key_end:
                return ins.span(ins.args_start + pair.key_start, ins.args_start + pair.key_end)
    found = definition(document, model, position)
    return found[1] if found is not None and not _is_stage(model, found[1]) else None


def _is_stage(model: Dockerfile, rng: Range) -> bool:
    return any(stage_target(s) == rng for s in model.stages)


def _variable_uses(document: Document, model: Dockerfile, declaration: Range) -> list[Range]:
    out: list[Range] = []
    for ins in model.instructions:
        for name, start, end, _ in expansions(ins.logical, ins.escape):
            if defined_at(model, ins, name) == declaration:
                out.append(ins.span(start, end))
        out.extend(_heredoc_uses(document, model, ins, declaration))
    return out


def _heredoc_uses(document: Document, model: Dockerfile, ins: Instruction, declaration: Range) -> list[Range]:
    out: list[Range] = []
    for doc in ins.heredocs:
        if doc.quoted and ins.keyword != "RUN":
            continue  # not expanded (as go-to-definition)
        for line in range(doc.body_range.start.line, max(doc.body_range.end.line, doc.body_range.start.line + 1)):
            for name, start, end, _ in expansions(document.line_text(line)):
                if defined_at(model, ins, name) == declaration:
                    out.append(Range.of(line, start, line, end))
    return out
