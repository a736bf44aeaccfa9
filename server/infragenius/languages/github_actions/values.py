"""What a workflow value is, as the structure rules see it, and the hints they give for misspelt names.

Values written as a whole ``${{ }}`` expression can stand for anything, so type checks skip them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...core.findings import Fix
from ...core.suggest import candidates
from ...core.suggest import did_you_mean as hint
from ..yaml import UNKNOWN_TAG, Mapping, Node, Scalar, Sequence
from ..yaml.fixes import rename_fix

TYPE_NAMES = {Mapping: "a mapping", Sequence: "a sequence", Scalar: "a scalar"}
ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")  # job and step ids


def is_expression(node: Node | None) -> bool:
    """A scalar that is one whole ``${{ }}``: it may evaluate to any type."""
    if not isinstance(node, Scalar):
        return False
    v = node.value.strip()
    return v.startswith("${{") and v.endswith("}}")


def is_unknown(node: Node | None) -> bool:
    """The stand-in for an undefined alias (already reported as a syntax error)."""
    return isinstance(node, Scalar) and node.tag == UNKNOWN_TAG


def has_expression(node: Node | None) -> bool:
    return isinstance(node, Scalar) and "${{" in node.value


def is_null(node: Node | None) -> bool:
    return isinstance(node, Scalar) and node.is_null


def is_merge_key(key: Node) -> bool:
    """A plain ``<<`` key (GA009 reports it; other rules leave it alone)."""
    return isinstance(key, Scalar) and key.value == "<<" and key.style == ""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    found = candidates(word, choices)
    return f"; {hint(found)}" if found else ""


def key_rename(key: Scalar, found: tuple[str, ...], mapping: Mapping) -> tuple[str, Fix | None]:
    """The hint and fix for a misspelt key: none when the key it stands for is set beside it (the
    rename would make a duplicate; the misspelt one is a leftover to delete)."""
    if not found:
        return "", None
    if found[0] in mapping:
        return f' (a misspelling of "{found[0]}", which is set too)', None
    return f"; {hint(found)}", rename_fix(key, found)


def input_kind(spec: Mapping) -> str | None:
    """The ``type`` of a workflow_dispatch/workflow_call input, when written as a plain word."""
    typ = spec.get("type")
    return typ.value if isinstance(typ, Scalar) else None


def is_empty(node: Node | None) -> bool:
    """A value left empty where one is required: null or blank (``false`` is a value; an undefined
    alias was reported already)."""
    return (
        isinstance(node, Scalar)
        and (node.is_null or not node.value.strip())
        and node.type != "bool"
        and not is_unknown(node)
    )
