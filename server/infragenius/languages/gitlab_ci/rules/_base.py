"""Shared base and helpers for GitLab CI rules."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding, Fix
from ....core.rules import Rule
from ....core.suggest import candidates
from ....core.suggest import did_you_mean as suggest_text
from ...yaml import Mapping, Node, Scalar, Sequence
from ...yaml.fixes import rename_fix
from ..model import Pipeline


class GitlabRule(Rule):
    language = "gitlab-ci"

    def check(self, ctx: Context) -> Iterable[Finding]:
        pipeline: Pipeline = ctx.model
        if pipeline is None or pipeline.root is None:
            return ()
        return self.check_pipeline(pipeline, ctx)

    def check_pipeline(self, pipeline: Pipeline, ctx: Context) -> Iterable[Finding]:
        return ()


def suggestions(word: str, choices) -> tuple[str, ...]:
    """The known names ``word`` may be a misspelling of, best first (see core.suggest)."""
    # Only names of a similar length can pass the 0.75 cutoff; filtering first keeps a pipeline with
    # thousands of jobs linear (difflib against every job, per reference, was quadratic).
    similar = [c for c in choices if abs(len(c) - len(word)) <= max(3, len(word) // 3)][:500]
    return candidates(word, similar, cutoff=0.75)


def hint(found: tuple[str, ...]) -> str:
    if not found:
        return ""
    text = suggest_text(found, quote="'")
    return f" ({text})"


def rename(node: Node, word: str, choices, mapping: Mapping | None = None) -> tuple[str, Fix | None]:
    """The message's hint and the fix for a misspelt ``word`` at ``node``. A key whose right
    spelling is set beside it in ``mapping`` gets neither: renaming it would make a duplicate."""
    found = suggestions(word, choices)
    if found and mapping is not None and found[0] in mapping:
        return f" (a misspelling of '{found[0]}', which is set too)", None
    return hint(found), rename_fix(node, found)


def shape_of(node: Node) -> str:
    if isinstance(node, Mapping):
        return "map"
    if isinstance(node, Sequence):
        return "list"
    if isinstance(node, Scalar):
        if node.tag and node.tag.startswith("!") and node.tag != "!":
            return "any"
        return {"bool": "bool", "int": "int", "float": "int", "null": "null"}.get(node.type, "str")
    return "any"


def matches_shape(node: Node, expected: str) -> bool:
    if node.tag == "!reference":
        return True  # resolved by GitLab at load time; its shape is the referenced value's
    actual = shape_of(node)
    if actual in ("any", "null"):
        return True
    allowed = expected.split("|")
    if "any" in allowed or actual in allowed:
        return True
    # GitLab coerces scalars to strings where a string is expected (e.g. `stage: 1`).
    return actual in ("int", "bool") and "str" in allowed


def is_dynamic(value: str) -> bool:
    """A value that depends on variables or inputs, unknown until the pipeline runs."""
    return "$" in value
