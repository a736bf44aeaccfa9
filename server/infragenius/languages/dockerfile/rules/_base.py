"""Shared base for Dockerfile rules, and small helpers several rules use."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import ClassVar

from ....core.context import Context
from ....core.findings import Finding, Fix
from ....core.rules import Rule
from ....core.suggest import replace_fix
from ..model import Dockerfile, Instruction, Stage
from ..reuse import checked


class DockerfileRule(Rule):
    language = "dockerfile"
    # BuildKit check names that ``# check=skip=...`` may switch off, besides the buildkit aliases
    # (a BuildKit check covering several of our rules is an alias of only one of them).
    buildkit_checks: ClassVar[tuple[str, ...]] = ()
    # True when the findings for an instruction depend only on its own lines, the FROM, SHELL, ENV
    # and ARG instructions before it and the config: then an edit elsewhere reuses them (reuse.py).
    # Say so only of a rule that reads nothing else (no later instruction, no earlier RUN, no file).
    instruction_local: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterable[Finding]:
        model: Dockerfile = ctx.model
        names = self.aliases + tuple(f"buildkit:{c}" for c in self.buildkit_checks)
        if model is None or skipped_by_check_directive(model, names):
            return ()
        return self.check_file(model, ctx)

    def check_file(self, df: Dockerfile, ctx: Context) -> Iterable[Finding]:
        if self.local_in(df):
            check = partial(self.check_instruction, df=df, ctx=ctx)
            return checked(self.code, df, ctx.previous, all_instructions(df), check)
        return (f for ins in instructions(df) for f in self.check_instruction(ins, df, ctx))

    def local_in(self, df: Dockerfile) -> bool:
        """Whether the findings are ``instruction_local`` in this file (a rule may be so only in files
        without something it would read elsewhere)."""
        return self.instruction_local

    def check_instruction(self, ins: Instruction, df: Dockerfile, ctx: Context) -> Iterable[Finding]:
        return ()


def instructions(df: Dockerfile) -> Iterator[Instruction]:
    """All instructions, with ONBUILD triggers visited as instructions of their own."""
    for ins in df.instructions:
        yield ins
        if ins.onbuild is not None:
            yield ins.onbuild


def all_instructions(df: Dockerfile) -> list[Instruction]:
    """``instructions(df)`` as a list, made once per file."""
    found = df.cache.get("all_instructions")
    if found is None:
        found = df.cache["all_instructions"] = list(instructions(df))
    return found


def skipped_by_check_directive(df: Dockerfile, aliases: tuple[str, ...]) -> bool:
    """BuildKit's ``# check=skip=A,B`` (or ``skip=all``) directive switches its checks off in the file."""
    directive = df.directives.get("check")
    if directive is None:
        return False
    checks = [a.split(":", 1)[1].lower() for a in aliases if a.startswith("buildkit:")]
    if not checks:
        return False
    for part in directive.value.split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "skip":
            skipped = {v.strip().lower() for v in value.split(",")}
            if "all" in skipped or skipped & set(checks):
                return True
    return False


def has_variable(text: str) -> bool:
    return "$" in text


def registry_of(image: str) -> str:
    """The registry host of an image reference (``docker.io`` when none is written)."""
    first, slash, _ = image.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first.lower()
    return "docker.io"


def is_stage_reference(df: Dockerfile, stage: Stage) -> bool:
    """``FROM build``: the image names an earlier stage (stage names are case-insensitive)."""
    parent = df.stage_named(stage.image) if stage.image else None
    return parent is not None and parent.index < stage.index


def stage_chain(df: Dockerfile, stage: Stage) -> list[Stage]:
    """The stage and the earlier stages it is built on (``FROM a AS b`` / ``FROM b``), nearest first."""
    chain = [stage]
    seen = {stage.index}
    while True:
        parent = df.stage_named(chain[-1].image) if chain[-1].image else None
        if parent is None or parent.index >= chain[-1].index or parent.index in seen:
            return chain
        chain.append(parent)
        seen.add(parent.index)


_WINDOWS_ABS = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\|[\\/])")


def is_absolute_path(path: str) -> bool:
    """POSIX ``/x`` or Windows ``C:\\x`` / ``C:/x`` / ``\\x``."""
    return bool(_WINDOWS_ABS.match(path))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Edit distance counting a swap of two neighbours as one edit (``biuld`` -> ``build``)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """A candidate that is probably what ``name`` was meant to be (a typo), or None."""
    best, best_d = None, 99
    for cand in candidates:
        if cand == name:
            continue
        if cand.lower() == name.lower():
            return cand
        if min(len(name), len(cand)) < 4:
            continue  # short names are all one edit apart: no useful guess
        d = edit_distance(name.lower(), cand.lower(), 2)
        limit = 1 if min(len(name), len(cand)) <= 5 else 2
        if d <= limit and d < best_d:
            best, best_d = cand, d
    return best


def rename_fix(ins: Instruction, start: int, old: str, new: str, applicability: str = "safe") -> Fix | None:
    """Replace the word ``old`` at logical offset ``start`` of ``ins`` with ``new``. None when the
    word is not written there as it reads (split by a line continuation)."""
    if ins.logical[start : start + len(old)] != old:
        return None
    rng = ins.span(start, start + len(old))
    if rng.start.line != rng.end.line or rng.end.column - rng.start.column != len(old):
        return None
    fix = replace_fix(rng, old, (new,))
    return Fix(fix.title, fix.edits, applicability) if fix is not None else None


def expansion_name_start(text: str, start: int) -> int:
    """Where the name starts in the expansion ``$NAME`` or ``${NAME...}`` at ``start`` of ``text``."""
    return start + (2 if text[start + 1 : start + 2] == "{" else 1)


def hadolint_config(ctx: Context) -> dict:
    """The nearest ``.hadolint.yaml`` / ``.hadolint.yml`` at or above the file (hadolint's own
    config), so that teams moving from hadolint keep their trusted registries and label schema."""
    path = ctx.document.path
    if path is None:
        return {}
    cache = getattr(ctx, "_hadolint_config", None)
    if cache is not None:
        return cache
    found: dict = {}
    folder = Path(path).parent
    for _ in range(6):
        texts = [ctx.workspace.read_text(folder / name) for name in (".hadolint.yaml", ".hadolint.yml")]
        text = next((t for t in texts if t is not None), None)
        if text is not None:
            import yaml  # only once a file is found: the first diagnostics come 13 ms sooner

            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError:
                data = None
            found = data if isinstance(data, dict) else {}
            break
        if folder.parent == folder:
            break
        folder = folder.parent
    ctx._hadolint_config = found
    return found
