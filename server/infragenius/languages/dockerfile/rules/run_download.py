"""Downloads inside RUN: wget's progress bar, wget and curl together, remote scripts piped to a shell."""

from __future__ import annotations

import re
from functools import partial

from ....core.findings import Edit, Finding, Fix, Severity, moved
from ...shell.options import parse_options
from ...shell.remote import WGET, remote_scripts
from ..model import Dockerfile, Instruction
from ..run_memo import RunMemo
from ..shell_view import RunScript, run_scripts, stage_lineage
from .run_common import RunRule, earlier_scripts, name_range, packages_in

_BUSYBOX_IMAGES = ("alpine", "busybox")


def _busybox_base(df: Dockerfile, ins: Instruction) -> bool:
    """The stage is built on Alpine or BusyBox (``alpine:3.20``, ``python:3.13-alpine``): their
    ``wget`` is BusyBox's. A base image given by a variable is unknown: False."""
    lineage = stage_lineage(df, ins.stage)
    if not lineage or "$" in lineage[-1].image:
        return False
    last = lineage[-1].image.lower().split("@", 1)[0].rsplit("/", 1)[-1]
    repo, _, tag = last.partition(":")
    return repo in _BUSYBOX_IMAGES or "alpine" in tag


def _gnu_wget_added(df: Dockerfile, ins: Instruction, view: RunScript, before: int) -> bool:
    """``apk add wget`` in an earlier RUN of the stage (or those it builds on) or earlier in this script."""
    scripts = [*earlier_scripts(df, ins), view]
    for script in scripts:
        for pc in packages_in(script, "apk", action="install"):
            if script is view and pc.command.start > before:
                continue
            if any(re.split(r"[=~<>]", w.static_prefix, maxsplit=1)[0] == "wget" for w in pc.packages):
                return True
    return False


class WgetProgress(RunRule):
    """Use ``wget --progress=dot:giga`` (or ``-q`` / ``-nv``) in a RUN.

    wget's default progress bar redraws for every few kilobytes; in a build log it becomes
    thousands of lines. ``--progress=dot:giga`` prints a dot per megabyte chunk. Not reported on
    Alpine / BusyBox bases unless GNU wget was installed (``apk add wget``): BusyBox wget prints at
    most a line a second when not on a terminal, and rejects ``--progress``.

    Bad:

        RUN wget https://example.com/tool.tar.gz

    Good:

        RUN wget --progress=dot:giga https://example.com/tool.tar.gz
    """

    code = "DF125"
    name = "wget-progress"
    message = "Avoid use of wget without progress bar: use wget --progress=dot:giga (or -q / -nv)"
    severity = Severity.INFORMATION
    tags = ("build-log",)
    aliases = ("hadolint:DL3047",)
    fixable = True

    def local_in(self, df: Dockerfile) -> bool:
        """Without a BusyBox stage no earlier RUN is read (reuse.py)."""
        return not any(_busybox_base(df, stage.instruction) for stage in df.stages)

    def check_run(self, view, ins, df, ctx):
        busybox = _busybox_base(df, ins)
        for cmd in view.script.find("wget"):
            if busybox and not _gnu_wget_added(df, ins, view, cmd.start):
                continue
            parsed = parse_options(cmd.args, WGET)
            if parsed.opaque or parsed.has(
                "--progress",
                "-q",
                "--quiet",
                "-nv",
                "--no-verbose",
                "-o",
                "--output-file",
                "-a",
                "--append-output",
                "--show-progress",
                "-b",
                "--background",
            ):
                continue
            if not parsed.operands and not parsed.has("-i", "--input-file"):
                continue  # ``wget --version`` and the like download nothing
            assert cmd.name is not None
            fix = (
                Fix("Add --progress=dot:giga", (Edit(view.point(cmd.name.end), " --progress=dot:giga"),), "safe")
                if view.exact
                else None
            )
            yield self.finding(name_range(view, cmd), fix=fix)


class WgetAndCurl(RunRule):
    """Use either wget or curl in a stage, not both.

    Two download tools do the same job; installing and using both makes the image bigger and the
    Dockerfile harder to follow. Reported on each RUN that downloads once both have been used in
    the stage.

    Bad:

        RUN wget -q https://example.com/a.tar.gz
        RUN curl -fsSLO https://example.com/b.tar.gz

    Good:

        RUN curl -fsSLO https://example.com/a.tar.gz
        RUN curl -fsSLO https://example.com/b.tar.gz
    """

    code = "DF129"
    name = "wget-and-curl"
    message = "Either use wget or curl, but not both"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL4001", "trivy:AVD-DS-0014")

    def check_file(self, df, ctx):
        # each RUN's downloads are kept for the next edit (run_memo.py): finding them parses the RUN
        memo = RunMemo("DF129:downloads", df, ctx.previous)
        downloads = partial(self._downloads, df)
        seen: dict[int, set[str]] = {}
        for index, top in enumerate(df.instructions):
            for ins in (top,) if top.onbuild is None else (top, top.onbuild):
                if ins.keyword != "RUN":
                    continue
                if ins is top:
                    programs, first, line = memo.value(index, ins, downloads)
                    first = moved(first, ins.full_range.start.line - line) if first is not None else None
                else:  # an ONBUILD trigger: rare, checked each time
                    programs, first, _ = downloads(ins)
                tools = seen.setdefault(ins.stage, set())
                tools.update(programs)
                if first is not None and len(tools) == 2:
                    yield first

    def _downloads(self, df, ins) -> tuple[tuple[str | None, ...], Finding | None, int]:
        """The download tools a RUN calls, the finding on the first call, and the line it was made for."""
        used = [
            (view, cmd) for view in run_scripts(df, ins) for cmd in view.commands if cmd.program in ("wget", "curl")
        ]
        first = self.finding(name_range(*used[0])) if used else None
        return tuple(cmd.program for _, cmd in used), first, ins.full_range.start.line


class RemoteScriptToShell(RunRule):
    """Do not pipe a downloaded script straight into a shell.

    ``curl https://... | sh`` runs whatever the server returns at build time, unverified: a
    compromised or changed script runs as root in your build, and a truncated download runs half a
    script. Download the file, check its checksum (or signature), then run it.

    Bad:

        RUN curl -fsSL https://example.com/install.sh | sh

    Good:

        RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \\
            && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\
            && sh /tmp/install.sh
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF132"
    name = "remote-script-to-shell"
    message = "Remote script piped into a shell; download it, verify its checksum, then run it"
    severity = Severity.WARNING
    tags = ("security", "no-peer")

    def check_run(self, view, ins, df, ctx):
        for start, end in remote_scripts(view.script):
            yield self.finding(view.range(start, end))
