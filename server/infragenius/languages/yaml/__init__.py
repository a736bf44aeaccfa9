"""Shared YAML layer: position-keeping nodes for GitHub Actions, GitLab CI, Kubernetes and Helm."""

from .compose import AliasUse, Problem, YamlDocument, YamlStream, parse_yaml
from .nodes import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    UNKNOWN_TAG,
    Mapping,
    Node,
    Scalar,
    Sequence,
    construct_span,
    is_merge_key,
    path_at,
    string_value,
    walk,
)
from .scalars import scalar_offsets

__all__ = [
    "BOOL",
    "FLOAT",
    "INT",
    "NULL",
    "STR",
    "UNKNOWN_TAG",
    "AliasUse",
    "Mapping",
    "Node",
    "Problem",
    "Scalar",
    "Sequence",
    "YamlDocument",
    "YamlStream",
    "construct_span",
    "is_merge_key",
    "parse_yaml",
    "path_at",
    "scalar_offsets",
    "string_value",
    "walk",
]
