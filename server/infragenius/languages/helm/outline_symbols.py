"""The Helm outline: a template's ``define``/``block`` sections and its manifests (``kind`` and
``metadata.name`` read from the text of each ``---`` document); values.yaml and Chart.yaml keys
(mappings nested up to three levels deep)."""

from __future__ import annotations

import re
from typing import Any

from ...core.document import Document
from ...core.outline import Symbol, symbol
from ..yaml import Mapping, Node, Scalar, Sequence
from ..yaml.outline_symbols import pair_symbol
from .gotemplate import Action
from .parse import HelmDocument

_DEPTH = 3
_SEPARATOR = re.compile(r"^---[ \t]*(?:#.*)?$", re.MULTILINE)
_KIND = re.compile(r"^kind:[ \t]*['\"]?([A-Za-z][\w.-]*)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)
_METADATA = re.compile(r"^metadata:[ \t]*(?:#.*)?\n((?:[ \t]+.*\n?|[ \t]*\n)*)", re.MULTILINE)
# a literal name only: a templated one says nothing we can know without rendering
_NAME = re.compile(r"^([ \t]+)name:[ \t]*['\"]?([\w.-]+)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def symbols(document: Document, model: Any) -> list[Symbol] | None:
    if not isinstance(model, HelmDocument):
        return None
    if model.kind in ("values", "chart"):
        stream = model.stream
        return [s for doc in (stream.documents if stream is not None else []) for s in _keys(doc.root, 1)]
    if model.template is None:
        return []
    defines = [a for a in model.template.actions if a.keyword in ("define", "block")]
    # a kind: line inside a define or a comment is a snippet's, not this file's manifest
    hidden = [(a.start, _end(document, a)) for a in defines] + [
        (a.start, a.end) for a in model.template.actions if a.comment
    ]
    out = [_define_symbol(document, a) for a in defines]
    out.extend(_manifests(document, hidden))
    return sorted((s for s in out if s is not None), key=lambda s: s.range.start)


# -- templates -----------------------------------------------------------------------------------


def _define_symbol(document: Document, action: Action) -> Symbol | None:
    name = action.string_arg()
    if name is None or not name.value:
        return None
    whole = document.range_of(action.start, _end(document, action))
    return symbol(name.value, "function", whole, document.range_of(name.start, name.end), action.keyword)


def _end(document: Document, action: Action) -> int:
    return action.partner.end if action.partner is not None else len(document.text)  # unclosed: to the end


def _manifests(document: Document, hidden: list[tuple[int, int]]) -> list[Symbol]:
    """``kind`` (and a literal ``metadata.name``) of each ``---`` document whose kind is written
    at the top level as plain text; the range runs from its first line that is not a comment."""
    text = document.text
    separators = list(_SEPARATOR.finditer(text))
    starts = [0, *(m.end() for m in separators)]
    ends = [*(m.start() for m in separators), len(text)]
    out = []
    for start, end in zip(starts, ends):
        part = text[start:end]
        kind = _KIND.search(part)
        if kind is None or any(a <= start + kind.start() < b for a, b in hidden):
            continue
        name = _metadata_name(part)
        out.append(
            symbol(
                f"{kind.group(1)} {name}" if name else kind.group(1),
                "object",
                document.range_of(start + _first_line(part), start + len(part.rstrip())),
                document.range_of(start + kind.start(1), start + kind.end(1)),
            )
        )
    return out


def _first_line(part: str) -> int:
    """Offset of the first line that is neither blank nor a comment."""
    offset = 0
    for line in part.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            return offset
        offset += len(line)
    return 0


def _metadata_name(part: str) -> str | None:
    """``metadata.name`` when written literally at metadata's own key level (not a label's name)."""
    block = _METADATA.search(part)
    if block is None:
        return None
    body = block.group(1).lstrip("\n")
    indent = len(body) - len(body.lstrip(" \t"))
    return next((m.group(2) for m in _NAME.finditer(body) if len(m.group(1)) == indent), None)


# -- values.yaml / Chart.yaml --------------------------------------------------------------------


def _keys(node: Node | None, depth: int) -> list[Symbol]:
    if not isinstance(node, Mapping):
        return []
    out = []
    for key, value in node.pairs:
        if not isinstance(key, Scalar) or not isinstance(key.value, str) or not key.value:
            continue
        nested = isinstance(value, Mapping)
        kind = "object" if nested else "array" if isinstance(value, Sequence) else "key"
        children = _keys(value, depth + 1) if nested and depth < _DEPTH else []
        out.append(pair_symbol(key, value, kind, _scalar(value), children))
    return out


def _scalar(value: Node | None) -> str | None:
    if isinstance(value, Scalar) and not value.is_null:
        text = value.value
        return text if len(text) <= 40 else text[:39] + "…"
    return None
