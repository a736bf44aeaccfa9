"""Findings of the previous analysis reused for the instructions an edit did not change (issue 18).

A keystroke changes one instruction of a 500-line Dockerfile, yet every rule used to check every
instruction again (~25 ms of the ~32 ms an analysis of ``Dockerfile.500`` took). A rule marked
``instruction_local`` promises that its findings for an instruction depend only on that
instruction's lines, on the FROM, SHELL, ENV and ARG instructions before it, and on the config. Such
a rule takes its findings for an unchanged instruction from the document's previous model (the
engine hands it over as ``Context.previous``), moved by the lines the edit inserted or removed
above, and checks only the instructions that changed: the findings are those of a full analysis.

Which instructions are unchanged: the common head and tail of the previous and the new instruction
lists, compared by their text (every line from the first to the last, heredoc bodies and comment
lines inside a continuation included). The head is always reusable: nothing before it changed.
The tail is reused only when the changed middle holds no FROM, SHELL, ENV or ARG on either side,
since those are all a local rule reads outside its instruction. A changed FROM (the stages, and
which of them make the final image), escape character or parser directive reuses nothing. A finding
placed outside its instruction's lines is never moved: its instruction is checked again next time.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ...core.findings import Finding, moved, on_lines
from .model import Dockerfile, Instruction

# what a local rule may read outside its own instruction (see the module's doc)
CONTEXT_KEYWORDS = frozenset({"FROM", "SHELL", "ENV", "ARG"})

_TEXTS = "reuse:texts"  # per model: the text of each top-level instruction
_PLAN = "reuse:plan"  # per model: the Plan against the previous model
_FOUND = "reuse:found"  # per model: rule code -> Found
_TOPS = "reuse:tops"  # per model: id(list of instructions) -> the top-level index of each


@dataclass
class Found:
    """One rule's findings in one model, per instruction it checked: how many it checked, and for
    those with findings (or a finding that cannot move), their position in that list and first line."""

    checked: int
    entries: list[tuple[int, int, tuple[Finding, ...] | None]]  # (position, first line, findings)


@dataclass
class Plan:
    """Which top-level instructions of the new model are unchanged: the first ``head`` and, when
    ``tail_reused``, the last ``tail`` (the rest were checked again), and the previous model's findings."""

    head: int = 0
    tail: int = 0
    tail_reused: bool = False
    earlier: dict[str, Found] | None = None


def checked(
    code: str, df: Dockerfile, previous: Any, items: list[Instruction], check: Callable[[Instruction], Any]
) -> Iterator[Finding]:
    """``check(ins)``'s findings for every instruction of ``items`` (a list kept on the model), in
    order: reused from the previous model where the instruction did not change, checked otherwise.
    Recorded for the next model once all are done (a rule that raises records nothing, and the next
    analysis checks everything again). The cost is that of the findings and the changed instructions."""
    plan = _plan(df, previous)
    earlier = plan.earlier.get(code) if plan.earlier is not None else None
    n = len(items)
    if earlier is None:
        head = tail = 0
    else:
        tops = _tops(df, items)
        head = bisect_left(tops, plan.head)
        tail = n - bisect_left(tops, len(df.instructions) - plan.tail) if plan.tail_reused else 0
    entries: list[tuple[int, int, tuple[Finding, ...] | None]] = []
    old = earlier.entries if earlier is not None else []
    for position, line, findings in old:  # the unchanged head
        if position < head:
            yield from _keep(entries, items, position, line, findings, check)
    for position in range(head, n - tail):  # what changed
        yield from _fresh(entries, items, position, check)
    if earlier is not None:
        for position, line, findings in old:  # the unchanged tail
            moved_to = position - earlier.checked + n
            if moved_to >= n - tail and position >= head:
                yield from _keep(entries, items, moved_to, line, findings, check)
    df.cache.setdefault(_FOUND, {})[code] = Found(n, entries)


def _keep(entries: list, items: list[Instruction], position: int, line: int, findings, check) -> Iterator[Finding]:
    """An unchanged instruction's findings, moved to where it is now (checked again if they cannot move)."""
    if findings is None:
        yield from _fresh(entries, items, position, check)
        return
    ins = items[position]
    moved = _moved(findings, ins.full_range.start.line - line)
    entries.append((position, ins.full_range.start.line, moved))
    yield from moved


def _fresh(entries: list, items: list[Instruction], position: int, check) -> Iterator[Finding]:
    ins = items[position]
    findings = tuple(check(ins))
    if findings:
        entries.append((position, ins.full_range.start.line, findings if _inside(findings, ins) else None))
    yield from findings


def _tops(df: Dockerfile, items: list[Instruction]) -> list[int]:
    """The top-level index of each of ``items`` (an ONBUILD trigger has its instruction's)."""
    table = df.cache.setdefault(_TOPS, {})
    found = table.get(id(items))
    if found is None:
        index = {}
        for i, ins in enumerate(df.instructions):
            index[id(ins)] = i
            if ins.onbuild is not None:
                index[id(ins.onbuild)] = i
        found = table[id(items)] = [index[id(ins)] for ins in items]
    return found


def _plan(df: Dockerfile, previous: Any) -> Plan:
    found = df.cache.get(_PLAN)
    if found is None:
        found = df.cache[_PLAN] = _match(df, previous)
    return found


def instruction_texts(df: Dockerfile) -> list[str]:
    """The text of each top-level instruction (what an edit is matched by), made once per model."""
    found = df.cache.get(_TEXTS)
    if found is None:
        found = df.cache[_TEXTS] = [_text(df, ins) for ins in df.instructions]
    return found


def _match(df: Dockerfile, previous: Any) -> Plan:
    texts = instruction_texts(df)
    if not isinstance(previous, Dockerfile) or not _same_header(previous, df):
        return Plan()
    old_texts = previous.cache.get(_TEXTS) or [_text(previous, ins) for ins in previous.instructions]
    old, new = previous.instructions, df.instructions
    shortest = min(len(old), len(new))
    head = 0
    while head < shortest and old_texts[head] == texts[head]:
        head += 1
    tail = 0
    while tail < shortest - head and old_texts[-1 - tail] == texts[-1 - tail]:
        tail += 1
    middle = {ins.keyword for ins in (*old[head : len(old) - tail], *new[head : len(new) - tail])}
    if "FROM" in middle:
        return Plan()
    return Plan(head, tail, not middle & CONTEXT_KEYWORDS, previous.cache.get(_FOUND, {}))


def _same_header(old: Dockerfile, new: Dockerfile) -> bool:
    """The same escape character and parser directives (``# check=skip=...`` switches rules off)."""
    return old.escape == new.escape and {k: d.value for k, d in old.directives.items()} == {
        k: d.value for k, d in new.directives.items()
    }


def _text(df: Dockerfile, ins: Instruction) -> str:
    """The instruction's lines, whole, from its first to the last of its heredocs."""
    doc = df.document
    first, last = ins.full_range.start.line, ins.full_range.end.line
    end = doc.line_start(last + 1) if last + 1 < doc.line_count else len(doc.text)
    return doc.text[doc.line_start(first) : end]


def _inside(findings: tuple[Finding, ...], ins: Instruction) -> bool:
    """Every position of every finding on the instruction's lines (only those move with it)."""
    first, last = ins.full_range.start.line, ins.full_range.end.line
    return all(on_lines(finding, first, last) for finding in findings)


def _moved(findings: tuple[Finding, ...], delta: int) -> tuple[Finding, ...]:
    return tuple(moved(finding, delta) for finding in findings) if delta else findings
