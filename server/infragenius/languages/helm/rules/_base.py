"""Shared base for Helm rules."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding
from ....core.rules import Rule
from ..parse import HelmDocument


class HelmRule(Rule):
    language = "helm"
    applies_to: tuple[str, ...] = ("template",)

    def check(self, ctx: Context) -> Iterable[Finding]:
        model: HelmDocument = ctx.model
        if model is None or model.kind not in self.applies_to:
            return ()
        return self.check_document(model, ctx)

    def check_document(self, model: HelmDocument, ctx: Context) -> Iterable[Finding]:
        return ()

    def span(self, ctx: Context, start: int, end: int):
        return ctx.document.range_of(start, end)
