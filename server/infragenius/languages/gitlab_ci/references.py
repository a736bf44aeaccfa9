"""Find references in GitLab CI: the inverse of go-to-definition. On a job name (its key, or a
``needs``/``dependencies``/``extends``/``!reference``/``on_stop`` value) every place naming that job,
in the analysed file and in the bodies of locally included jobs; on a stage (an item of ``stages:`` or
a job's ``stage:``) every job's ``stage:`` using it; on a variable, its declarations and uses
(``variables.py``). Each reference is found by asking
``definition.target_of`` where a scalar points, so both features agree on what names what."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Node, Scalar, Sequence, path_at, string_value
from .definition import target_of
from .model import Pipeline
from .variables import variable_references

Chain = list[tuple[Node | None, Node]]
Place = tuple[Path | None, Range]  # a file (None: the analysed document) and a range in it


def references(
    document: Document, pipeline: Pipeline | None, position: Position, include_declaration: bool
) -> list[Place] | None:
    if not isinstance(pipeline, Pipeline) or pipeline.root is None:
        return None
    index = _index(pipeline)
    declaration = _declaration_at(pipeline, index, document.offset_at(position), position)
    if declaration is None:
        return variable_references(document, pipeline, position, include_declaration)
    found = [ref for decl, ref in index if decl == declaration]
    answer = ([declaration] if include_declaration else []) + found
    return answer or None


def _index(pipeline: Pipeline) -> list[tuple[Place, Place]]:
    """(declaration, reference) for every scalar that names a job or stage, in document order."""
    out: list[tuple[Place, Place]] = []
    roots: list[tuple[Path | None, Chain]] = [(None, [(None, pipeline.root)])]
    for job in pipeline.jobs.values():
        if job.source is not None:  # an included job: its body as if under the analysed root
            roots.append((job.source, [(None, pipeline.root), (job.key, job.body)]))
    for source, start in roots:
        for chain in _chains(start):
            if len(chain) >= 2 and string_value(chain[1][0]) == "include":
                continue  # an include's target is a file, not a name
            target = _target(pipeline, chain)
            if target is not None:
                out.append(((target[0], target[1]), (source, target[2])))
    return out


def _target(pipeline: Pipeline, chain: Chain) -> tuple | None:
    try:
        target = target_of(pipeline, chain)
    except Exception:  # noqa: BLE001 (a half-typed file: no reference rather than an error)
        return None
    return target if isinstance(target, tuple) and len(target) == 3 else None


def _chains(chain: Chain) -> Iterator[Chain]:
    """The ``path_at`` chain of every scalar (keys included) under the last node of ``chain``."""
    node = chain[-1][1]
    if isinstance(node, Scalar):
        yield chain
    elif isinstance(node, Mapping):
        for key, value in node.pairs:
            yield chain + [(key, key)]
            if isinstance(value, Node) and value is not key:
                yield from _chains(chain + [(key, value)])
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _chains(chain + [(None, item)])


def _declaration_at(
    pipeline: Pipeline, index: list[tuple[Place, Place]], offset: int, position: Position
) -> Place | None:
    """What the cursor names: the target of a reference under it, or a declaration it sits on (a
    job's key, an item of ``stages:``)."""
    chain = path_at(pipeline.root, offset)
    if chain and isinstance(chain[-1][1], Scalar):
        for decl, (source, rng) in index:
            if source is None and rng.start <= position <= rng.end:
                return decl
    for decl, _ in index:
        if decl[0] is None and decl[1].start <= position <= decl[1].end:
            return decl
    node = chain[-1][1] if chain else None
    if len(chain) == 2 and chain[-1][0] is node:  # a job key nothing refers to
        job = pipeline.jobs.get(string_value(node) or "")
        if job is not None and job.key is node:
            return None, job.key.range
    stages = pipeline.stages_node
    if isinstance(stages, Sequence) and any(item is node for item in stages.items):  # a stage no job uses
        return None, node.range
    return None
