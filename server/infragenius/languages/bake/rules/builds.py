"""A target's context folder and Dockerfile must exist."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ....core.build_paths import build_paths
from ....core.context import Context
from ....core.findings import Finding, Severity
from ..model import BakeFile, Block, Text
from ._base import BakeRule

MAX_INHERITS = 16


def inherited(model: BakeFile, block: Block, name: str) -> tuple[bool, Text | None]:
    """(known, value) of a target's attribute, looked up through ``inherits`` (the last parent wins, the
    target's own value over all). Unknown when a parent is not in this file or a value is not plain."""
    targets = model.of_kind("target")
    seen: set[str] = set()

    def look(current: Block, depth: int) -> tuple[bool, Text | None]:
        attribute = current.attributes.get(name)
        if attribute is not None:
            return (attribute.text is not None, attribute.text)
        parents = current.attributes.get("inherits")
        if parents is None:
            return True, None
        if parents.items is None or depth > MAX_INHERITS:
            return False, None
        for parent in reversed(parents.items):
            if parent.value in seen or parent.value not in targets:
                return False, None
            seen.add(parent.value)
            known, value = look(targets[parent.value], depth + 1)
            if not known or value is not None:
                return known, value
        return True, None

    return look(block, 0)


def in_repository(folder: Path) -> bool:
    """A ``.git`` beside the file or above it: the tree is a checkout, so a path missing is missing."""
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


class MissingBuildPath(BakeRule):
    """A target's build context or Dockerfile does not exist.

    ``docker buildx bake`` stops with "failed to read dockerfile" or "path not found". The context is
    relative to where Bake runs (the file's folder), the Dockerfile relative to the context
    (``Dockerfile`` when not named); attributes come through ``inherits``. Interpolated values,
    remote contexts (URLs, ``target:``) and values from variables are not checked, nor files outside
    a repository checkout.

    Bad:

        target "app" {
          context    = "./app"
          dockerfile = "Dockerfile.prod"   # app/ holds only Dockerfile
        }

    Good:

        target "app" {
          context    = "./app"
          dockerfile = "Dockerfile"
        }
    """

    code = "DC102"
    name = "missing-build-path"
    message = "The build context or Dockerfile of a Bake target does not exist"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_file(self, model: BakeFile, ctx: Context) -> Iterable[Finding]:
        folder = model.folder
        if folder is None or not in_repository(folder):
            return
        for block in model.of_kind("target").values():
            if block.name.startswith("_") or "dockerfile-inline" in block.attributes:
                continue  # a base for inherits ("_common") is not built by itself
            known_context, context = inherited(model, block, "context")
            known_dockerfile, dockerfile = inherited(model, block, "dockerfile")
            if not known_context or not known_dockerfile:
                continue
            if context is not None and context.value.startswith("target:"):
                continue
            paths = build_paths(
                folder,
                context.value if context is not None else None,
                dockerfile.value if dockerfile is not None else None,
                dockerfile_base="context",
            )
            if paths is None:
                continue
            if not paths.context.is_dir():
                where = context.range if context is not None else block.name_range
                yield self.finding(
                    where, f'target "{block.name}": build context "{context.value if context else "."}" does not exist'
                )
            elif not paths.dockerfile.is_file():
                where = dockerfile.range if dockerfile is not None else block.name_range
                shown = dockerfile.value if dockerfile is not None else "Dockerfile"
                yield self.finding(where, f'target "{block.name}": Dockerfile "{shown}" does not exist')
