"""Fixes that rewrite one YAML scalar in place (a misspelt key or value)."""

from __future__ import annotations

from collections.abc import Iterable

from ...core.findings import Fix
from ...core.suggest import replace_fix
from .nodes import Node, Scalar


def rename_fix(node: Node | None, found: Iterable[str]) -> Fix | None:
    """Replace the scalar ``node`` with the best of the candidates ``found``, in the same quoting.

    Plain and simply quoted scalars only: a quoted one with escapes, or a block scalar, spans text
    that is not its value, and an edit there could break more than the name.
    """
    if not isinstance(node, Scalar):
        return None
    quote = node.style if node.style in ("'", '"') else ""
    if node.style not in ("", "'", '"') or node.end - node.start != len(node.value) + 2 * len(quote):
        return None
    if node.range.start.line != node.range.end.line:
        return None
    return replace_fix(node.range, node.value, found, quote)
