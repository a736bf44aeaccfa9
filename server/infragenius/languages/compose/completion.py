"""Completion in Compose files: the project's services where a service is named (``depends_on``,
``links``, ``volumes_from``, ``extends``), the declared networks, volumes, secrets and configs where a
service uses one, and the keys the Compose Specification allows where a key is typed (with their
documentation).

The context comes from the text's indentation (yaml/outline.py): the line being typed is often not
valid YAML yet.
"""

from __future__ import annotations

import re

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from ..yaml.outline import Outline, outline, sibling_keys
from .model import RESOURCES, RESTART_POLICIES, ComposeFile
from .schema import child, known_keys, load_schema, options, resolve, schema_at

_WORD = re.compile(r"[\w.-]*")
_KEY_TYPED = re.compile(r"^[A-Za-z_][\w.-]*$|^$")
_INLINE = re.compile(r"^(?:\[(?P<listed>(?:[^\],]*,)*)[ ]*)?[\"']?(?P<typed>[\w.-]*)$")
_ITEM = re.compile(r"^[\"']?(?P<typed>[\w.-]*)$")
SERVICE_LISTS = ("depends_on", "links", "volumes_from")


def completion(document: Document, model: ComposeFile | None, position: Position) -> list[CompletionItem] | None:
    if not isinstance(model, ComposeFile):
        return None
    line = document.line_text(position.line)
    column = min(max(position.column, 0), len(line))
    where = outline(document.line_text, position.line, column)
    if where is None:
        return None
    after = line[column:]
    return (
        _names(model, where, position.line, column, after)
        or _values(where, position.line, column, after)
        or _keys(document, where, position.line, column, after)
    )


# -- names ------------------------------------------------------------------------------------------
def _names(model: ComposeFile, where: Outline, line: int, column: int, after: str) -> list[CompletionItem] | None:
    path = where.path
    if len(path) < 3 or path[0] != "services":
        return None
    current, section = path[1], path[2]
    typed = _typed(where)
    if typed is None:
        return None
    if section in SERVICE_LISTS or section == "extends":
        names, kind, what = sorted(model.project.services - {current}), "class", "service"
    elif section in RESOURCES and (section != "volumes" or where.value_key is False):
        names, kind, what = sorted(model.project.resources[section]), "reference", section.rstrip("s")
    else:
        return None
    replace = Range.of(line, column - len(typed), line, column + _word_end(after))
    listed = set(_listed(where))
    return [
        CompletionItem(label=name, kind=kind, detail=what, insert_text=name, range=replace)
        for name in names
        if name not in listed
    ] or None


def _typed(where: Outline) -> str | None:
    """What is typed of a name: a list item (``- db``), an inline list or value (``depends_on: [a, d``),
    or a key of the mapping form (``depends_on:`` then ``  db``)."""
    if where.path[-1] == "-" and len(where.path) == 4:
        found = _ITEM.match(where.rest)
    elif where.value_key and len(where.path) == 3:
        found = _INLINE.match(where.rest)
    elif not where.value_key and len(where.path) == 3 and where.path[2] in ("depends_on", "networks"):
        found = _ITEM.match(where.rest)
    else:
        return None
    return found.group("typed") if found is not None else None


def _listed(where: Outline) -> list[str]:
    found = _INLINE.match(where.rest) if where.value_key else None
    listed = found.group("listed") if found is not None else None
    return [part.strip(" \"'") for part in listed.split(",")] if listed else []


# -- values ---------------------------------------------------------------------------------------
def _values(where: Outline, line: int, column: int, after: str) -> list[CompletionItem] | None:
    """The values a key allows (the schema's enum; the restart policies), after ``key: ``."""
    found = _ITEM.match(where.rest) if where.value_key else None
    if found is None or not where.path:
        return None
    schema = schema_at([None if step == "-" else step for step in where.path])
    choices = schema.get("enum") if schema else None
    if where.path[-1] == "restart" and where.path[0] == "services":
        choices = list(RESTART_POLICIES)
    if not choices:
        return None
    typed = found.group("typed")
    replace = Range.of(line, column - len(typed), line, column + _word_end(after))
    return [
        CompletionItem(label=str(choice), kind="value", insert_text=str(choice), range=replace) for choice in choices
    ]


# -- keys -------------------------------------------------------------------------------------------
def _keys(document: Document, where: Outline, line: int, column: int, after: str) -> list[CompletionItem] | None:
    if where.value_key or not _KEY_TYPED.match(where.rest):
        return None
    schema: dict | None = load_schema()
    for step in where.path:
        schema = child(schema, None if step == "-" else step) if schema is not None else None
    if schema is None:
        return None
    names = list(dict.fromkeys(name for option in options(schema) for name in known_keys(option)[0]))
    if not names:
        return None
    present = sibling_keys(document.line_text, document.line_count, line, where.column)
    tail = _word_end(after)
    suffix = "" if after[tail:].lstrip().startswith(":") else ": "
    replace = Range.of(line, column - len(where.rest), line, column + tail)
    return [
        CompletionItem(
            label=name,
            kind="property",
            detail="Compose key",
            documentation=_description(schema, name),
            insert_text=name + suffix,
            range=replace,
        )
        for name in names
        if name not in present
    ] or None


def _word_end(text: str) -> int:
    found = _WORD.match(text)
    return found.end() if found is not None else 0


def _description(schema: dict, name: str) -> str | None:
    sub = child(schema, name)
    description = resolve(sub).get("description") if sub is not None else None
    return str(description) if description else None
