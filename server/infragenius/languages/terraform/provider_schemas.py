"""The shipped schema extract of the common providers (aws, azurerm, google, kubernetes, helm):
for each resource, data source and provider block, its arguments (description, required or optional,
type), nested blocks and the attributes only the provider sets (``arn``). Built by ``tests/tools/build_terraform_schemas.py`` from the prebuilt CDK
for Terraform provider packages; each file says which provider version it describes.

One gzipped JSON file per provider under ``data/providers/``, read on the first hover that needs it
(each in 20 to 60 ms of CPU).
"""

from __future__ import annotations

import gzip
import json
import logging
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

PROVIDERS = ("aws", "azurerm", "google", "kubernetes", "helm")


@dataclass(frozen=True)
class Argument:
    name: str
    description: str
    required: bool
    type: str


@dataclass(frozen=True)
class BlockSchema:
    """A resource, data source, provider or nested block: what may be written in it."""

    name: str
    arguments: dict[str, Argument]
    blocks: dict[str, BlockSchema]
    description: str = ""
    nesting: str = ""  # "single" or "list" for nested blocks
    required: bool = False
    computed: dict[str, str] = field(default_factory=dict)  # attributes only the provider sets -> type


@dataclass(frozen=True)
class Provider:
    name: str  # "aws"
    source: str  # "hashicorp/aws"
    version: str  # the provider version the extract describes ("6.25.0")
    docs: str  # the registry documentation of that version


def provider_of(type_name: str) -> str | None:
    """The shipped provider a resource type belongs to (``aws_s3_bucket`` -> ``aws``)."""
    prefix = type_name.split("_", 1)[0]
    return prefix if prefix in PROVIDERS and "_" in type_name else None


def provider(name: str) -> Provider | None:
    data = _load(name)
    if data is None:
        return None
    meta = data["provider"]
    source, _, version = meta["terraform_provider"].partition(" ")
    return Provider(name, source, version, meta["docs"])


@cache
def provider_block(name: str) -> BlockSchema | None:
    data = _load(name)
    return _block(name, data["provider"]["schema"]) if data is not None else None


@cache  # built once per type: a deep one (kubernetes_deployment) takes 2 ms
def type_schema(kind: str, type_name: str) -> BlockSchema | None:
    """The schema of ``resource``/``data`` block type ``type_name``; None when not shipped."""
    name = provider_of(type_name)
    data = _load(name) if name else None
    section = "resource" if kind == "resource" else "data"
    found = data[section].get(type_name) if data is not None and kind in ("resource", "data") else None
    return _block(type_name, found) if found is not None else None


def docs_url(kind: str, type_name: str) -> str | None:
    """The registry page of a resource or data source, at the version the extract describes."""
    name = provider_of(type_name)
    meta = provider(name) if name else None
    if meta is None:
        return None
    section = "resources" if kind == "resource" else "data-sources"
    return f"{meta.docs}/{section}/{type_name.split('_', 1)[1]}"


def _block(name: str, raw: dict[str, Any]) -> BlockSchema:
    arguments = {
        key: Argument(key, description, presence == "required", type_)
        for key, (description, presence, type_) in raw.get("args", {}).items()
    }
    blocks = {key: _block(key, value) for key, value in raw.get("blocks", {}).items()}
    return BlockSchema(
        name,
        arguments,
        blocks,
        raw.get("description", ""),
        raw.get("nesting", ""),
        raw.get("presence") == "required",
        dict(raw.get("computed", {})),
    )


@cache
def _load(name: str) -> dict[str, Any] | None:
    if name not in PROVIDERS:
        return None
    try:
        packed = resources.files(__package__).joinpath("data", "providers", f"{name}.json.gz").read_bytes()
        data: dict[str, Any] = json.loads(gzip.decompress(packed))
        return data
    except (OSError, ValueError):  # a broken install: hovers go without the schema
        log.warning("the %s provider schema could not be read", name, exc_info=True)
        return None
