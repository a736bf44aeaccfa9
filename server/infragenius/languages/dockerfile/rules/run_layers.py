"""Consecutive RUN instructions."""

from __future__ import annotations

from ....core.findings import Severity
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
        previous = None
        for ins in df.instructions:
            if ins.keyword != "RUN" or not ins.is_shell_form or ins.heredocs:
                previous = None
                continue
            if previous is not None and self._joinable(df, previous, ins):
                yield self.finding(ins.keyword_range)
            previous = ins

    @staticmethod
    def _joinable(df, a, b) -> bool:
        flags = lambda ins: sorted((f.name, f.value) for f in ins.flags)
        if flags(a) != flags(b):
            return False
        return all(sum(len(v.commands) for v in run_scripts(df, ins)) <= 2 for ins in (a, b))
