"""Which ARG / ENV variables each instruction can see, following BuildKit's scoping.

* ARGs before the first FROM are *global*: visible only in FROM lines, and inside a stage only after
  ``ARG NAME`` re-declares them (then with the global default).
* The platform args (TARGETPLATFORM, BUILDARCH, ...) are predefined in the global scope only; the
  proxy args (HTTP_PROXY, ...) are predefined everywhere.
* A stage starts with what its base provides: nothing for ``scratch``, the final scope of the parent
  for ``FROM <stage>``, and an unknown set for an external image (its config may define any ENV): such
  a scope is *open* and rules must not call a variable undefined just because we did not see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.document import Range
from .lexer import Pair, pairs
from .model import Dockerfile, Instruction, Stage

PLATFORM_ARGS = frozenset(
    [
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
    ]
)
PROXY_ARGS = frozenset(
    [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "FTP_PROXY",
        "ftp_proxy",
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
)
# Build args BuildKit understands without a declaration (besides BUILDKIT_*).
BUILTIN_ARGS = frozenset({"SOURCE_DATE_EPOCH"})


@dataclass
class VarDef:
    name: str
    kind: str  # "ARG", "ENV" or "builtin"
    instruction: Instruction | None = None
    pair: Pair | None = None
    default: str | None = None  # None: declared without a value (``ARG NAME``)

    @property
    def name_range(self) -> Range | None:
        if self.instruction is None or self.pair is None:
            return None
        base = self.instruction.args_start
        return self.instruction.span(base + self.pair.key_start, base + self.pair.key_end)


@dataclass
class Scope:
    defs: dict[str, VarDef] = field(default_factory=dict)
    open: bool = False  # the base image may define variables we cannot see

    def copy(self) -> Scope:
        return Scope(dict(self.defs), self.open)

    def get(self, name: str) -> VarDef | None:
        found = self.defs.get(name)
        if found is not None:
            return found
        if name in PROXY_ARGS or name in BUILTIN_ARGS or name.startswith("BUILDKIT_"):
            return VarDef(name, "builtin")
        return None

    def known(self, name: str) -> bool:
        return self.get(name) is not None


def definitions(ins: Instruction) -> list[Pair]:
    """The key=value pairs an ARG / ENV instruction defines (offsets relative to ``ins.args``)."""
    if ins.keyword == "ENV":
        return [p for p in pairs(ins.args, ins.escape) if p.key]
    if ins.keyword == "ARG":
        return [p for p in pairs(ins.args, ins.escape, allow_legacy=False) if p.key]
    return []


def is_declared_with_value(ins: Instruction, pair: Pair) -> bool:
    return "=" in ins.args[pair.key_start : pair.value_start]


@dataclass
class Scopes:
    """Scope seen by each instruction (before its own definitions), plus the global scope."""

    global_scope: Scope
    before: dict[int, Scope]  # id(instruction) -> scope
    stage_end: dict[int, Scope]  # stage index -> scope after its last instruction

    def at(self, ins: Instruction) -> Scope:
        """The scope before ``ins`` (shared: do not modify it)."""
        return self.before.get(id(ins), self.global_scope)


def scopes(df: Dockerfile) -> Scopes:
    """Variable scopes of the file, computed once per model (rules, hover, completion and
    navigation all ask)."""
    found = df.cache.get("scopes")
    if found is None:
        found = df.cache["scopes"] = analyse(df)
    return found


def analyse(df: Dockerfile) -> Scopes:
    global_scope = Scope({name: VarDef(name, "builtin") for name in PLATFORM_ARGS})
    before: dict[int, Scope] = {}
    stage_end: dict[int, Scope] = {}
    current: Scope | None = None
    stage: Stage | None = None
    for ins in df.instructions:
        if ins.keyword == "FROM":
            if stage is not None and current is not None:
                stage_end[stage.index] = current
            before[id(ins)] = global_scope
            stage = df.stages[ins.stage] if 0 <= ins.stage < len(df.stages) else None
            current = _stage_start(df, stage, stage_end)
            continue
        # Snapshots are shared until a definition changes the scope (copy on write): files with
        # thousands of instructions stay linear.
        scope = current if current is not None else global_scope
        before[id(ins)] = scope
        if ins.onbuild is not None:
            before[id(ins.onbuild)] = scope
        if definitions(ins):
            scope = scope.copy()
            _define(ins, scope, global_scope if current is not None else None)
            if current is not None:
                current = scope
            else:
                global_scope = scope
    if stage is not None and current is not None:
        stage_end[stage.index] = current
    return Scopes(global_scope, before, stage_end)


def _stage_start(df: Dockerfile, stage: Stage | None, stage_end: dict[int, Scope]) -> Scope:
    scope = Scope({"PATH": VarDef("PATH", "builtin")})
    if stage is None or not stage.image:
        scope.open = True
        return scope
    image = stage.image.lower()
    if image == "scratch":
        return scope
    parent = df.stage_named(image)
    if parent is not None and parent.index < stage.index and parent.index in stage_end:
        inherited = stage_end[parent.index].copy()
        inherited.defs.setdefault("PATH", scope.defs["PATH"])
        return inherited
    scope.open = True
    return scope


def _define(ins: Instruction, scope: Scope, global_scope: Scope | None) -> None:
    for pair in definitions(ins):
        value: str | None = pair.value
        if ins.keyword == "ARG" and not is_declared_with_value(ins, pair):
            inherited = global_scope.defs.get(pair.key) if global_scope is not None else None
            value = inherited.default if inherited is not None else None
        scope.defs[pair.key] = VarDef(pair.key, ins.keyword, ins, pair, value)
