"""What a suppression comment covers in a YAML file (GitHub Actions, GitLab CI)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .compose import YamlStream
from .nodes import Mapping, Node, Scalar, Sequence, construct_span


@dataclass(frozen=True)
class BlockScalar:
    """A ``|`` or ``>`` scalar: its text is not YAML, so a ``#`` inside it is no YAML comment."""

    key: str | None  # the key it is the value of, or that holds the list it is an item of
    header_line: int  # the line that opens it: ``run: |`` or ``- |``
    literal: bool  # ``|``: lines kept as written (``>`` folds them into one)
    owner: Mapping | None = field(default=None, compare=False)  # the mapping that holds ``key``

    def sibling(self, key: str) -> str | None:
        """The plain value of another key beside this one (a step's ``shell:``), or None."""
        node = self.owner.get(key) if self.owner is not None else None
        return node.value if isinstance(node, Scalar) else None


def pragma_scope(stream: YamlStream | None, line: int) -> tuple[int, int] | None:
    """A pragma alone on its line covers the key or sequence item that starts on the next code line
    (a whole ``run: |`` or ``script: |`` block, a whole step or job); a trailing pragma covers its
    own line. None: no construct starts there (the engine then covers the next code line)."""
    if stream is None:
        return None
    lines = stream.text.splitlines()
    if line >= len(lines) or not lines[line].lstrip().startswith("#"):
        return line, line
    target = line + 1
    while target < len(lines) and (not lines[target].strip() or lines[target].lstrip().startswith("#")):
        target += 1
    for yaml_doc in stream.documents:
        span = construct_span(yaml_doc.root, target)
        if span is not None:
            return span
    return None


def block_scalar_at(stream: YamlStream | None, line: int) -> BlockScalar | None:
    """The block scalar whose text holds ``line`` (its header line is YAML, so not there)."""
    if stream is None:
        return None
    for yaml_doc in stream.documents:
        for key, owner, node in _blocks(yaml_doc.root, None, None):
            header = node.start_pos.line
            end = node.end_pos.line if node.end_pos.column > 0 else node.end_pos.line - 1
            if header < line <= end:
                return BlockScalar(key, header, node.style == "|", owner)
    return None


def _blocks(
    node: Node | None, key: str | None, owner: Mapping | None
) -> Iterator[tuple[str | None, Mapping | None, Scalar]]:
    """Every block scalar under ``node``, with its key and the mapping that holds the key."""
    if isinstance(node, Scalar):
        if node.style in ("|", ">"):
            yield key, owner, node
    elif isinstance(node, Mapping):
        for k, v in node.pairs:
            yield from _blocks(v, k.value if isinstance(k, Scalar) else None, node)
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _blocks(item, key, owner)
