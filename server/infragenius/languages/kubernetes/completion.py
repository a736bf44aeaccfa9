"""Completion in Kubernetes manifests from the JSON schema of the object's apiVersion/kind: the keys
of the mapping at the cursor that are not written yet (with the schema's description), and the
allowed values at a value position (the schema's ``enum``, else the "One of A, B, C." list its
description gives, as for ``imagePullPolicy``).

The context is read from the text (github_actions.outline): while a key is half typed the document
is often not valid YAML, and the lines above the cursor still say where it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...core.completion import CompletionItem
from ...core.document import Document, Position, Range
from ..yaml.outline import outline, sibling_keys
from .model import Manifests
from .schema import Schemas, load_schemas

_SEPARATOR = re.compile(r"^(?:---|\.\.\.)(?:\s|$)")
_TOP_VALUE = re.compile(r"""^(?P<key>apiVersion|kind):[ ]*["']?(?P<value>[^\s"'#]+)""")
_KEY_TYPED = re.compile(r"^[A-Za-z_$][\w.$-]*$|^$")
_VALUE_TYPED = re.compile(r"""^["']?(?P<typed>[\w.\-/]*)$""")
_WORD = re.compile(r"[\w.$\-/]*")
# "One of Always, Never, IfNotPresent." / "Valid options are A, B, and C." in a description
_LISTED = re.compile(r"(?:One of|Valid (?:options|values) are):? (?P<names>[A-Z]\w*(?:,? (?:and |or )?[A-Z]\w*)+)\.")


def completion(document: Document, model: Manifests | None, position: Position) -> list[CompletionItem] | None:
    """``model`` is not needed: the text says it all, also where the parser gave up."""
    lines, line, column = document.line_text, position.line, position.column
    if not 0 <= line < document.line_count or not 0 <= column <= len(lines(line)):
        return None
    schemas = load_schemas()
    where = outline(lines, line, column)
    if schemas is None or where is None:
        return None
    root = _object_schema(schemas, lines, document.line_count, line)
    if root is None:
        return None
    after = lines(line)[column:]
    if where.value_key:
        glued = lines(line)[:column].endswith(":")
        return _values(schemas, _schema_at(schemas, root, where.path), where.rest, line, column, after, glued)
    if not _KEY_TYPED.match(where.rest):
        return None
    schema = _schema_at(schemas, root, where.path)
    present = sibling_keys(lines, document.line_count, line, where.column)
    if not where.path:
        present.add("status")  # written by the cluster, never by hand
    return _keys(schemas, schema, present, Range.of(line, where.column, line, column + _WORD.match(after).end()), after)


def _object_schema(schemas: Schemas, lines: Callable[[int], str], count: int, line: int) -> dict[str, Any] | None:
    """The schema of the object (YAML document) holding ``line``, from its top-level apiVersion and kind."""
    start = line
    while start > 0 and not _SEPARATOR.match(lines(start)):
        start -= 1
    found: dict[str, str] = {}
    for number in range(start, count):
        text = lines(number)
        if number > start and _SEPARATOR.match(text):
            break
        match = _TOP_VALUE.match(text)
        if match is not None:
            found.setdefault(match.group("key"), match.group("value"))
    if "apiVersion" not in found or "kind" not in found:
        return None
    return schemas.for_object(found["apiVersion"], found["kind"])


def _schema_at(schemas: Schemas, schema: dict[str, Any] | None, path: list[str]) -> dict[str, Any] | None:
    """Follow an outline path (keys, "-" for a list item) down the schema; None where it leads nowhere."""
    for step in path:
        if schema is None:
            return None
        schema = schemas.resolve(schema)
        if step == "-":
            items = schema.get("items")
            schema = items if isinstance(items, dict) else None
            continue
        extra = schema.get("additionalProperties")
        schema = (schema.get("properties") or {}).get(step) or (extra if isinstance(extra, dict) else None)
    return schemas.resolve(schema) if schema is not None else None


def _keys(
    schemas: Schemas, schema: dict[str, Any] | None, present: set[str], replace: Range, after: str
) -> list[CompletionItem] | None:
    properties = (schema or {}).get("properties")
    if not properties:
        return None  # free-form maps (labels, data) and unknown places: no keys to offer
    required = set(schema.get("required", ()))
    tail = after[_WORD.match(after).end() :]
    suffix = "" if tail.lstrip().startswith(":") else ": "
    return [
        CompletionItem(
            label=name,
            kind="property",
            detail=type_name(schemas, spec) + (" (required)" if name in required else ""),
            documentation=spec.get("description"),
            insert_text=name + suffix,
            range=replace,
            sort_text=("0" if name in required else "1") + name,
        )
        for name, spec in sorted(properties.items())
        if name not in present
    ]


def _values(
    schemas: Schemas, schema: dict[str, Any] | None, rest: str, line: int, column: int, after: str, glued: bool
) -> list[CompletionItem] | None:
    typed = _VALUE_TYPED.match(rest)
    if schema is None or typed is None:
        return None
    choices = allowed_values(schema)
    if not choices:
        return None
    start = column - len(typed.group("typed"))
    replace = Range.of(line, start, line, column + _WORD.match(after).end())
    space = " " if rest == "" and column > 0 and glued else ""  # ``key:|``: the value needs its space
    return [
        CompletionItem(
            label=value, kind="enum", detail=type_name(schemas, schema), insert_text=space + value, range=replace
        )
        for value in choices
    ]


def allowed_values(schema: dict[str, Any]) -> list[str]:
    """The schema's enum, else the values its description lists ("One of Always, Never.")."""
    enum = schema.get("enum")
    if isinstance(enum, list):
        return [str(v) for v in enum if v is not None]
    found = _LISTED.search(schema.get("description") or "")
    if found is None:
        return []
    return re.findall(r"[A-Z]\w*", found.group("names"))


def type_name(schemas: Schemas, schema: dict[str, Any]) -> str:
    """``string``, ``integer | string``, ``[]Container``, ``map[string]string``, ``ObjectMeta``."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return ref.rsplit(".", 1)[-1]
    if "oneOf" in schema or "anyOf" in schema:
        return " | ".join(sorted({type_name(schemas, c) for c in schema.get("oneOf", []) + schema.get("anyOf", [])}))
    declared = schema.get("type")
    names = [declared] if isinstance(declared, str) else [t for t in declared or () if t != "null"]
    name = names[0] if names else "object"
    if name == "array" and isinstance(schema.get("items"), dict):
        return "[]" + type_name(schemas, schema["items"])
    if name == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "map[string]" + type_name(schemas, schema["additionalProperties"])
    return name
