"""A Bake file with positions: its targets, groups, variables and functions, and the plain strings
their attributes hold (a value with an expression or interpolation is unknown: None)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...core.document import Range


@dataclass(frozen=True)
class Text:
    """A plain string written in the file, and where (without its quotes)."""

    value: str
    range: Range


@dataclass
class Attribute:
    name: str
    key: Range  # the attribute's name
    range: Range  # name to end of value
    text: Text | None = None  # a plain string value
    items: list[Text] | None = None  # a list of plain strings (None: not such a list)
    pairs: dict[str, Text] | None = None  # an object of plain strings (None: not such an object)


@dataclass
class Block:
    kind: str  # target, group, variable, function
    name: str
    name_range: Range  # the label, without quotes
    range: Range
    attributes: dict[str, Attribute] = field(default_factory=dict)


@dataclass
class BakeFile:
    path: Path | None
    blocks: list[Block]
    # names other files of the folder give targets (bake files, Compose services): Bake reads them together
    project_targets: set[str] = field(default_factory=set)

    def of_kind(self, kind: str) -> dict[str, Block]:
        return {b.name: b for b in self.blocks if b.kind == kind}

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path is not None else None
