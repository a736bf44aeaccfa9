"""Validate Kubernetes objects against the OpenAPI schemas of the built-in kinds.

The schemas come from ``kubernetes-validate`` (PyPI), which bundles the JSON schemas generated from
Kubernetes' OpenAPI document for each release; we read its newest "strict" set (unknown fields not
allowed, as ``kubectl apply`` with server-side field validation). One file, ``_definitions.json``,
holds every type; each top-level kind carries its ``x-kubernetes-group-version-kind``, so that file
alone maps (apiVersion, kind) to a schema. It is loaded once, on first use (~40 ms).

We walk our own position-keeping YAML nodes rather than run a generic JSON Schema validator: every
problem is reported at the exact key or value, all problems are reported (not the first), and
values we cannot judge (templates, placeholders, YAML 1.1 booleans) are skipped. Kinds without a
schema (custom resources, removed API versions) are not validated at all.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...core.findings import Fix
from ...core.suggest import candidates
from ...core.suggest import did_you_mean as suggest_text
from ..yaml import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    Mapping,
    Node,
    Scalar,
    Sequence,
    is_merge_key,
)
from ..yaml.fixes import rename_fix
from .model import TEMPLATED, YAML11_FALSE, YAML11_TRUE

log = logging.getLogger(__name__)
_YAML11_BOOL = YAML11_TRUE | YAML11_FALSE  # booleans for the API server (see model.py)
_DEF_PREFIX = "#/$defs/"


@dataclass(frozen=True)
class SchemaProblem:
    kind: str  # "unknown-field", "type" or "required"
    node: Node
    message: str
    where: str = ""  # "required": the object missing the fields (Deployment.spec) and the fields
    missing: tuple[str, ...] = ()
    fix: Fix | None = None  # "unknown-field": the rename to the field it is a misspelling of

    def without(self, name: str) -> SchemaProblem | None:
        """This "required" problem once something else supplies field ``name``; None if nothing is left."""
        missing = tuple(m for m in self.missing if m != name)
        if missing == self.missing:
            return self
        return missing_fields(self.node, self.where, missing) if missing else None


def missing_fields(anchor: Node, where: str, missing: tuple[str, ...]) -> SchemaProblem:
    names = ", ".join(f"'{m}'" for m in missing)
    message = f"{where} is missing required field{'s' if len(missing) > 1 else ''} {names}"
    return SchemaProblem("required", anchor, message, where, missing)


@dataclass
class Schemas:
    version: str
    definitions: dict[str, Any]
    kinds: dict[tuple[str, str], str]  # (apiVersion, kind) -> definition name

    def for_object(self, api_version: str, kind: str) -> dict[str, Any] | None:
        name = self.kinds.get((api_version, kind))
        return self.definitions.get(name) if name else None

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 16:  # a ref to a ref: follow, bounded
            ref = schema["$ref"]
            name = ref[ref.index(_DEF_PREFIX) + len(_DEF_PREFIX) :] if _DEF_PREFIX in ref else ""
            schema = self.definitions.get(name, {})
            seen += 1
        return schema


@lru_cache(maxsize=1)
def load_schemas() -> Schemas | None:
    """The newest bundled schema set, or None (and a warning once) when the package is missing."""
    try:
        from importlib import resources

        base = resources.files("kubernetes_validate").joinpath("kubernetes-json-schema")
        versions = [p.name for p in base.iterdir() if p.name.endswith("-local-strict")]
    except (ImportError, ModuleNotFoundError, FileNotFoundError, OSError):
        log.warning("kubernetes-validate is not installed: schema validation of manifests is off")
        return None
    if not versions:
        return None
    newest = max(versions, key=_version_key)
    definitions = json.loads(base.joinpath(newest, "_definitions.json").read_text(encoding="utf-8"))["$defs"]
    kinds: dict[tuple[str, str], str] = {}
    for name, schema in definitions.items():
        if name.endswith("List"):
            continue  # ``kind: List`` items are validated one by one
        for gvk in schema.get("x-kubernetes-group-version-kind", ()):
            group, version = gvk.get("group", ""), gvk.get("version", "")
            api = f"{group}/{version}" if group else version
            kinds.setdefault((api, gvk.get("kind", "")), name)
    return Schemas(newest.split("-")[0].lstrip("v"), definitions, kinds)


def _version_key(name: str) -> tuple[int, ...]:
    digits = re.findall(r"\d+", name.split("-")[0])
    return tuple(int(d) for d in digits)


def validate(root: Mapping, api_version: str, kind: str) -> list[SchemaProblem]:
    """Problems of one object; empty when its kind has no schema (CRDs, removed APIs)."""
    schemas = load_schemas()
    schema = schemas.for_object(api_version, kind) if schemas else None
    if schema is None:
        return []
    problems: list[SchemaProblem] = []
    _Walker(schemas, problems).node(root, schema, kind, None)
    return problems


class _Walker:
    def __init__(self, schemas: Schemas, problems: list[SchemaProblem]):
        self.schemas = schemas
        self.problems = problems

    def node(self, node: Node, schema: dict[str, Any], where: str, key: Node | None) -> None:
        schema = self.schemas.resolve(schema)
        types = _types(self.schemas, schema)
        if types is None:
            return  # anything goes (RawExtension, JSON)
        actual = _actual(node)
        if actual is None:
            return  # null, a placeholder or an unresolvable alias: unknown
        if not _accepts(types, actual, node):
            at = node if isinstance(node, Scalar) or key is None else key  # a block value: its key
            self.problems.append(SchemaProblem("type", at, _type_message(where, types, actual, node)))
            return
        if actual == "object" and isinstance(node, Mapping):
            self.mapping(node, schema, where, key)
        elif actual == "array" and isinstance(node, Sequence):
            items = schema.get("items")
            if isinstance(items, dict):
                for i, item in enumerate(node.items):
                    self.node(item, items, f"{where}[{i}]", None)

    def mapping(self, node: Mapping, schema: dict[str, Any], where: str, key: Node | None) -> None:
        properties: dict[str, Any] = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        if any(is_merge_key(k) for k, _ in node.pairs):
            return  # merged from elsewhere: what the object finally holds is beyond a simple walk
        present = {str(k.value) for k, _ in node.pairs if isinstance(k, Scalar)}
        for k, v in node.pairs:
            if not isinstance(k, Scalar) or TEMPLATED.search(str(k.value)):
                continue
            name = str(k.value)
            if name in properties:
                self.node(v, properties[name], f"{where}.{name}", k)
            elif isinstance(extra, dict):
                self.node(v, extra, f"{where}.{name}", k)
            elif extra is False and properties:
                self.problems.append(_unknown_field(k, where, properties, present))
        misspelt = {p.lower() for p in present}  # "containerport" is reported as unknown, not twice
        missing = [r for r in schema.get("required", ()) if r not in present and r.lower() not in misspelt]
        if missing and properties:
            anchor = key if key is not None else (node.pairs[0][0] if node.pairs else node)
            self.problems.append(missing_fields(anchor, where, tuple(missing)))


def _types(schemas: Schemas, schema: dict[str, Any]) -> set[str] | None:
    if "oneOf" in schema or "anyOf" in schema:  # IntOrString, Quantity: the union of the choices
        out: set[str] = set()
        for choice in schema.get("oneOf", []) + schema.get("anyOf", []):
            sub = _types(schemas, schemas.resolve(choice))
            if sub is None:
                return None
            out |= sub
        return out
    declared = schema.get("type")
    if declared is None:
        return {"object"} if "properties" in schema or "additionalProperties" in schema else None
    declared = [declared] if isinstance(declared, str) else list(declared)
    return {t for t in declared if t != "null"} or None


def _actual(node: Node) -> str | None:
    if isinstance(node, Mapping):
        return "object"
    if isinstance(node, Sequence):
        return "array"
    if not isinstance(node, Scalar):
        return None
    if node.type == NULL:
        return None
    if node.type == STR:
        return None if TEMPLATED.search(node.value) else "string"
    return {BOOL: "boolean", INT: "integer", FLOAT: "number"}.get(node.type)  # custom tags: unknown


def _accepts(types: set[str], actual: str, node: Node) -> bool:
    if actual in types:
        return True
    if actual == "integer" and "number" in types:
        return True
    if actual == "number" and "integer" in types and isinstance(node, Scalar) and float(node.python).is_integer():
        return True  # 1.0 is an integer for JSON
    return "boolean" in types and isinstance(node, Scalar) and node.style == "" and node.value in _YAML11_BOOL


_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
}


def _type_message(where: str, types: set[str], actual: str, node: Node) -> str:
    wanted = " or ".join(_NAMES.get(t, t) for t in sorted(types))
    shown = f" {node.value!r}" if isinstance(node, Scalar) and len(node.value) <= 40 else ""
    hint = ""
    if types == {"string"} and actual in ("integer", "number", "boolean"):
        hint = " (quote it)"
    return f"{where} must be {wanted}, not {_NAMES.get(actual, actual)}{shown}{hint}"


def _unknown_field(key: Scalar, where: str, properties: dict[str, Any], present: set[str]) -> SchemaProblem:
    """The problem of an unknown field, with the rename to the field it means. None when that field
    is set beside it: the rename would make a duplicate (the misspelt one is a leftover to delete)."""
    name = str(key.value)
    message = f"Unknown field '{name}' in {where}"
    found = candidates(name, properties, cutoff=0.75)
    if not found:
        return SchemaProblem("unknown-field", key, message)
    if found[0] in present:
        return SchemaProblem("unknown-field", key, f"{message} (a misspelling of '{found[0]}', which is set too)")
    hint = suggest_text(found, quote="'")
    return SchemaProblem("unknown-field", key, f"{message} ({hint})", fix=rename_fix(key, found))
