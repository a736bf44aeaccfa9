"""Consecutive RUN instructions."""

from __future__ import annotations

from ....core.findings import Severity
from ..model import Dockerfile
from ..reuse import instruction_texts
from ..shell_view import is_windows_stage, run_scripts, stage_shell
from .run_common import RunRule

# per model: what each RUN's joinability was computed from -> (its flags, at most two commands)
_SHAPES = "DF126:shapes"


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
        shapes = _Shapes(df, ctx.previous)
        texts = instruction_texts(df)
        previous = None
        for index, ins in enumerate(df.instructions):
            if ins.keyword != "RUN" or not ins.is_shell_form or ins.heredocs:
                previous = None
                continue
            shape = shapes.of(ins, texts[index])
            if previous is not None and previous[1] and shape[1] and previous[0] == shape[0]:
                yield self.finding(ins.keyword_range)
            previous = shape


class _Shapes:
    """Each RUN's flags and whether it runs at most two commands. Counting the commands parses the
    script, which no other rule does for a RUN whose findings it reuses (reuse.py); so a RUN whose
    text, escape character, SHELL and Windows-ness are those of a RUN of the previous model takes
    that one's shape (~2 ms -> ~0.3 ms per edit of a 500-line Dockerfile)."""

    def __init__(self, df: Dockerfile, previous: object) -> None:
        self.df = df
        self.known = previous.cache.get(_SHAPES, {}) if isinstance(previous, Dockerfile) else {}
        self.made = df.cache[_SHAPES] = {}

    def of(self, ins, text: str) -> tuple[list[tuple[str, str]], bool]:
        df = self.df
        try:
            key = (text, df.escape, tuple(stage_shell(df, ins)), is_windows_stage(df, ins.stage))
        except Exception:  # noqa: BLE001 - a malformed file: no reuse, run_scripts copes with it
            key = None
        shape = self.known.get(key) or self.made.get(key) if key is not None else None
        if shape is None:
            flags = sorted((f.name, f.value) for f in ins.flags)
            shape = (flags, sum(len(v.commands) for v in run_scripts(df, ins)) <= 2)
        if key is not None:
            self.made[key] = shape
        return shape
