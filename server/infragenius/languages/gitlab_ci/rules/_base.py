"""Shared base and helpers for GitLab CI rules."""

from __future__ import annotations

import difflib
from typing import Iterable

from ....core.context import Context
from ....core.findings import Finding
from ....core.rules import Rule
from ...yaml import Mapping, Node, Scalar, Sequence
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


def did_you_mean(word: str, choices) -> str:
    # Only names of a similar length can pass the 0.75 cutoff; filtering first keeps a pipeline with
    # thousands of jobs linear (difflib against every job, per reference, was quadratic).
    candidates = [c for c in choices if abs(len(c) - len(word)) <= max(3, len(word) // 3)][:500]
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
    return f" (did you mean '{match[0]}'?)" if match else ""


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
