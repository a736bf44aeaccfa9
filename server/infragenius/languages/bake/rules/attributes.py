"""Attributes a target or group does not have."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding, Severity
from ....core.suggest import candidates, did_you_mean, replace_fix
from .. import docs
from ..model import BakeFile
from ._base import BakeRule

# The attributes of Bake's target and group blocks (their docs in docs.py)
TARGET_ATTRIBUTES = tuple(docs.TARGET_ATTRIBUTES)
GROUP_ATTRIBUTES = tuple(docs.GROUP_ATTRIBUTES)


class UnknownAttribute(BakeRule):
    """A target or group attribute that Bake does not know.

    ``docker buildx bake`` refuses the file ("Unsupported argument"): a misspelt ``platform`` or
    ``cache_from`` never takes effect. Bake's attributes are written with hyphens (``cache-from``,
    ``no-cache``), unlike Compose's keys.

    Bad:

        target "app" {
          platform = ["linux/amd64"]
        }

    Good:

        target "app" {
          platforms = ["linux/amd64"]
        }
    """

    code = "DC103"
    name = "unknown-attribute"
    message = "Unknown attribute of a Bake target or group"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_file(self, model: BakeFile, ctx: Context) -> Iterable[Finding]:
        for block in model.blocks:
            known = {"target": TARGET_ATTRIBUTES, "group": GROUP_ATTRIBUTES}.get(block.kind)
            if known is None:
                continue
            for name, attribute in block.attributes.items():
                if name in known:
                    continue
                found = candidates(name, known)
                hint = f"; {did_you_mean(found)}" if found else ""
                message = f'{block.kind} "{block.name}" has no attribute "{name}"{hint}'
                yield self.finding(attribute.key, message, fix=replace_fix(attribute.key, name, found))
