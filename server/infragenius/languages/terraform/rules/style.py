"""Deprecated syntax and conventions: interpolation-only strings, legacy index/splat, naming,
comparison with an empty list, terraform.workspace with the remote backend."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....core.findings import Edit, Finding, Fix, Severity
from ..hcl import Node, group_text, node_text, split_binary
from ..model import TerraformModel
from ._base import TerraformRule


def iter_nodes(root: Node, types: frozenset[str]) -> Iterator[Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in types:
            yield node
        stack.extend(reversed(node.children))


class InterpolationOnly(TerraformRule):
    """Interpolation-only expressions like ``"${var.name}"`` are deprecated: write ``var.name``.

    Since Terraform 0.12 expressions are first-class; wrapping one alone in a string only hides its
    type. The fix removes the quotes and the ``${ }``.

    Bad:
        bucket = "${var.name}"

    Good:
        bucket = var.name
    """

    code = "TF011"
    name = "interpolation-only"
    message = "Interpolation-only expression is deprecated"
    severity = Severity.WARNING
    tags = ("deprecated",)
    aliases = ("tflint:terraform_deprecated_interpolation",)
    fixable = True

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        fm = model.file
        for node in fm.nodes("quoted_template"):
            inner = [c for c in node.children if c.type not in ("quoted_template_start", "quoted_template_end")]
            if len(inner) != 1 or inner[0].type != "template_interpolation":
                continue
            interp = inner[0]
            expr = next((c for c in interp.children if c.type == "expression"), None)
            if expr is None or interp.children[0].text != b"${" or interp.children[-1].text != b"}":
                continue
            text = node_text(expr)
            if "\n" in text:
                continue
            rng = fm.pos.range(node)
            fix = Fix(f"Replace with `{text}`", (Edit(rng, text),))
            yield self.finding(rng, f"Interpolation-only expression is deprecated: use `{text}`", fix=fix)


class DeprecatedIndex(TerraformRule):
    """Legacy index ``list.0`` and splat ``list.*.id`` syntax: use ``list[0]`` and ``list[*].id``.

    Bad:
        value = aws_instance.web.0.id

    Good:
        value = aws_instance.web[0].id
    """

    code = "TF012"
    name = "deprecated-index"
    message = "Legacy index syntax is deprecated"
    severity = Severity.WARNING
    tags = ("deprecated",)
    aliases = ("tflint:terraform_deprecated_index",)
    fixable = True

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        fm = model.file
        for node in sorted(fm.nodes("legacy_index") + fm.nodes("attr_splat"), key=lambda n: n.start_byte):
            if node.type == "legacy_index":
                text = node_text(node)
                rng = fm.pos.range(node)
                new = f"[{text.lstrip('.').strip()}]"
                yield self.finding(
                    rng, f"Legacy index `{text}` is deprecated: use `{new}`", fix=Fix(f"Use `{new}`", (Edit(rng, new),))
                )
            else:
                star = node.children[0]
                rng = fm.pos.range(star)
                yield self.finding(
                    rng, "Legacy splat `.*` is deprecated: use `[*]`", fix=Fix("Use `[*]`", (Edit(rng, "[*]"),))
                )


_SNAKE = re.compile(r"^[a-z_][a-z0-9_]*$")


class NamingConvention(TerraformRule):
    """Names of resources, data sources, variables, outputs, locals and modules should be snake_case.

    Bad:
        resource "aws_s3_bucket" "LogBucket" { bucket = "logs" }

    Good:
        resource "aws_s3_bucket" "log_bucket" { bucket = "logs" }
    """

    code = "TF015"
    name = "naming-convention"
    message = "Name is not snake_case"
    severity = Severity.INFORMATION
    tags = ("style",)
    aliases = ("tflint:terraform_naming_convention",)
    override_files = False  # the primary declaration reports it

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        for block in model.file.blocks:
            index = {"resource": 1, "data": 1, "ephemeral": 1, "variable": 0, "output": 0, "module": 0}.get(block.type)
            if index is not None and len(block.labels) > index:
                name = block.labels[index]
                if not _SNAKE.match(name):
                    yield self.finding(block.label_ranges[index], f"{block.type} name `{name}` is not snake_case")
            elif block.type == "locals":
                for attr in block.attribute_list:
                    if not _SNAKE.match(attr.name):
                        yield self.finding(attr.key_range, f"local name `{attr.name}` is not snake_case")


class EmptyListEquality(TerraformRule):
    """Comparing with ``[]`` is always false for a list of another type: use ``length(x) == 0``.

    ``[]`` is an empty tuple, so ``var.list == []`` is false even for an empty ``list(string)``.

    Bad:
        count = var.subnets == [] ? 0 : 1

    Good:
        count = length(var.subnets) == 0 ? 0 : 1
    """

    code = "TF016"
    name = "empty-list-equality"
    message = "Comparison with an empty list is always false for typed lists"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("tflint:terraform_empty_list_equality",)
    fixable = True

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        fm = model.file
        for node in fm.nodes("binary_operation"):
            parts = split_binary(node)
            if parts is None or node_text(parts[1]) not in ("==", "!="):
                continue
            left, op, right = parts
            for empty, other in ((right, left), (left, right)):
                if (
                    len(empty) == 1
                    and empty[0].type == "collection_value"
                    and node_text(empty[0]).replace(" ", "") == "[]"
                ):
                    rng = fm.pos.range(node)
                    new = f"length({group_text(other)}) {node_text(op)} 0"
                    fix = Fix(f"Use `{new}`", (Edit(rng, new),), applicability="unsafe")
                    yield self.finding(
                        rng, f"Comparison with `[]` is always false for typed lists: use `{new}`", fix=fix
                    )
                    break


class WorkspaceWithRemoteBackend(TerraformRule):
    """``terraform.workspace`` with the ``remote`` backend is always ``default`` during remote runs.

    Bad:
        terraform { backend "remote" { organization = "acme" } }
        locals { env = terraform.workspace }

    Good:
        variable "env" { type = string }
    """

    code = "TF017"
    name = "workspace-remote"
    message = "terraform.workspace is always 'default' with the remote backend"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("tflint:terraform_workspace_remote",)

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        remote = False
        for tf in model.module.terraform_blocks:
            for backend in tf.children("backend"):
                if backend.labels[:1] == ["remote"]:
                    remote = True
        if not remote:
            return
        for ref in model.file.references:
            if ref.root == "terraform" and ref.parts[:1] == ("workspace",):
                yield self.finding(ref.range_to(1))
