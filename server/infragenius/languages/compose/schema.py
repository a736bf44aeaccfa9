"""Validate a Compose file against the Compose Specification's JSON schema, with positions.

The schema ships with the package (``data/compose-spec.json``; its source and version are in
``data/README.md``). ``jsonschema`` validates a plain copy of the file's YAML nodes (merge keys
expanded, ``!reset`` values dropped, as Compose reads them); each error's path leads back to the
node it is about, so the problem is reported at the exact key or value. A oneOf/anyOf error is
reported through the branch that came closest (``best_match``), the way a user reads it: "unknown
key" inside the long syntax of a port rather than "is not valid under any of the given schemas".

Values Compose interpolates (``${TAG}``, ``$PORT``) are unknown until run time: errors about them
are dropped, as are errors about ``version`` (obsolete; a rule of its own says so).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ...core.findings import Fix
from ...core.suggest import candidates, did_you_mean
from ..yaml import Mapping, Node, Scalar, Sequence, is_merge_key
from ..yaml.fixes import rename_fix
from .model import interpolated

_REF = "#/$defs/"
TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "empty",
}
_NAME_PATTERN = re.compile(r"^\^\[[^\]]+\]\+\$$")  # the schema's pattern for names: ^[a-zA-Z0-9._-]+$


@dataclass(frozen=True)
class SchemaProblem:
    kind: str  # "unknown-key" or "invalid"
    node: Node
    message: str
    fix: Fix | None = None


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", "compose-spec.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=2)
def _validator(definition: str | None = None) -> Any:
    """The file's validator, or one for a definition of the schema (``service``)."""
    from jsonschema.validators import validator_for  # on the first Compose file, not at start-up

    schema = load_schema()
    if definition is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"{_REF}{definition}"}
    return validator_for(schema)(schema)


