"""Shared pieces of the rules that look inside RUN: the base class, cache mounts, flag fixes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from ....core.context import Context
from ....core.findings import Edit, Finding, Fix
from ...shell import Command, PackageCommand, package_commands
from ..model import Dockerfile, Instruction
from ..reuse import checked
from ..shell_view import RunScript, final_stages, run_scripts, stage_lineage
from ._base import DockerfileRule, instructions


class RunRule(DockerfileRule):
    """A rule over the shell scripts of RUN instructions (``check_run`` once per script)."""

    # cleanup rules only matter for layers that end up in the final image
    final_image_only = False

    def check_file(self, df: Dockerfile, ctx: Context) -> Iterable[Finding]:
        if self.local_in(df):  # the scripts of a RUN whose findings are reused are never built
            runs = run_instructions(df, self.final_image_only)
            return checked(self.code, df, ctx.previous, runs, partial(self._check_scripts, df=df, ctx=ctx))
        return (
            f for ins, views in run_views(df, self.final_image_only) for f in self._check_views(ins, views, df, ctx)
        )

    def _check_scripts(self, ins: Instruction, df: Dockerfile, ctx: Context) -> Iterator[Finding]:
        return self._check_views(ins, run_scripts(df, ins), df, ctx)

    def _check_views(self, ins: Instruction, views: list[RunScript], df: Dockerfile, ctx: Context) -> Iterator[Finding]:
        for view in views:
            yield from self.check_run(view, ins, df, ctx)

    def check_run(self, view: RunScript, ins: Instruction, df: Dockerfile, ctx: Context) -> Iterable[Finding]:
        return ()


def run_views(df: Dockerfile, final_image_only: bool) -> list[tuple[Instruction, list[RunScript]]]:
    """Each RUN instruction with its shell scripts (of the final image's stages only, if asked):
    listed once per file and shared by the ~50 RUN rules, which would each walk every instruction."""
    key = "run_views_final" if final_image_only else "run_views"
    found = df.cache.get(key)
    if found is None:
        found = df.cache[key] = [(ins, run_scripts(df, ins)) for ins in run_instructions(df, final_image_only)]
    return found


def run_instructions(df: Dockerfile, final_image_only: bool) -> list[Instruction]:
    """The RUN instructions (of the final image's stages only, if asked), listed once per file."""
    key = "run_instructions_final" if final_image_only else "run_instructions"
    found = df.cache.get(key)
    if found is None:
        keep = final_stages(df) if final_image_only else None
        found = df.cache[key] = [
            ins
            for ins in instructions(df)
            if ins.keyword == "RUN" and (keep is None or ins.stage < 0 or ins.stage in keep)
        ]
    return found


def packages_in(view: RunScript, *managers: str, action: str | None = None) -> Iterator[PackageCommand]:
    found = view.packages.get(managers)
    if found is None:
        found = view.packages[managers] = tuple(package_commands(view.commands, *managers))
    for pc in found:
        if action is None or pc.action == action:
            yield pc


def cache_mounted(ins: Instruction, *targets: str) -> bool:
    """``RUN --mount=type=cache,target=...`` over one of ``targets`` (or a directory holding one)."""
    for flag in ins.flags:
        if flag.name != "mount" or not flag.value:
            continue
        fields = dict(part.partition("=")[::2] for part in flag.value.split(","))
        if fields.get("type") != "cache":
            continue
        target = (fields.get("target") or fields.get("dst") or fields.get("destination") or "").rstrip("/")
        if target and any(t == target or t.startswith(target + "/") for t in targets):
            return True
    return False


def removes(commands: Iterable[Command], *prefixes: str) -> bool:
    """An ``rm`` of a path under one of ``prefixes`` (``rm -rf /var/lib/apt/lists/*``), or a
    ``find PATH ... -delete`` there."""
    for cmd in commands:
        if cmd.program == "rm":
            paths = cmd.args
        elif cmd.program == "find" and any(w.value in ("-delete", "rm") for w in cmd.args):
            paths = cmd.args[:1]
        else:
            continue
        for word in paths:
            path = word.static_prefix.rstrip("/")
            if any(path == p.rstrip("/") or path.startswith(p.rstrip("/") + "/") for p in prefixes):
                return True
    return False


def stage_env(df: Dockerfile, ins: Instruction, name: str) -> bool:
    """An ``ENV name=...`` (or ``ARG``) set before ``ins`` in its stage or the stages it builds on.
    Uses the shared scope table, computed once per file (linear, not one scan per instruction)."""
    from ..scope import scopes

    found = scopes(df).at(ins).defs.get(name)
    return found is not None and found.kind in ("ENV", "ARG")


def earlier_instructions(df: Dockerfile, ins: Instruction) -> Iterator[Instruction]:
    """The instructions before ``ins`` in its stage and the stages it builds on."""
    for stage in stage_lineage(df, ins.stage):
        for other in stage.instructions:
            if stage.index == ins.stage and other.range.start.line >= ins.range.start.line:
                break
            yield other


def earlier_scripts(df: Dockerfile, ins: Instruction) -> Iterator[RunScript]:
    """Scripts of the RUN instructions before ``ins`` in its stage and the stages it builds on."""
    for other in earlier_instructions(df, ins):
        yield from run_scripts(df, other)


def insert_option_fix(
    view: RunScript, pc: PackageCommand, option: str, title: str, applicability: str = "safe"
) -> Fix | None:
    """Insert `` option`` after the subcommand word (``apt-get install -y``)."""
    if not view.exact:
        return None
    where = view.point(pc.insert_offset)
    return Fix(title, (Edit(where, f" {option}"),), applicability)  # type: ignore[arg-type]


def name_range(view: RunScript, cmd: Command):
    return view.word_range(cmd.name) if cmd.name else view.command_range(cmd)


def command_span(view: RunScript, pc: PackageCommand):
    """From the command name to the subcommand (``apt-get install``)."""
    cmd = pc.command
    start = cmd.name.start if cmd.name else cmd.start
    end = (
        pc.subcommand.end if pc.subcommand and pc.subcommand.start >= start else (cmd.name.end if cmd.name else cmd.end)
    )
    return view.range(start, end)
