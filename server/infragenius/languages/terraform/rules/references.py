"""References: undeclared (terraform validate) and unused declarations (tflint)."""

from __future__ import annotations

from collections.abc import Iterator

from ....core.findings import Finding, Severity
from ....core.suggest import candidates, replace_fix
from ..model import BUILTIN_ROOTS, Module, Reference, TerraformModel
from ..values import Evaluator
from ._base import TerraformRule

_KIND = {
    "var": "input variable",
    "local": "local value",
    "module": "module",
    "data": "data source",
    "ephemeral": "ephemeral resource",
}


def _declared(ref: Reference, module: Module) -> bool | None:
    """True/False when we can tell, None when the reference is not ours to judge."""
    root, parts = ref.root, ref.parts
    if root in BUILTIN_ROOTS:
        return None
    if root == "var":
        return parts[0] in module.variables
    if root == "local":
        return parts[0] in module.locals
    if root == "module":
        return parts[0] in module.modules
    if root == "data":
        return len(parts) < 2 or ref.address in module.data
    if root == "ephemeral":
        return len(parts) < 2 or ref.address in module.ephemeral
    if "_" not in root:
        return None  # provider aliases (aws.west) and other non-resource traversals
    return ref.address in module.resources


def _meant(ref: Reference, module: Module) -> tuple[str, ...]:
    """The declared addresses an undeclared reference may misspell, best first.

    Only the part that differs is compared (``var.regoin`` against the variable names, a resource's
    name against the names of its type, or its type against the types with that name): whole
    addresses share long prefixes that would make any two names look alike.
    """
    root, parts = ref.root, ref.parts
    names = {"var": module.variables, "local": module.locals, "module": module.modules}.get(root)
    if names is not None:
        return tuple(f"{root}.{n}" for n in _similar(parts[0], names)) if parts else ()
    if root in ("data", "ephemeral"):
        table, prefix, typed = (module.data if root == "data" else module.ephemeral), f"{root}.", parts
    else:
        table, prefix, typed = module.resources, "", (root, *parts)
    if len(typed) < 2:
        return ()
    declared = [address[len(prefix) :].split(".", 1) for address in table]
    kind, name = typed[0], typed[1]
    same_kind = [n for k, n in declared if k == kind]
    if same_kind:
        return tuple(f"{prefix}{kind}.{n}" for n in _similar(name, same_kind))
    return tuple(f"{prefix}{k}.{name}" for k in _similar(kind, [k for k, n in declared if n == name]))


def _similar(word: str, choices) -> tuple[str, ...]:
    return candidates(word, choices, cutoff=0.75)


def _hint(found: tuple[str, ...]) -> str:
    return f"; did you mean `{found[0]}`?" if found else ""


def _outputs_of(block, module: Module, ctx) -> set[str] | None:
    from ..parse import (
        local_module_outputs,  # the package re-exports parse(); import the module's helper
    )

    source = Evaluator(None).value(block.attr("source").expr) if block.attr("source") else None
    if not isinstance(source, str):
        return None
    directory = block.file.path.parent if block.file and block.file.path else None
    return local_module_outputs(source, directory, ctx.workspace)


class UndeclaredReference(TerraformRule):
    """Reference to an undeclared variable, local value, resource, data source, module or module output.

    ``terraform validate`` rejects the configuration: the name is misspelt or its declaration is
    missing from the module (all ``.tf`` files of the directory are read). Outputs are checked for
    modules with a local ``source`` (``./modules/x``).

    Bad:
        output "id" { value = aws_s3_bucket.logs.id }   # no resource "aws_s3_bucket" "logs"

    Good:
        resource "aws_s3_bucket" "logs" { bucket = "my-logs" }
        output "id" { value = aws_s3_bucket.logs.id }
    """

    code = "TF001"
    name = "undeclared-reference"
    message = "Reference to an undeclared name"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        module = model.module
        if not module.complete:
            return
        outputs: dict[str, set[str] | None] = {}
        for ref in model.file.references:
            if _declared(ref, module) is False:
                kind = _KIND.get(ref.root, "resource")
                found = _meant(ref, module)
                yield self.finding(
                    ref.address_range,
                    f"Reference to undeclared {kind} `{ref.address}`{_hint(found)}",
                    fix=replace_fix(ref.address_range, ref.address, found),
                )
            elif ref.root == "module" and len(ref.parts) >= 2:
                name, output = ref.parts[0], ref.parts[1]
                if name not in outputs:
                    outputs[name] = _outputs_of(module.modules[name], module, ctx)
                known = outputs[name]
                if known is not None and output not in known:
                    found = _similar(output, known)
                    yield self.finding(
                        ref.range_to(2),
                        f"Module `{name}` has no output `{output}`{_hint(found)}",
                        fix=replace_fix(
                            ref.range_to(2), f"module.{name}.{output}", (f"module.{name}.{o}" for o in found)
                        ),
                    )


class UnusedDeclaration(TerraformRule):
    """Variable, local value or data source declared but never used in the module.

    Dead declarations mislead readers and, for variables, callers. All ``.tf`` files of the directory
    are searched for references.

    Bad:
        variable "unused" { type = string }

    Good:
        variable "name" { type = string }
        resource "aws_s3_bucket" "b" { bucket = var.name }
    """

    code = "TF002"
    name = "unused-declaration"
    message = "Declared but not used"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("tflint:terraform_unused_declarations",)
    override_files = False  # the primary declaration reports it

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        module = model.module
        if not module.complete:
            return
        used: set[str] = set()
        for ref in module.references():
            if ref.root in ("var", "local"):
                # a variable's own validation does not count as a use
                if (
                    ref.root == "var"
                    and ref.block is not None
                    and ref.block.type == "variable"
                    and ref.block.labels[:1] == [ref.parts[0]]
                ):
                    continue
                used.add(f"{ref.root}.{ref.parts[0]}")
            elif ref.root == "data":
                used.add(ref.address)
        for block in model.file.blocks:
            if block.type == "variable" and block.labels and f"var.{block.labels[0]}" not in used:
                yield self.finding(block.header_range, f"Variable `{block.labels[0]}` is declared but not used")
            elif block.type == "locals":
                for attr in block.attribute_list:
                    if f"local.{attr.name}" not in used:
                        yield self.finding(attr.key_range, f"Local value `{attr.name}` is declared but not used")
            elif block.type == "data" and len(block.labels) >= 2:
                address = f"data.{block.labels[0]}.{block.labels[1]}"
                if address not in used:
                    yield self.finding(block.header_range, f"Data source `{address}` is declared but not used")
