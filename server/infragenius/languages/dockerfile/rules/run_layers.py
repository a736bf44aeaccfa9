"""Consecutive RUN instructions."""

from __future__ import annotations

from functools import partial

from ....core.findings import Finding, Severity, moved
from ..run_memo import RunMemo
from ..shell_view import run_scripts
from .run_common import RunRule


class ConsecutiveRun(RunRule):
    """Consider joining consecutive RUN instructions.

    Each RUN makes a layer; consecutive RUNs with the same options can usually be one, which keeps
    the image smaller (files removed later still weigh in earlier layers). RUNs with different
    ``--mount``/``--network`` flags, exec form or heredocs are left alone, and so are RUNs of more
    than two commands: splitting those was most likely deliberate.

    Bad:

        RUN apt-get update
        RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8

    Good:

        RUN apt-get update \\
            && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    """

    code = "DF126"
    name = "consecutive-run"
    message = "Multiple consecutive RUN instructions; consider consolidation"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3059",)

    def check_file(self, df, ctx):
        # each RUN's shape, and the finding it would get, are kept for the next edit (run_memo.py):
        # counting its commands parses it
        shapes = RunMemo("DF126:shapes", df, ctx.previous)
        shape = partial(self._shape, df)
        previous = None
        for index, ins in enumerate(df.instructions):
            if ins.keyword != "RUN" or not ins.is_shell_form or ins.heredocs:
                previous = None
                continue
            current = shapes.value(index, ins, shape)
            flags, short, finding, line = current
            if previous is not None and previous[1] and short and previous[0] == flags:
                yield moved(finding, ins.full_range.start.line - line)
            previous = current

    def _shape(self, df, ins) -> tuple[list[tuple[str, str]], bool, Finding, int]:
        """A RUN's flags, whether it runs at most two commands, its finding, and the line it was made for."""
        flags = sorted((f.name, f.value) for f in ins.flags)
        short = sum(len(v.commands) for v in run_scripts(df, ins)) <= 2
        return flags, short, self.finding(ins.keyword_range), ins.full_range.start.line
