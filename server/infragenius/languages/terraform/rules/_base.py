"""Base classes for Terraform rules: module-level rules and per-resource security checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from ....core.findings import Finding, Severity
from ....core.rules import Rule
from ..hcl import Block
from ..model import TerraformModel
from ..values import MISSING, UNKNOWN, Evaluator


class TerraformRule(Rule):
    language = "terraform"
    tfvars: ClassVar[bool] = False  # also runs on .tfvars files (values only, no blocks)
    # False for rules about what a block lacks: blocks in override files are partial by design
    override_files: ClassVar[bool] = True

    def check(self, ctx) -> Iterable[Finding]:
        model = ctx.model
        if not isinstance(model, TerraformModel):
            return ()
        suffix = model.file.path.suffix if model.file.path else ".tf"
        if suffix != ".tf" and not (self.tfvars and suffix == ".tfvars"):
            return ()
        if model.file.override and not self.override_files:
            return ()
        return self.check_model(model, ctx)

    def check_model(self, model: TerraformModel, ctx) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError


class ResourceRule(TerraformRule):
    """A check of each ``resource`` (or ``data``) block of given types in the document."""

    resource_types: ClassVar[tuple[str, ...]] = ()
    kind: ClassVar[str] = "resource"
    severity = Severity.WARNING
    override_files = False

    def check_model(self, model: TerraformModel, ctx) -> Iterator[Finding]:
        ev = Evaluator(model.module)
        blocks = (
            model.resources(*self.resource_types)
            if self.kind == "resource"
            else model.data_sources(*self.resource_types)
        )
        for block in blocks:
            if not model.module.is_overridden(block):  # an override file may change any attribute
                yield from self.check_block(block, ev, model)

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterable[Finding]:
        raise NotImplementedError  # pragma: no cover

    # -- helpers -----------------------------------------------------------------------------
    def missing(self, block: Block, path: str, message: str | None = None) -> Finding:
        """Finding for an attribute that is not written: on the deepest block of ``path`` that exists."""
        where = block
        for part in path.split(".")[:-1]:
            child = where.child(part)
            if child is None:
                break
            where = child
        text = message or f"{self.message} (`{path}` is not set)"
        return self.finding(where.header_range, text)

    def expect(
        self,
        block: Block,
        ev: Evaluator,
        path: str,
        bad: Any,
        *,
        missing_is_bad: bool,
        message: str | None = None,
        missing_message: str | None = None,
    ) -> Iterator[Finding]:
        """Report ``path`` when its known value satisfies ``bad`` (or when it is missing and that is bad)."""
        value, attr = ev.attr(block, path)
        if value is MISSING:
            if missing_is_bad:
                yield self.missing(block, path, missing_message)
            return
        if value is UNKNOWN or attr is None:
            return
        if bad(value):
            yield self.finding(attr.range, message)


def is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.lower() == "false")


def is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


class MustBeTrue(ResourceRule):
    """Shared logic: ``attribute`` must be true; false, or missing when ``missing_is_bad``, reports."""

    attribute: str = ""
    missing_is_bad: bool = True
    check_id: str = ""

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(
            block,
            ev,
            self.attribute,
            lambda v: is_false(v),
            missing_is_bad=self.missing_is_bad,
            message=f"{self.message} (`{self.attribute}` is false)",
        )


class MustBeSet(ResourceRule):
    """Shared logic: ``attribute`` must be set to a non-empty value."""

    attribute: str = ""

    def check_block(self, block: Block, ev: Evaluator, model: TerraformModel) -> Iterator[Finding]:
        yield from self.expect(
            block,
            ev,
            self.attribute,
            lambda v: v in ("", None),
            missing_is_bad=True,
            message=f"{self.message} (`{self.attribute}` is empty)",
        )
