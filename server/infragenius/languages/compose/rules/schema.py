"""Validation against the Compose Specification: unknown keys and values of the wrong shape."""

from __future__ import annotations

from collections.abc import Iterable

from ....core.context import Context
from ....core.findings import Finding, Severity
from ..model import ComposeFile
from ..schema import SchemaProblem, validate
from ._base import ComposeRule

_CACHE_ATTR = "_schema_problems"


def problems_of(model: ComposeFile) -> list[SchemaProblem]:
    """Validate each file once per analysis, however many schema rules ask."""
    cached: list[SchemaProblem] | None = model.__dict__.get(_CACHE_ATTR)
    if cached is None:
        cached = validate(model.root)
        model.__dict__[_CACHE_ATTR] = cached
    return cached


class _SchemaRule(ComposeRule):
    problem = ""

    def check_file(self, model: ComposeFile, ctx: Context) -> Iterable[Finding]:
        for problem in problems_of(model):
            if problem.kind == self.problem:
                yield self.finding(problem.node.range, problem.message, fix=problem.fix)


class UnknownKey(_SchemaRule):
    """A key that the Compose Specification does not define here.

    ``docker compose`` refuses the whole file ("additional properties 'imagee' not allowed"), and a
    tool that reads it more loosely ignores the key: a misspelt ``healthcheck`` or ``depends_on`` just
    never takes effect. Keys starting with ``x-`` are extensions and always allowed. Checked against
    the Compose Specification's JSON schema shipped with InfraGenius.

    Bad:

        services:
          web:
            image: nginx:1.27
            restart_policy: always

    Good:

        services:
          web:
            image: nginx:1.27
            restart: always
    """

    code = "DC001"
    name = "unknown-key"
    message = "Unknown key"
    severity = Severity.ERROR
    tags = ("correctness", "schema", "no-peer")
    problem = "unknown-key"
    fixable = True


class InvalidValue(_SchemaRule):
    """A value of the wrong type or form for its key.

    ``docker compose`` refuses the file: a single string where a list is expected, a list where a
    mapping is expected, a number out of range, a value not among the allowed ones, a required key
    missing (``extends`` without ``service``), the same port or variable listed twice. Values Compose
    interpolates (``${PORT}``) are not judged: they are only known when the project runs.

    Bad:

        services:
          web:
            image: nginx:1.27
            depends_on: db
            cpu_percent: 150

    Good:

        services:
          web:
            image: nginx:1.27
            depends_on: [db]
            cpu_percent: 50
    """

    code = "DC002"
    name = "invalid-value"
    message = "Invalid value"
    severity = Severity.ERROR
    tags = ("correctness", "schema", "no-peer")
    problem = "invalid"
