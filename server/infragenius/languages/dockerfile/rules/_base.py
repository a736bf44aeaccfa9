"""Shared base for Dockerfile rules."""

from __future__ import annotations

from typing import Iterable, Iterator

from ....core.context import Context
from ....core.findings import Finding
from ....core.rules import Rule
from ..model import Dockerfile, Instruction


class DockerfileRule(Rule):
    language = "dockerfile"

    def check(self, ctx: Context) -> Iterable[Finding]:
        model: Dockerfile = ctx.model
        return self.check_file(model, ctx)

    def check_file(self, df: Dockerfile, ctx: Context) -> Iterable[Finding]:
        for ins in instructions(df):
            yield from self.check_instruction(ins, df, ctx)

    def check_instruction(self, ins: Instruction, df: Dockerfile, ctx: Context) -> Iterable[Finding]:
        return ()


def instructions(df: Dockerfile) -> Iterator[Instruction]:
    """All instructions, with ONBUILD triggers visited as instructions of their own."""
    for ins in df.instructions:
        yield ins
        if ins.onbuild is not None:
            yield ins.onbuild
