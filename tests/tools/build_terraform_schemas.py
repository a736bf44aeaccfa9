"""Build the Terraform provider schema extract that hovers read: one file per provider,
``server/infragenius/languages/terraform/data/providers/<name>.json.gz``.

Source: the prebuilt CDK for Terraform provider packages on npm (``@cdktf/provider-aws`` ...). Each
ships a jsii assembly (``package/.jsii``) generated from the provider's own schema
(``terraform providers schema -json``): every resource, data source and the provider block, with
each argument's description, whether it is required, its type, and the nested blocks. We keep only
that (about 1 MB gzipped from ~300 MB of assemblies), keyed by Terraform names: the Terraform name of
an argument is the anchor of its registry link (``#cleanup_on_fail``), not the camelCase property.

Re-run it to move to newer providers (needs ``npm`` and the npm registry):

    .venv/bin/python tests/tools/build_terraform_schemas.py            # the versions pinned below
    .venv/bin/python tests/tools/build_terraform_schemas.py --from DIR # already-downloaded .tgz files

Each file records the package version and the provider version it was generated from:
``{"provider": {"package", "terraform_provider", "docs", "schema"}, "resource": {type: block},
"data": {type: block}}``, a block being ``{"args": {name: [description, "required"|"optional",
type]}, "blocks": {name: block + "nesting", "presence", "description"}}``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "server/infragenius/languages/terraform/data/providers"
# package -> version: the newest releases when this extract was built (2025-12)
PACKAGES = {
    "aws": "21.22.1",
    "azurerm": "14.23.1",
    "google": "16.12.1",
    "kubernetes": "12.1.1",
    "helm": "12.1.2",
}
DESCRIPTION_CHARS = 600  # a hover shows a paragraph; the registry page has the rest

_LINK = re.compile(r"\{@link\s+(\S+)\s+([^}]*)\}")
_REGISTRY = re.compile(
    r"registry\.terraform\.io/providers/([^/]+)/([^/]+)/([^/]+)/docs(?:/(resources|data-sources)/(\w+))?"
)
_DOCS_AT = re.compile(r"\s*Docs at Terraform Registry:.*$", re.DOTALL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path, help="folder holding cdktf-provider-<name>-<version>.tgz")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.source or Path(scratch)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        for name, version in PACKAGES.items():
            tarball = folder / f"cdktf-provider-{name}-{version}.tgz"
            if not tarball.exists():
                subprocess.run(["npm", "pack", f"@cdktf/provider-{name}@{version}"], cwd=folder, check=True)
            out: dict[str, Any] = {"resource": {}, "data": {}}
            extract(name, version, _assembly(tarball), out)
            data = json.dumps(out, separators=(",", ":"), sort_keys=True).encode()
            target = OUTPUT / f"{name}.json.gz"
            target.write_bytes(gzip.compress(data, 9, mtime=0))
            provider = out["provider"]["terraform_provider"]
            print(
                f"{name} {version} ({provider}): {len(data) // 1024} KiB, {target.stat().st_size // 1024} KiB gzipped"
            )
    return 0


def _assembly(tarball: Path) -> dict[str, Any]:
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/.jsii")
        assert member is not None
        assembly = json.load(member)
        if assembly.get("schema") == "jsii/file-redirect":  # large assemblies are stored compressed
            packed = archive.extractfile(f"package/{assembly['filename']}")
            assert packed is not None
            assembly = json.loads(gzip.decompress(packed.read()))
    return assembly


def extract(name: str, version: str, assembly: dict[str, Any], out: dict[str, Any]) -> None:
    types: dict[str, Any] = assembly["types"]
    for fqn, spec in types.items():
        if spec.get("kind") != "class":
            continue
        found = _REGISTRY.search(spec.get("docs", {}).get("summary", ""))
        if not found:
            continue
        namespace, provider, provider_version, section, _ = found.groups()
        config = types.get(f"{fqn}Config")
        if config is None:
            continue
        body = _block(config, types, depth=0)
        terraform_name = _LINK.search(spec["docs"]["summary"]).group(2).strip()  # type: ignore[union-attr]
        if section is None:  # the provider block itself
            out["provider"] = {
                "package": f"@cdktf/provider-{name}@{version}",
                "terraform_provider": f"{namespace}/{provider} {provider_version}",
                "docs": f"https://registry.terraform.io/providers/{namespace}/{provider}/{provider_version}/docs",
                "schema": body,
            }
        else:
            computed = _computed(spec, body, types)
            if computed:
                body["computed"] = computed
            out["resource" if section == "resources" else "data"][terraform_name] = body


def _block(interface: dict[str, Any], types: dict[str, Any], depth: int) -> dict[str, Any]:
    """{"args": {name: [description, "required"|"optional", type]}, "blocks": {name: {..., "nesting"}}}"""
    args: dict[str, list[str]] = {}
    blocks: dict[str, Any] = {}
    for prop in interface.get("properties", ()):
        docs = prop.get("docs", {})
        name = _terraform_name(prop["name"], docs)
        presence = "optional" if prop.get("optional") else "required"
        nested, nesting = _nested(prop["type"], types)
        if nested is not None and depth < 8:
            block = _block(nested, types, depth + 1)
            block["nesting"], block["presence"] = nesting, presence
            description = _description(docs)
            if description and description != f"{name} block.":  # generated, says nothing
                block["description"] = description
            blocks[name] = block
        else:
            args[name] = [_description(docs), presence, _type(prop["type"])]
    out: dict[str, Any] = {"args": args}
    if blocks:
        out["blocks"] = blocks
    return out


def _computed(resource: dict[str, Any], body: dict[str, Any], types: dict[str, Any]) -> dict[str, str]:
    """Attributes only the provider sets (``arn``): the class's read-only properties that are neither
    arguments, blocks nor their ``...Input`` echoes; name -> type. cdktf documents none of them."""
    written = set(body["args"]) | set(body.get("blocks", {}))
    out: dict[str, str] = {}
    for prop in resource.get("properties", ()):
        camel = prop["name"]
        if not prop.get("immutable") or prop.get("static") or camel.endswith("Input") or prop.get("protected"):
            continue
        name = _terraform_name(camel, {})
        if name in written or name in ("fqn", "friendly_unique_id", "node", "terraform_meta_arguments"):
            continue
        spec = _resolved(prop["type"])
        if "fqn" in spec and not spec["fqn"].startswith("cdktf."):
            out[name] = "object" if not spec["fqn"].endswith("List") else "list(object)"
        elif "fqn" not in spec:
            out[name] = _type(spec)
    return out


def _terraform_name(camel: str, docs: dict[str, str]) -> str:
    for text in (docs.get("remarks", ""), docs.get("summary", "")):
        for url, _ in _LINK.findall(text):
            if "#" in url:
                return url.rsplit("#", 1)[1]
    return re.sub(r"(?<!^)([A-Z])", r"_\1", camel).lower()


def _description(docs: dict[str, str]) -> str:
    text = " ".join(part for part in (docs.get("summary", ""), docs.get("remarks", "")) if part)
    text = _DOCS_AT.sub("", text).strip()
    if text.startswith("Docs at Terraform Registry"):
        return ""
    text = _LINK.sub(lambda m: m.group(2), text)
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def _nested(spec: dict[str, Any], types: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The interface of a nested block and how it nests ("single", "list"), or (None, "")."""
    spec = _resolved(spec)
    if "fqn" in spec and types.get(spec["fqn"], {}).get("kind") == "interface":
        return types[spec["fqn"]], "single"
    collection = spec.get("collection")
    if collection and collection["kind"] == "array":
        element = _resolved(collection["elementtype"])
        if "fqn" in element and types.get(element["fqn"], {}).get("kind") == "interface":
            return types[element["fqn"]], "list"
    return None, ""


def _resolved(spec: dict[str, Any]) -> dict[str, Any]:
    """A union with ``cdktf.IResolvable`` (a value or a reference) stands for its other member."""
    union = spec.get("union")
    if union:
        members = [t for t in union["types"] if t.get("fqn") != "cdktf.IResolvable"]
        if len(members) == 1:
            return members[0]
    return spec


def _type(spec: dict[str, Any]) -> str:
    spec = _resolved(spec)
    if "primitive" in spec:
        return {"boolean": "bool", "json": "any"}.get(spec["primitive"], spec["primitive"])
    collection = spec.get("collection")
    if collection:
        kind = "list" if collection["kind"] == "array" else "map"
        return f"{kind}({_type(collection['elementtype'])})"
    return "any"


if __name__ == "__main__":
    raise SystemExit(main())
