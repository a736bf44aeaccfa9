"""Shared base for Compose rules: one check per file or per service."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding
from ....core.rules import Rule
from ..model import ComposeFile, Service


class ComposeRule(Rule):
    language = "compose"

    def check(self, ctx: Context) -> Iterable[Finding]:
        model: ComposeFile | None = ctx.model
        if model is None or model.root is None:
            return ()
        return self.check_file(model, ctx)

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        for service in model.services.values():
            if service.body is not None:
                yield from self.check_service(service, model)

    def check_service(self, service: Service, model: ComposeFile) -> Iterable[Finding]:
        return ()
