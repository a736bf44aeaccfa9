"""Declarations: variables and outputs documented and typed, providers and Terraform pinned,
module sources pinned, nothing declared twice."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....core.document import Range
from ....core.findings import Edit, Finding, Fix, Related, Severity
from ..hcl import Block, node_text
from ..model import TerraformModel
from ..values import Evaluator
from ._base import TerraformRule

# Resource type prefixes served by Terraform itself, not by a provider plugin.
_BUILTIN_PROVIDERS = frozenset({"terraform"})


class VariableWithoutType(TerraformRule):
    """Variable without a ``type``.

    Without a type any value is accepted and errors show up far from their cause. When the default is
    a string, number or bool the quick fix adds the matching type.

    Bad:
        variable "name" { default = "x" }

    Good:
        variable "name" {
          type    = string
          default = "x"
        }
    """

    code = "TF003"
    name = "variable-without-type"
    message = "Variable has no type"
    severity = Severity.WARNING
    tags = ("best-practice",)
    aliases = ("tflint:terraform_typed_variables",)
    fixable = True
    override_files = False  # partial blocks, merged into the primary declaration

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        ev = Evaluator(None)
        for block in model.file.top("variable"):
            if not block.labels or block.attr("type") is not None:
                continue
            fix = None
            default = block.attr("default")
            if default is not None:
                value = ev.value(default.expr)
                kind = {str: "string", bool: "bool", int: "number", float: "number"}.get(type(value))
                if kind:
                    indent = " " * default.range.start.column
                    fix = Fix(
                        f"Add `type = {kind}`",
                        (Edit(Range(default.range.start, default.range.start), f"type = {kind}\n{indent}"),),
                    )
            yield self.finding(block.header_range, f"Variable `{block.labels[0]}` has no type", fix=fix)


class VariableWithoutDescription(TerraformRule):
    """Variable without a ``description``.

    The description is what module users read (registry docs, terraform-docs, hovers).

    Bad:
        variable "name" { type = string }

    Good:
        variable "name" {
          type        = string
          description = "Name of the bucket"
        }
    """

    code = "TF004"
    name = "variable-without-description"
    message = "Variable has no description"
    severity = Severity.INFORMATION
    tags = ("best-practice",)
    aliases = ("tflint:terraform_documented_variables",)
    override_files = False  # partial blocks, merged into the primary declaration

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        for block in model.file.top("variable"):
            desc = block.attr("description")
            if block.labels and (desc is None or node_text(desc.expr).strip() in ('""', "null")):
                yield self.finding(block.header_range, f"Variable `{block.labels[0]}` has no description")


class OutputWithoutDescription(TerraformRule):
    """Output without a ``description``.

    Bad:
        output "id" { value = aws_s3_bucket.b.id }

    Good:
        output "id" {
          description = "ID of the bucket"
          value       = aws_s3_bucket.b.id
        }
    """

    code = "TF005"
    name = "output-without-description"
    message = "Output has no description"
    severity = Severity.INFORMATION
    tags = ("best-practice",)
    aliases = ("tflint:terraform_documented_outputs",)
    override_files = False  # partial blocks, merged into the primary declaration

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        for block in model.file.top("output"):
            desc = block.attr("description")
            if block.labels and (desc is None or node_text(desc.expr).strip() in ('""', "null")):
                yield self.finding(block.header_range, f"Output `{block.labels[0]}` has no description")


def _required_providers(model: TerraformModel) -> dict[str, tuple[Block, object]]:
    """Local provider name -> (required_providers block, its attribute) over the module."""
    out: dict[str, tuple[Block, object]] = {}
    for tf in model.module.terraform_blocks:
        for rp in tf.children("required_providers"):
            for attr in rp.attribute_list:
                out.setdefault(attr.name, (rp, attr))
    return out


def _provider_of(block: Block) -> str | None:
    provider = block.attr("provider")
    if provider is not None:
        return node_text(provider.expr).strip().split(".")[0]
    if block.labels:
        return block.labels[0].split("_", 1)[0]
    return None


class ProviderNotRequired(TerraformRule):
    """A provider is used but not declared in ``required_providers``.

    Without a ``required_providers`` entry Terraform guesses the source (``hashicorp/<name>``) and
    takes the newest version, so a new major release can break the next ``init``.

    Bad:
        resource "aws_s3_bucket" "b" { bucket = "x" }   # no terraform { required_providers { aws } }

    Good:
        terraform {
          required_providers {
            aws = { source = "hashicorp/aws", version = "~> 5.0" }
          }
        }
        resource "aws_s3_bucket" "b" { bucket = "x" }
    """

    code = "TF006"
    name = "provider-not-required"
    message = "Provider is not declared in required_providers"
    severity = Severity.WARNING
    tags = ("versioning",)
    aliases = ("tflint:terraform_required_providers",)

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        module = model.module
        if not module.complete:
            return
        required = _required_providers(model)
        first_use: dict[str, Block] = {}
        for fm in module.files:
            for block in fm.blocks:
                if block.type in ("resource", "data", "ephemeral"):
                    name = _provider_of(block)
                elif block.type == "provider" and block.labels:
                    name = block.labels[0]
                else:
                    continue
                if name and name not in _BUILTIN_PROVIDERS and name not in required:
                    first_use.setdefault(name, block)
        for name, block in sorted(first_use.items()):
            if block.file is model.file:
                yield self.finding(
                    block.header_range, f"Provider `{name}` is used but not declared in `required_providers`"
                )


class ProviderWithoutVersion(TerraformRule):
    """A ``required_providers`` entry without a version constraint.

    Bad:
        terraform {
          required_providers {
            aws = { source = "hashicorp/aws" }
          }
        }

    Good:
        terraform {
          required_providers {
            aws = { source = "hashicorp/aws", version = "~> 5.0" }
          }
        }
    """

    code = "TF007"
    name = "provider-without-version"
    message = "Provider has no version constraint"
    severity = Severity.WARNING
    tags = ("versioning",)
    aliases = ("tflint:terraform_required_providers",)

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        ev = Evaluator(None)
        for tf in model.file.top("terraform"):
            for rp in tf.children("required_providers"):
                for attr in rp.attribute_list:
                    value = ev.value(attr.expr)
                    if isinstance(value, dict) and "version" not in value:
                        yield self.finding(attr.key_range, f"Provider `{attr.name}` has no version constraint")


def required_version_home(model: TerraformModel) -> Block | None | str:
    """Where a missing ``required_version`` is reported, once per module.

    The first file (by name) with a ``terraform`` block: on that block. Without any terraform block:
    ``versions.tf``, else ``main.tf``, else the first file by name: on the start of the file.
    Returns the block, or the file name, or None when required_version is set somewhere.
    """
    blocks = list(model.module.terraform_blocks)
    if any(b.attr("required_version") is not None for b in blocks):
        return None
    if blocks:
        return min(blocks, key=lambda b: (b.file.name if b.file else "", b.range.start))
    names = [f.name for f in model.module.files]
    for preferred in ("versions.tf", "main.tf"):
        if preferred in names:
            return preferred
    return min(names) if names else None


class RequiredVersionMissing(TerraformRule):
    """The module does not set ``terraform { required_version = ... }``.

    Reported once per module: on the first ``terraform`` block (files by name), or at the top of
    ``versions.tf``, ``main.tf`` or the first file when there is no terraform block.

    Bad:
        terraform {
          required_providers { aws = { source = "hashicorp/aws", version = "~> 5.0" } }
        }

    Good:
        terraform {
          required_version = ">= 1.5"
        }
    """

    code = "TF008"
    name = "required-version-missing"
    message = "terraform.required_version is not set"
    severity = Severity.INFORMATION
    tags = ("versioning",)
    aliases = ("tflint:terraform_required_version",)

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        if not model.module.complete:
            return
        home = required_version_home(model)
        if isinstance(home, Block):
            if home.file is model.file:
                yield self.finding(home.header_range, "`required_version` is not set in the terraform block")
        elif isinstance(home, str) and home == model.file.name:
            yield self.finding(Range.of(0, 0, 0, 0), "The module does not set `terraform { required_version }`")


_GIT = re.compile(r"^(git::|git@|github\.com[/:]|bitbucket\.org/|hg::)")
_REGISTRY = re.compile(r"^([a-z0-9.-]+\.[a-z]{2,}/)?[\w-]+/[\w-]+/[\w-]+(//.*)?$", re.IGNORECASE)


def _module_source(block: Block) -> tuple[object, str] | None:
    attr = block.attr("source")
    if attr is None:
        return None
    value = Evaluator(None).value(attr.expr)
    return (attr, value) if isinstance(value, str) else None


class ModuleSourceNotPinned(TerraformRule):
    """A module from git (or Mercurial) without a ``ref`` (``rev``) pins nothing: the default branch moves.

    Bad:
        module "vpc" { source = "git::https://example.com/vpc.git" }

    Good:
        module "vpc" { source = "git::https://example.com/vpc.git?ref=v1.2.0" }
    """

    code = "TF009"
    name = "module-source-not-pinned"
    message = "Module source is not pinned to a ref"
    severity = Severity.WARNING
    tags = ("versioning",)
    aliases = ("tflint:terraform_module_pinned_source",)
    override_files = False  # partial blocks, merged into the primary declaration

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        for block in model.file.top("module"):
            found = _module_source(block)
            if found is None:
                continue
            attr, source = found
            if _GIT.match(source):
                key = "rev=" if source.startswith("hg::") else "ref="
                if key not in source.split("?", 1)[-1] or "?" not in source:
                    yield self.finding(
                        attr.range, f"Module source `{source}` is not pinned (add `?{key}<tag or commit>`)"
                    )


class ModuleVersionMissing(TerraformRule):
    """A module from a registry without ``version`` takes the newest release, breaking changes included.

    Bad:
        module "vpc" { source = "terraform-aws-modules/vpc/aws" }

    Good:
        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "~> 5.0"
        }
    """

    code = "TF010"
    name = "module-version-missing"
    message = "Registry module has no version constraint"
    severity = Severity.WARNING
    tags = ("versioning",)
    aliases = ("tflint:terraform_module_version",)
    override_files = False  # partial blocks, merged into the primary declaration

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        for block in model.file.top("module"):
            found = _module_source(block)
            if found is None:
                continue
            attr, source = found
            if _REGISTRY.match(source) and not source.startswith((".", "/")) and block.attr("version") is None:
                yield self.finding(attr.range, f"Registry module `{source}` has no `version` constraint")


class DuplicateAttribute(TerraformRule):
    """The same attribute is set twice in one block; Terraform rejects the file.

    Bad:
        resource "aws_s3_bucket" "b" {
          bucket = "a"
          bucket = "b"
        }

    Good:
        resource "aws_s3_bucket" "b" {
          bucket = "a"
        }
    """

    code = "TF013"
    name = "duplicate-attribute"
    message = "Attribute redefined"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        for block in model.file.all_blocks():
            seen: dict[str, object] = {}
            for attr in block.attribute_list:
                first = seen.get(attr.name)
                if first is None:
                    seen[attr.name] = attr
                    continue
                line = first.range.start.line + 1
                yield self.finding(
                    attr.key_range,
                    f"Attribute `{attr.name}` is already set on line {line}",
                    related=(Related(first.key_range, "first set here"),),
                )


def _declaration_keys(block: Block) -> list[tuple[str, object]]:
    t, labels = block.type, block.labels
    if t in ("variable", "output", "module") and labels:
        return [(f"{t} {labels[0]}", block)]
    if t in ("resource", "data", "ephemeral") and len(labels) >= 2:
        return [(f"{t} {labels[0]}.{labels[1]}", block)]
    if t == "locals":
        return [(f"local {a.name}", a) for a in block.attribute_list]
    return []


class DuplicateDeclaration(TerraformRule):
    """A variable, local value, output, module, resource or data source is declared twice in the module.

    Terraform rejects the module. The second declaration (files by name, then position) is reported.

    Bad:
        variable "name" { type = string }
        variable "name" { type = number }

    Good:
        variable "name" { type = string }
    """

    code = "TF014"
    name = "duplicate-declaration"
    message = "Duplicate declaration"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    override_files = False  # partial blocks, merged into the primary declaration

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        first: dict[str, object] = {}
        for fm in model.module.files:
            if fm.override:
                continue  # merged into the primary declaration, not a second one
            for block in fm.blocks:
                for key, item in _declaration_keys(block):
                    if key not in first:
                        first[key] = item
                        continue
                    if fm is not model.file:
                        continue
                    original = first[key]
                    where = f"{original.file.name}:{original.range.start.line + 1}" if original.file else "?"
                    rng = item.key_range if hasattr(item, "key_range") else item.header_range
                    yield self.finding(
                        rng, f"Duplicate {key.split(' ')[0]} `{key.split(' ', 1)[1]}` (first declared at {where})"
                    )
