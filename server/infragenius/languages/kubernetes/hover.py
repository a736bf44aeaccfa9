"""Hover in Kubernetes manifests: every field's documentation from the OpenAPI schema the server ships
(schema.py), as the YAML language server shows it: the field's path, type, whether it is required,
its description, its allowed values and a link to the API reference of the type that holds it.

``apiVersion`` and ``kind`` show the kind's description and the API versions that serve it, and say
when the written version was removed (and by what it was replaced). Kinds without a schema (custom
resources) say so on those two keys and show nothing elsewhere: we do not guess fields.

Hover walks the chain of nodes under the cursor (path_at) and the schema beside it: a few dict
look-ups per level, well under a millisecond on a 1,000-line manifest once the schema is loaded.
"""

from __future__ import annotations

import re
from typing import Any

from ...core.document import Document, Position, Range
from ..yaml import Node, Scalar, path_at
from .completion import allowed_values, type_name
from .model import Manifests, Resource
from .schema import Schemas, load_schemas

_REFERENCE = "https://kubernetes.io/docs/reference/generated/kubernetes-api/v{version}/#{anchor}"
# io.k8s.api.<package>.<version>.<Type> and io.k8s.apimachinery.pkg.apis.meta.v1.<Type>
_API_TYPE = re.compile(
    r"^io\.k8s\.(?:api\.(?P<package>\w+)|apimachinery\.pkg\.apis\.(?P<meta>meta))\.(?P<version>v\w+)\.(?P<type>\w+)$"
)
# the API reference names a type's group in its anchors: the legacy groups bare, the others in full
_BARE_GROUPS = {"core", "apps", "batch", "policy", "autoscaling", "meta"}
_GROUPS = {
    "rbac": "rbac.authorization.k8s.io",
    "flowcontrol": "flowcontrol.apiserver.k8s.io",
    "apiserverinternal": "internal.apiserver.k8s.io",
    "apiextensions": "apiextensions.k8s.io",
}
_KUSTOMIZE_GROUP = "kustomize.config.k8s.io/"
_KUSTOMIZE = (
    "Kustomize's own file, read by `kubectl apply -k` and `kustomize build`, never sent to the cluster. "
    "[Kustomization reference](https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/)"
)


def hover(document: Document, model: Manifests | None, position: Position) -> tuple[str, Range] | None:
    if model is None:
        return None
    offset = document.offset_at(position)
    resource = next((r for r in model.resources if r.root.contains(offset)), None)
    if resource is None:
        return None
    chain = path_at(resource.root, offset)
    if len(chain) < 2:
        return None
    key, node = chain[-1]
    if not isinstance(node, Scalar):
        return None  # between keys, on a dash: nothing in particular is pointed at
    schemas = load_schemas()
    if len(chain) == 2 and isinstance(key, Scalar) and key.value in ("apiVersion", "kind"):
        return _kind_text(schemas, resource), node.range
    if schemas is None:
        return None
    field = _field(schemas, resource, chain)
    return (field, node.range) if field else None


# -- kind and apiVersion -------------------------------------------------------------------------
def _kind_text(schemas: Schemas | None, resource: Resource) -> str:
    from .rules.objects import REMOVED_APIS  # the facts the removed-API rule reports

    kind, api = resource.kind, resource.api_version
    lines = [f"**{kind}** (`{api}`)"]
    removed = REMOVED_APIS.get((api, kind)) or REMOVED_APIS.get((api, "*"))
    if removed is not None:
        replacement, version = removed
        lines.append(f"Removed in Kubernetes {version}: use {replacement}.")
    if schemas is None:
        return "\n\n".join(lines)
    name = schemas.kinds.get((api, kind))
    served = sorted(a for (a, k) in schemas.kinds if k == kind)
    if api.startswith(_KUSTOMIZE_GROUP):
        lines.append(_KUSTOMIZE)
        return "\n\n".join(lines)
    if name is None and not served:
        lines.append(
            f"Not a built-in kind of Kubernetes {_minor(schemas)} (a custom resource?): its fields are not checked here."
        )
        return "\n\n".join(lines)
    if name is None and removed is None:
        lines.append(f"`{api}` does not serve {kind} in Kubernetes {_minor(schemas)}.")
    if name is not None:
        lines.append(schemas.definitions[name].get("description", ""))
    lines.append("Served as: " + ", ".join(f"`{a}`" for a in served))
    link = _link(schemas, name or schemas.kinds[(served[-1], kind)])
    if link:
        lines.append(link)
    return "\n\n".join(line for line in lines if line)


# -- fields ----------------------------------------------------------------------------------------
def _field(schemas: Schemas, resource: Resource, chain: list[tuple[Node | None, Node]]) -> str | None:
    """The documentation of the field the chain ends in (on its key or its value); None off the schema."""
    holder = schemas.kinds.get((resource.api_version, resource.kind))
    schema: dict[str, Any] | None = schemas.definitions.get(holder) if holder else None
    if schema is None:
        return None  # a custom resource or a removed API: no fields to document
    path, required, inherited = resource.kind, False, ""
    for key, _node in chain[1:]:  # on a key, the chain ends in (key, key): the same step as its value
        resolved, name = _resolve(schemas, schema)
        holder = name or holder
        inherited = resolved.get("description", "") or inherited  # a list item or map entry: its collection's
        if key is None:  # a list item
            items = resolved.get("items")
            schema, path, required = (items if isinstance(items, dict) else None), path + "[]", False
        elif isinstance(key, Scalar):
            field = str(key.value)
            properties = resolved.get("properties") or {}
            extra = resolved.get("additionalProperties")
            if field in properties:
                schema, required, inherited = properties[field], field in resolved.get("required", ()), ""
            elif isinstance(extra, dict) and not properties:  # an entry of a map (labels, data)
                schema, required = extra, False
            else:
                return None  # an unknown field: the schema rule reports it
            path = f"{path}.{field}"
        if schema is None:
            return None
    return _describe(schemas, schema, path, required, inherited, holder)


def _resolve(schemas: Schemas, schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The schema with its references followed, and the name of the definition it ends in."""
    name = None
    for _ in range(16):  # a ref to a ref: follow, bounded (as Schemas.resolve)
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            break
        name = ref.rsplit("/", 1)[-1]
        schema = schemas.definitions.get(name, {})
    return schema, name


def _describe(
    schemas: Schemas, schema: dict[str, Any], path: str, required: bool, inherited: str, holder: str | None
) -> str:
    resolved, _ = _resolve(schemas, schema)
    head = f"**`{path}`** `{type_name(schemas, schema)}`" + (" (required)" if required else "")
    description = schema.get("description") or resolved.get("description") or inherited
    parts = [head, description.strip()]
    values = allowed_values({**resolved, **schema})
    if values:
        parts.append("Allowed values: " + ", ".join(f"`{v}`" for v in values))
    parts.append(_link(schemas, holder))
    return "\n\n".join(p for p in parts if p)


def _link(schemas: Schemas, definition: str | None) -> str:
    """A link to the type's section of the generated API reference, for Kubernetes' own types."""
    match = _API_TYPE.match(definition or "")
    if match is None:
        return ""
    package = match.group("package") or match.group("meta")
    group = package if package in _BARE_GROUPS else _GROUPS.get(package, f"{package}.k8s.io")
    type_, version = match.group("type"), match.group("version")
    anchor = f"{type_.lower()}-{version}-{group.replace('.', '-')}"
    url = _REFERENCE.format(version=_minor(schemas), anchor=anchor)
    return f"[{type_} {version} API reference]({url})"


def _minor(schemas: Schemas) -> str:
    return ".".join(schemas.version.split(".")[:2])
