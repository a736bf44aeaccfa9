"""Completion in Dockerfiles: instruction keywords at the start of an instruction (only ARG and
FROM before the first FROM), earlier stages after ``COPY --from=`` and ``FROM``, and the ARG/ENV
variables in scope after ``$``."""

from __future__ import annotations

import re

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from .hover import INSTRUCTION_DOCS
from .model import Dockerfile, Instruction
from .scope import scopes

_KEYWORD = re.compile(r"^\s*(?:(?P<onbuild>ONBUILD)\s+)?(?P<typed>[A-Za-z]*)$", re.IGNORECASE)
_FROM_FLAG = re.compile(r"(?:^|\s)--from=(?P<typed>[\w.-]*)$")
_FROM_IMAGE = re.compile(r"^\s*FROM\s+(?:--platform=\S+\s+)?(?P<typed>[\w.-]*)$", re.IGNORECASE)
_VARIABLE = re.compile(r"\$\{?(?P<typed>[A-Za-z0-9_]*)$")
_WORD_TAIL = re.compile(r"[\w.-]*")
_NAME_TAIL = re.compile(r"\w*")
_BEFORE_FIRST_FROM = ("ARG", "FROM")
_NOT_TRIGGERS = ("FROM", "ONBUILD", "MAINTAINER")  # BuildKit refuses these after ONBUILD


def completion(document: Document, model: Dockerfile | None, position: Position) -> list[CompletionItem] | None:
    if not isinstance(model, Dockerfile):
        return None
    line = document.line_text(position.line)
    before, after = line[: position.column], line[position.column :]
    ins = model.instruction_at(position.line)
    starts_here = ins is None or ins.range.start.line == position.line
    found = _KEYWORD.match(before)
    if found is not None and starts_here:
        return _keywords(model, position, found, after)
    if ins is None:
        return None
    found = _FROM_FLAG.search(before)
    if found is not None and (ins.keyword == "COPY" or (ins.onbuild is not None and ins.onbuild.keyword == "COPY")):
        return _stages(model, ins.stage, _replaced(position, found, after))
    found = _FROM_IMAGE.match(before)
    if found is not None and starts_here and ins.keyword == "FROM":
        return _stages(model, ins.stage, _replaced(position, found, after))
    found = _VARIABLE.search(before)
    if found is not None and ins.keyword not in ("", "ONBUILD"):
        return _variables(model, ins, _replaced(position, found, after, _NAME_TAIL))
    return None


def _replaced(position: Position, found: re.Match, after: str, tail: re.Pattern = _WORD_TAIL) -> Range:
    """The partial word before the cursor and the rest of it after: what a chosen item replaces."""
    typed = len(found.group("typed"))
    rest = tail.match(after).end()
    return Range.of(position.line, position.column - typed, position.line, position.column + rest)


def _keywords(model: Dockerfile, position: Position, found: re.Match, after: str) -> list[CompletionItem]:
    first_from = next((s.instruction.line for s in model.stages), None)
    before_stages = first_from is None or first_from >= position.line
    if found.group("onbuild"):
        keywords = [k for k in INSTRUCTION_DOCS if k not in _NOT_TRIGGERS]
    elif before_stages:
        keywords = list(_BEFORE_FIRST_FROM)
    else:
        keywords = [k for k in INSTRUCTION_DOCS if k != "MAINTAINER"]  # deprecated: not proposed
    replace = _replaced(position, found, after)
    suffix = "" if after.strip() else " "
    from .hover import instruction_doc

    return [
        CompletionItem(
            label=k,
            kind="keyword",
            detail=INSTRUCTION_DOCS[k][1].splitlines()[0],
            documentation=instruction_doc(k),
            insert_text=k + suffix,
            range=replace,
        )
        for k in sorted(keywords)
    ]


def _stages(model: Dockerfile, current: int, replace: Range) -> list[CompletionItem]:
    """Stages a reference from stage ``current`` may name: the earlier ones (by name, else index)."""
    earlier = model.stages if current < 0 else model.stages[:current]
    return [
        CompletionItem(
            label=stage.name or str(stage.index),
            kind="class",
            detail=f"stage {stage.index}: FROM {stage.image}",
            range=replace,
            sort_text=f"{stage.index:04d}",
        )
        for stage in earlier
    ]


def _variables(model: Dockerfile, ins: Instruction, replace: Range) -> list[CompletionItem]:
    items = []
    for name, found in sorted(scopes(model).at(ins).defs.items()):
        where = f"{found.kind}, line {found.instruction.line + 1}" if found.instruction is not None else "predefined"
        items.append(CompletionItem(label=name, kind="variable", detail=where, range=replace))
    return items
