"""Keyword structure: unknown keywords, wrong value shapes, duplicate keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ....core.findings import Finding, Severity
from ...yaml import Mapping, Node, Scalar, Sequence
from ..keywords import (
    ARTIFACTS_KEYWORDS,
    CACHE_KEYWORDS,
    DEFAULT_KEYWORDS,
    GLOBAL_KEYWORDS,
    JOB_KEYWORDS,
    RULE_KEYWORDS,
    WORKFLOW_KEYWORDS,
)
from ..model import Pipeline
from ._base import GitlabRule, matches_shape, rename


def _sections(pipeline: Pipeline) -> Iterator[tuple[str, Mapping, dict[str, str]]]:
    """(where, mapping, allowed keywords) for every keyword mapping of the analysed document."""
    root = pipeline.root
    assert root is not None
    default = root.get("default")
    if isinstance(default, Mapping):
        yield "default", default, DEFAULT_KEYWORDS
    workflow = root.get("workflow")
    if isinstance(workflow, Mapping):
        yield "workflow", workflow, WORKFLOW_KEYWORDS
        yield from _rule_items("workflow:rules", workflow.get("rules"))
    for job in pipeline.local_jobs:
        mapping = job.mapping
        if mapping is None or job.hidden:
            continue  # hidden keys are free-form templates: GitLab validates them only when extended
        where = f"job '{job.name}'"
        yield where, mapping, JOB_KEYWORDS
        yield from _rule_items(f"{where} rules", mapping.get("rules"))
        artifacts = mapping.get("artifacts")
        if isinstance(artifacts, Mapping):
            yield f"{where} artifacts", artifacts, ARTIFACTS_KEYWORDS
        cache = mapping.get("cache")
        for item in cache.items if isinstance(cache, Sequence) else [cache]:
            if isinstance(item, Mapping):
                yield f"{where} cache", item, CACHE_KEYWORDS


def _rule_items(where: str, rules: Node | None) -> Iterator[tuple[str, Mapping, dict[str, str]]]:
    if isinstance(rules, Sequence):
        for item in rules.items:
            if isinstance(item, Mapping):
                yield where, item, RULE_KEYWORDS


class UnknownKeyword(GitlabRule):
    """A keyword GitLab does not know.

    GitLab rejects the whole pipeline when a job, ``default:``, ``workflow:``, ``rules:``,
    ``artifacts:`` or ``cache:`` contains a key it does not know — usually a typo found only after a
    push. Top-level keys that are not global keywords are jobs, so a misspelt global keyword with a
    non-mapping value is reported too.

    Bad:

        build:
          stage: build
          scirpt: make

    Good:

        build:
          stage: build
          script: make
    """

    code = "GL001"
    name = "unknown-keyword"
    message = "Unknown keyword"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        for where, mapping, allowed in _sections(pipeline):
            for key, _ in mapping.pairs:
                if isinstance(key, Scalar) and key.value not in allowed and key.value != "<<":
                    hint, fix = rename(key, key.value, allowed, mapping)
                    yield self.finding(key.range, f"Unknown keyword '{key.value}' in {where}{hint}", fix=fix)
        yield from self._top_level(pipeline)

    def _top_level(self, pipeline: Pipeline) -> Iterator[Finding]:
        for key, value in pipeline.root.pairs:
            if not isinstance(key, Scalar) or key.value in GLOBAL_KEYWORDS or key.value in ("spec", "<<"):
                continue
            if not isinstance(value, Mapping) and not key.value.startswith("."):
                hint, fix = rename(key, key.value, GLOBAL_KEYWORDS, pipeline.root)
                what = "is not a global keyword" if hint else "is a job but its value is not a mapping"
                yield self.finding(key.range, f"'{key.value}' {what}{hint}", fix=fix)


class InvalidValueType(GitlabRule):
    """A keyword's value has the wrong type.

    ``tags`` must be a list, ``stage`` a string, ``variables`` a mapping, and so on. GitLab rejects the
    pipeline with "config should be a ..." errors.

    Bad:

        test:
          script: pytest
          tags: docker

    Good:

        test:
          script: pytest
          tags: [docker]
    """

    code = "GL002"
    name = "invalid-value-type"
    message = "Wrong value type for keyword"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    _NAMES: ClassVar[dict[str, str]] = {
        "str": "a string",
        "int": "an integer",
        "bool": "a boolean",
        "list": "a list",
        "map": "a mapping",
    }

    def check_pipeline(self, pipeline, ctx):
        sections = [("global", pipeline.root, GLOBAL_KEYWORDS), *_sections(pipeline)]
        for where, mapping, allowed in sections:
            for key, value in mapping.pairs:
                if not isinstance(key, Scalar) or key.value not in allowed:
                    continue
                expected = allowed[key.value]
                if not matches_shape(value, expected):
                    names = " or ".join(self._NAMES.get(s, s) for s in expected.split("|"))
                    yield self.finding(value.range, f"'{key.value}' in {where} must be {names}")


class DuplicateKey(GitlabRule):
    """The same key appears twice in one mapping.

    YAML parsers keep only one of the two (GitLab keeps the last), so half of what you wrote is
    silently ignored — often a whole job defined twice by copy and paste.

    Bad:

        test:
          script: pytest
        test:
          script: tox

    Good:

        test:
          script: pytest
        test-tox:
          script: tox
    """

    code = "GL013"
    name = "duplicate-key"
    message = "Duplicate key"
    severity = Severity.WARNING
    tags = ("correctness", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        for problem in pipeline.stream.problems:
            if problem.kind == "duplicate-key":
                yield self.finding(problem.range, problem.message[:1].upper() + problem.message[1:])
