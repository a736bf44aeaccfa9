"""Completion in GitLab CI: job keywords at a key position directly inside a job (``default:``
keywords inside ``default:``), and job names in ``needs:``, ``dependencies:`` and ``extends:``
(block lists, flow lists and plain values).

The context comes from the text's indentation rather than the YAML tree: while a key is half typed
the file is often not valid YAML, and the lines above the cursor still say where it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from .hover import KEYWORD_DOCS
from .keywords import DEFAULT_KEYWORDS, JOB_KEYWORDS, RESERVED_TOP_LEVEL
from .model import Pipeline

_KEY_TYPED = re.compile(r"^(?P<indent>[ ]+)(?P<typed>[A-Za-z_]*)$")
_ITEM_TYPED = re.compile(r"^(?P<indent>[ ]*)-[ ]+(?:job:[ ]+)?[\"']?(?P<typed>[\w.\-/]*)$")
_INLINE_TYPED = re.compile(
    r"^[ ]*(?:-[ ]+)?(?P<key>needs|dependencies|extends):[ ]+(?:\[(?:[^\]]*,)?[ ]*)?(?:\{[ ]*job:[ ]*)?[\"']?(?P<typed>[\w.\-/]*)$"
)
_KEY_LINE = re.compile(r"^(?P<indent>[ ]*)(?:-[ ]+)?(?P<key>[^\s:#][^:#]*?):[ ]*(?:#.*)?$")
_TOP_KEY = re.compile(r"^(?P<key>[^\s#-][^:#]*?)[ ]*:")
_WORD_TAIL = re.compile(r"[\w.\-/]*")


def completion(document: Document, pipeline: Pipeline | None, position: Position) -> list[CompletionItem] | None:
    if not isinstance(pipeline, Pipeline):
        return None
    lines = document.line_text  # one line at a time: the walks upwards stop after a few lines
    line = lines(position.line)
    before, after = line[: position.column], line[position.column :]
    job = _top_key(lines, position.line)
    found = _INLINE_TYPED.match(before)
    if found is not None and job is not None:
        return _job_names(pipeline, found.group("key"), job, _replaced(position, found, after))
    found = _ITEM_TYPED.match(before)
    if found is not None and job is not None:
        key = _parent_key(lines, position.line, len(found.group("indent")), item=True)
        if key in ("needs", "dependencies", "extends"):
            return _job_names(pipeline, key, job, _replaced(position, found, after))
        return None
    found = _KEY_TYPED.match(before)
    if found is not None and job is not None:
        parent = _parent_key(lines, position.line, len(found.group("indent")), item=False, top_only=True)
        if parent is not None:
            has_colon = after[_WORD_TAIL.match(after).end() :].lstrip().startswith(":")
            return _keywords(pipeline, parent, _replaced(position, found, after), "" if has_colon else ": ")
    return None


def _replaced(position: Position, found: re.Match, after: str) -> Range:
    typed = len(found.group("typed"))
    return Range.of(
        position.line, position.column - typed, position.line, position.column + _WORD_TAIL.match(after).end()
    )


def _top_key(lines: Callable[[int], str], line_no: int) -> str | None:
    """The top-level key (job name) the line belongs to; None on a top-level line itself."""
    for i in range(line_no - 1, -1, -1):
        text = lines(i)
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if not text[0].isspace():
            found = _TOP_KEY.match(text)
            return found.group("key").strip("\"'") if found else None
    return None


def _parent_key(
    lines: Callable[[int], str], line_no: int, indent: int, item: bool, top_only: bool = False
) -> str | None:
    """The key whose block holds the cursor's line: the first line above that is less indented
    (for a list item: not more indented, skipping the items before it)."""
    for i in range(line_no - 1, -1, -1):
        text = lines(i)
        stripped = text.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        depth = len(text) - len(stripped)
        if depth > indent or (item and depth == indent and stripped.startswith("-")):
            continue  # a sibling item or the inside of an earlier sibling
        if depth == indent and not item:
            continue  # a sibling key of the one being typed
        found = _KEY_LINE.match(text)
        if found is None or (top_only and depth != 0):
            return None
        return found.group("key").strip("\"'")
    return None


def _keywords(pipeline: Pipeline, parent: str, replace: Range, suffix: str) -> list[CompletionItem] | None:
    if parent == "default":
        table = DEFAULT_KEYWORDS
    elif parent in RESERVED_TOP_LEVEL:
        return None
    else:
        table = JOB_KEYWORDS
    job = pipeline.jobs.get(parent) if parent != "default" else None
    present = set(job.mapping.keys()) if job is not None and job.source is None and job.mapping is not None else set()
    return [
        CompletionItem(
            label=name,
            kind="property",
            detail=shape,
            documentation=KEYWORD_DOCS.get(name),
            insert_text=name + suffix,
            range=replace,
        )
        for name, shape in sorted(table.items())
        if name not in present
    ]


def _job_names(pipeline: Pipeline, key: str, current: str, replace: Range) -> list[CompletionItem]:
    """Jobs another job may name: hidden templates only for ``extends``, never the job itself."""
    items = []
    for name, job in sorted(pipeline.jobs.items()):
        if name == current or (job.hidden and key != "extends"):
            continue
        where = f" ({job.source.name})" if job.source is not None else ""
        items.append(
            CompletionItem(
                label=name,
                kind="class" if job.hidden else "reference",
                detail=f"stage {pipeline.job_stage(job)}{where}" if not job.hidden else f"template{where}",
                range=replace,
            )
        )
    return items
