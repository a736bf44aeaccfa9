"""Targets named by groups, ``inherits`` and ``target:`` contexts must exist."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ....core.context import Context
from ....core.findings import Finding, Severity
from ....core.suggest import candidates, did_you_mean, replace_fix
from ..model import BakeFile, Text
from ._base import BakeRule

_TARGET_CONTEXT = "target:"


def target_uses(model: BakeFile) -> Iterator[tuple[str, Text, str]]:
    """(what names it, the name as written, the name) for every target a group or target names."""
    for block in model.blocks:
        if block.kind == "group" and (targets := block.attributes.get("targets")) and targets.items:
            yield from ((f'group "{block.name}" names', item, item.value) for item in targets.items)
        if block.kind != "target":
            continue
        inherits = block.attributes.get("inherits")
        for item in inherits.items or [] if inherits is not None else []:
            yield f'target "{block.name}" inherits', item, item.value
        contexts = block.attributes.get("contexts")
        for value in (contexts.pairs or {}).values() if contexts is not None else []:
            if value.value.startswith(_TARGET_CONTEXT):
                yield f'target "{block.name}" takes a context from', value, value.value[len(_TARGET_CONTEXT) :]


class UndefinedTarget(BakeRule):
    """A group, ``inherits`` or a ``target:`` context names a target that is not defined.

    ``docker buildx bake`` stops ("failed to find target"). Targets may come from the other Bake
    files of the folder (``docker-bake.override.hcl``) and from the services of its Compose files,
    which Bake reads too; those count as defined.

    Bad:

        group "default" {
          targets = ["app", "wroker"]
        }

    Good:

        group "default" {
          targets = ["app", "worker"]
        }
    """

    code = "DC101"
    name = "undefined-target"
    message = "Reference to an undefined Bake target"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_file(self, model: BakeFile, ctx: Context) -> Iterable[Finding]:
        defined = {b.name for b in model.blocks if b.kind in ("target", "group")} | model.project_targets
        for what, text, name in target_uses(model):
            if name in defined or "${" in name:
                continue
            found = candidates(name, sorted(defined))
            hint = f"; {did_you_mean(found)}" if found else ""
            start = text.range.end.column - len(name)
            rng = text.range._replace(start=text.range.start._replace(column=start))
            yield self.finding(text.range, f'{what} undefined target "{name}"{hint}', fix=replace_fix(rng, name, found))