# A service's errors by its value (as JSON): an edit re-validates only the services it changed.
_SERVICE_ERRORS: dict[str, list[Any]] = {}
_SERVICE_ERRORS_MAX = 1024


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` (local ``#/$defs/...`` only), bounded."""
    defs = load_schema()["$defs"]
    for _ in range(8):
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith(_REF):
            break
        schema = {**defs.get(ref[len(_REF) :], {}), **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def known_keys(schema: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The property names a mapping of ``schema`` may hold, and its key patterns (``^x-``), through
    ``$ref`` and ``allOf`` (a service is a container spec and a workload spec)."""
    schema = resolve(schema)
    names = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    for part in schema.get("allOf", ()):
        more, more_patterns = known_keys(part)
        names += more
        patterns += more_patterns
    return list(dict.fromkeys(names)), list(dict.fromkeys(patterns))


def validate(root: Mapping | None) -> list[SchemaProblem]:
    if root is None:
        return []
    problems: list[SchemaProblem] = []
    document = plain(root)
    services = document.get("services")
    if isinstance(services, dict):  # each service alone (cached), the file with empty ones
        for name, value in services.items():
            problems += [problem for error in _service_errors(value) for problem in _problems(error, root, name)]
        document["services"] = {name: {} for name in services}
    for error in _validator().iter_errors(document):
        problems += _problems(error, root)
    problems.sort(key=lambda p: (p.node.start, p.message))
    return problems


def _service_errors(value: Any) -> list[Any]:
    key = json.dumps(value, sort_keys=True, default=str)
    found = _SERVICE_ERRORS.get(key)
    if found is None:
        found = list(_validator("service").iter_errors(value))
        if len(_SERVICE_ERRORS) >= _SERVICE_ERRORS_MAX:
            _SERVICE_ERRORS.clear()
        _SERVICE_ERRORS[key] = found
    return found


def plain(node: Node) -> Any:
    """The value Compose reads from ``node``: merge keys expanded, ``!reset`` entries removed."""
    if isinstance(node, Mapping):
        return {
            str(k.value): plain(v)
            for k, v in node.items()
            if isinstance(k, Scalar) and not is_merge_key(k) and v.tag != "!reset"
        }
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items if item.tag != "!reset"]
    if isinstance(node, Scalar):
        return node.python
    return None


def _closest(error: Any) -> tuple[Any, list[str]]:
    """Down a oneOf/anyOf failure to the branch the value was meant for: the branches whose type it
    has, best first by jsonschema's own ranking. When it has the type of none of them, the error
    itself and every type the branches accept (``a list or a mapping``)."""
    from jsonschema.exceptions import best_match

    while error.context:
        wrong_type = [e for e in error.context if e.validator == "type" and not e.relative_path]
        meant = [e for e in error.context if e not in wrong_type]
        if not meant:
            return error, _types_of(wrong_type)
        error = best_match(meant)
    return error, []


def _types_of(errors: list[Any]) -> list[str]:
    found: list[str] = []
    for e in errors:
        found += e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
    return list(dict.fromkeys(found))


def _problems(error: Any, root: Mapping, service: str | None = None) -> list[SchemaProblem]:
    """What ``error`` says, at its node; ``service``: the error is about that service's value alone."""
    error, types = _closest(error)
    path = (["services", service] if service is not None else []) + list(error.absolute_path)
    if path[:1] == ["version"] or _unknowable(error.instance):
        return []
    key, node = node_at(root, path)
    if node is None:
        return []
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(node, Mapping):
        return list(_unknown_keys(node, error.schema, path))
    anchor = node if isinstance(node, Scalar) or key is None else key  # a block value: its key
    return [SchemaProblem("invalid", anchor, _message(error, path, types))]


def _unknowable(instance: Any) -> bool:
    return isinstance(instance, str) and interpolated(instance)


def node_at(root: Mapping, path: list[Any]) -> tuple[Node | None, Node | None]:
    """The (key, value) nodes at a JSON path; the key is None for list items and the root."""
    key: Node | None = None
    node: Node | None = root
    for step in path:
        if isinstance(node, Mapping) and isinstance(step, str):
            pair = node.pair(step)
            if pair is None:
                return None, None
            key, node = pair
        elif isinstance(node, Sequence) and isinstance(step, int):
            items = [item for item in node.items if item.tag != "!reset"]
            if step >= len(items):
                return None, None
            key, node = None, items[step]
        else:
            return None, None
    return key, node


def _unknown_keys(node: Mapping, schema: dict[str, Any], path: list[Any]) -> Iterator[SchemaProblem]:
    names, patterns = known_keys(schema)
    for key, _value in node.pairs:
        if not isinstance(key, Scalar) or is_merge_key(key):
            continue
        name = str(key.value)
        if name in names or any(re.search(p, name) for p in patterns):
            continue
        if not names and any(_NAME_PATTERN.match(p) for p in patterns):
            message = f'"{name}" is not a valid name in {_where(path)}: use letters, digits, ".", "_" and "-"'
            yield SchemaProblem("invalid", key, message)
            continue
        found = candidates(name, names)
        hint = f"; {did_you_mean(found)}" if found else ""
        yield SchemaProblem("unknown-key", key, f'unknown key "{name}" in {_where(path)}{hint}', rename_fix(key, found))


def _where(path: list[Any]) -> str:
    """Where a path points, in the words of the file: ``service "web"``, ``"build" of service "web"``."""
    if not path:
        return "the top level"
    if len(path) >= 2 and path[0] in ("services", "networks", "volumes", "secrets", "configs", "models"):
        owner = f'{path[0].rstrip("s")} "{path[1]}"'
        inner = [str(step) for step in path[2:] if isinstance(step, str)]
        return f'"{".".join(inner)}" of {owner}' if inner else owner
    steps = [str(step) for step in path if isinstance(step, str)]
    return f'"{".".join(steps)}"' if steps else "the top level"


def _message(error: Any, path: list[Any], types: list[str]) -> str:
    what = _where(path[:-1] if path and isinstance(path[-1], int) else path)
    if path and isinstance(path[-1], int):
        what = f"an item of {what}"
    if types or error.validator == "type":
        expected = types or _types_of([error])
        names = " or ".join(TYPE_NAMES.get(t, t) for t in expected)
        return f"{what} must be {names}, not {_type_of(error.instance)}"
    if error.validator == "enum":
        choices = ", ".join(f'"{c}"' for c in error.validator_value)
        return f"{what} must be one of {choices}, not {_shown(error.instance)}"
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return f"{what} is missing the required key{'s' if len(missing) > 1 else ''} " + ", ".join(
            f'"{m}"' for m in missing
        )
    if error.validator == "uniqueItems":
        return f"{what} lists the same value twice"
    if error.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "maximum": "at most"}.get(error.validator, "beyond")
        return f"{what} must be {bound} {error.validator_value}, not {_shown(error.instance)}"
    if error.validator == "pattern":
        return f"{what}: {_shown(error.instance)} is not in the expected format"
    return f"{what}: {error.message[:160]}"


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty"


def _shown(value: Any) -> str:
    shown = json.dumps(value) if not isinstance(value, (dict, list)) else _type_of(value)
    return shown if len(shown) <= 60 else shown[:57] + '..."'


def child(schema: dict[str, Any], step: str | None) -> dict[str, Any] | None:
    """The schema of a mapping's key ``step`` (or of a list item, for None) under ``schema``: through
    ``$ref``, ``allOf`` and the branches of ``oneOf``/``anyOf`` that hold mappings or lists."""
    for option in options(schema):
        if step is None:
            items = option.get("items")
            if isinstance(items, dict):
                return items
            continue
        properties = option.get("properties") or {}
        if step in properties:
            return dict(properties[step])
        for pattern, sub in (option.get("patternProperties") or {}).items():
            if re.search(pattern, step):
                return dict(sub)
        extra = option.get("additionalProperties")
        if isinstance(extra, dict):
            return extra
    return None


def options(schema: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """``schema`` and every schema it combines (allOf, oneOf, anyOf), references followed."""
    schema = resolve(schema)
    found = [schema]
    if depth < 6:
        for key in ("allOf", "oneOf", "anyOf"):
            for part in schema.get(key, ()):
                found += options(part, depth + 1)
    return found


def schema_at(steps: list[str | None]) -> dict[str, Any] | None:
    """The schema of the value at a path of keys (None: a list item) from the file's root."""
    schema: dict[str, Any] | None = load_schema()
    for step in steps:
        schema = child(schema, step) if schema is not None else None
    return resolve(schema) if schema is not None else None


def type_names(schema: dict[str, Any]) -> list[str]:
    """The JSON types a value may take, through the branches of oneOf/anyOf."""
    found: list[str] = []
    for option in options(schema):
        declared = option.get("type")
        found += declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else []
    return list(dict.fromkeys(found))
