"""CI/CD variables a pipeline declares (``variables:`` at the top or in a job) and where its values
use them (``$NAME`` / ``${NAME}`` in scripts, ``rules: if:``, ``image:``...): the references, and so
the renames, of a variable.

Only a pipeline written in one file is answered: a variable declared here may be read by an included
file, and a rename that missed that use would break the pipeline silently. Predefined variables
(``CI_*``) and those set in the project's settings have no declaration here: no answer either.
``$$NAME`` is GitLab's escape for a literal ``$NAME`` and is not a use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Node, Scalar, Sequence, scalar_offsets
from .model import Pipeline

_USE = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")


def variable_references(
    document: Document, pipeline: Pipeline, position: Position, include_declaration: bool
) -> list[tuple[Path | None, Range]] | None:
    if pipeline.root is None or pipeline.includes:
        return None
    declared = _declarations(pipeline)
    uses = list(_uses(document, pipeline.root))
    name = _name_at(position, declared, uses)
    if name is None or name not in declared:
        return None
    found = [rng for used, rng in uses if used == name]
    places = (declared[name] if include_declaration else []) + found
    answer: list[tuple[Path | None, Range]] = [(None, rng) for rng in places]
    return answer or None


def _declarations(pipeline: Pipeline) -> dict[str, list[Range]]:
    """Variable name -> the ranges of the keys declaring it (global, then jobs in file order)."""
    out: dict[str, list[Range]] = {}
    holders = [pipeline.root] + [job.mapping for job in pipeline.local_jobs]
    for holder in holders:
        variables = holder.get("variables") if isinstance(holder, Mapping) else None
        if isinstance(variables, Mapping):
            for key, _ in variables.pairs:
                if isinstance(key, Scalar) and isinstance(key.value, str):
                    out.setdefault(key.value, []).append(key.range)
    return out


def _uses(document: Document, root: Node) -> Iterator[tuple[str, Range]]:
    """Every ``$NAME``/``${NAME}`` in the document's string values: the name and its range."""
    for scalar in _string_values(root):
        offsets: list[int] | None = None
        for match in _USE.finditer(scalar.value):
            group = 1 if match.group(1) else 2
            if offsets is None:
                offsets = scalar_offsets(scalar, document.text)
            start, end = match.start(group), match.end(group)
            yield match.group(group), document.range_of(offsets[start], offsets[end - 1] + 1)


def _string_values(node: Node, seen: set[int] | None = None) -> Iterator[Scalar]:
    """String scalars holding a ``$``, each once (an anchored node merged elsewhere is one place)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, Scalar):
        if isinstance(node.value, str) and "$" in node.value:
            yield node
    elif isinstance(node, Mapping):
        for _, value in node.pairs:
            yield from _string_values(value, seen)
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _string_values(item, seen)


def _name_at(position: Position, declared: dict[str, list[Range]], uses: list[tuple[str, Range]]) -> str | None:
    for name, ranges in declared.items():
        if any(rng.start <= position <= rng.end for rng in ranges):
            return name
    return next((name for name, rng in uses if rng.start <= position <= rng.end), None)
