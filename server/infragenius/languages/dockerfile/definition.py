"""Go-to-definition in Dockerfiles: a stage reference (``COPY --from=build``, ``FROM build``) jumps
to that stage's ``FROM`` (its ``AS`` name), a ``$VAR`` to the ARG or ENV that defines it for this
instruction (BuildKit's scoping: a global ARG for FROM lines, the stage's own ARG/ENV otherwise)."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from .lexer import expansions
from .model import Dockerfile, Instruction, Stage
from .scope import scopes


def definition(document: Document, model: Dockerfile | None, position: Position):
    if not isinstance(model, Dockerfile):
        return None
    ins = model.instruction_at(position.line)
    if ins is None:
        return None
    logical = ins.logical_at(document.offset_at(position))
    if logical is not None:
        found = _stage_reference(model, ins, logical) or _variable(model, ins, logical)
        if found is not None:
            return found
    return _heredoc_variable(document, model, ins, position)


# -- stages --------------------------------------------------------------------------------------
def _stage_reference(model: Dockerfile, ins: Instruction, logical: int):
    flag = ins.flag("from")
    if flag is not None and flag.value and flag.start <= logical <= flag.end:
        value_start = flag.end - len(flag.value)
        if logical < value_start:
            return None  # on "--from=" itself
        stage = stage_for(model, flag.value, ins)
        return (None, stage_target(stage), ins.span(value_start, flag.end)) if stage is not None else None
    if ins.keyword == "FROM" and 0 <= ins.stage < len(model.stages):
        word = model.stages[ins.stage].image_word
        if word is not None and word.start <= logical <= word.end:
            parent = model.stage_named(model.stages[ins.stage].image)
            if parent is not None and parent.index < ins.stage:
                return None, stage_target(parent), ins.word_range(word)
    return None


def stage_for(model: Dockerfile, ref: str, ins: Instruction) -> Stage | None:
    if ref.isdigit():
        index = int(ref)
        return model.stages[index] if index < len(model.stages) else None
    stage = model.stage_named(ref)
    # BuildKit refuses a stage that refers to itself or to a later one: that is no definition
    return stage if stage is not None and (ins.stage < 0 or stage.index < ins.stage) else None


def stage_target(stage: Stage) -> Range:
    """The stage's name after ``AS``; an unnamed stage's whole ``FROM`` line."""
    ins = stage.instruction
    return ins.word_range(stage.name_word) if stage.name_word is not None else ins.range


# -- variables -----------------------------------------------------------------------------------
def _variable(model: Dockerfile, ins: Instruction, logical: int):
    for name, start, end, _ in expansions(ins.logical, ins.escape):
        if start <= logical <= end:
            target = defined_at(model, ins, name)
            return (None, target, ins.span(start, end)) if target is not None else None
    return None


def _heredoc_variable(document: Document, model: Dockerfile, ins: Instruction, position: Position):
    for doc in ins.heredocs:
        if doc.body_range.start.line <= position.line < max(doc.body_range.end.line, doc.body_range.start.line + 1):
            if doc.quoted and ins.keyword != "RUN":
                return None  # COPY/ADD heredocs with a quoted marker are not expanded
            for name, start, end, _ in expansions(document.line_text(position.line)):
                if start <= position.column <= end:
                    target = defined_at(model, ins, name)
                    origin = Range.of(position.line, start, position.line, end)
                    return (None, target, origin) if target is not None else None
    return None


def defined_at(model: Dockerfile, ins: Instruction, name: str) -> Range | None:
    found = scopes(model).at(ins).get(name)
    return found.name_range if found is not None else None
