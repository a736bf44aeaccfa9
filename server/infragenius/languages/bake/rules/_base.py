"""Shared base for Bake rules: one check per file."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding
from ....core.rules import Rule
from ..model import BakeFile


class BakeRule(Rule):
    language = "bake"

    def check(self, ctx: Context) -> Iterable[Finding]:
        model: BakeFile | None = ctx.model
        if model is None:
            return ()
        return self.check_file(model, ctx)

    def check_file(self, model: BakeFile, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - abstract
        return ()
