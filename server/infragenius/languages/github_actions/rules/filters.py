"""Filter patterns of ``on:`` events (branches, tags, paths)."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Mapping, Scalar, Sequence
from ._base import ActionsRule

_REF_FILTERS = ("branches", "branches-ignore", "tags", "tags-ignore")
_PATH_FILTERS = ("paths", "paths-ignore")
_GLOB_FILTERS = ("names", "versions")
_REF_INVALID = set(" ~^:\t")
_ESCAPABLE = set("[?+*\\!")


def pattern_problem(pattern: str, kind: str) -> tuple[int, str] | None:
    """(offset, message) of the first problem in a filter pattern, or None.

    ``kind`` is "ref" (branch and tag names: git-check-ref-format plus GitHub's glob characters),
    "path" or "glob".
    """
    if pattern != pattern.strip():
        where = 0 if pattern[:1].isspace() else len(pattern.rstrip())
        if kind == "ref":
            return where, "spaces are not allowed in branch and tag names"
        return where, "leading and trailing spaces are not allowed in a filter pattern"
    body, start = (pattern[1:], 1) if pattern.startswith("!") else (pattern, 0)
    if not body:
        return 0, 'a negated pattern needs something after "!"'
    if kind == "path" and any(part in (".", "..") for part in body.split("/")):
        return start, '"." and ".." are not allowed in a path pattern; paths are relative to the repository root'
    if kind == "ref":
        if body.startswith("/"):
            return start, 'branch and tag names cannot start with "/"'
        if body.endswith(("/", ".")):
            return start + len(body) - 1, 'branch and tag names cannot end with "/" or "."'
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and kind == "ref":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPABLE:
                return start + i, 'only [ ? + * \\ ! can be escaped with "\\"'
            i += 2
            continue
        if kind == "ref" and ch in _REF_INVALID:
            return start + i, f"character {ch!r} is not allowed in branch and tag names"
        if ch == "[":
            close = body.find("]", i + 1)
            if close == -1:
                return start + i, 'character class "[" is not closed with "]"'
            inner = body[i + 1 : close]
            for j in range(len(inner) - 2):
                if inner[j + 1] == "-" and inner[j] > inner[j + 2]:
                    return start + i + 1 + j, f'range "{inner[j : j + 3]}" goes backwards'
            i = close + 1
            continue
        i += 1
    return None


class InvalidFilterPattern(ActionsRule):
    """A branch, tag or path filter that GitHub rejects or that can never match: spaces around a
    path, ``.``/``..`` segments, a lone ``!``, an unclosed ``[``, a backwards range, characters git
    forbids in ref names (space, ``~``, ``^``, ``:``), a bad escape. Filters are globs, not regular
    expressions.

    Bad:

        on:
          push:
            tags: ['v\\d+']
            paths: ['./src/**']

    Good:

        on:
          push:
            tags: ['v[0-9]+*']
            paths: ['src/**']
    """

    code = "GA017"
    name = "invalid-filter-pattern"
    message = "Invalid filter pattern"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:glob",)

    def check_workflow(self, wf, ctx):
        on = wf.on
        if not isinstance(on, Mapping):
            return
        for _, config in on.items():  # noqa: PERF102 (a YAML Mapping, not a dict)
            if not isinstance(config, Mapping):
                continue
            for key, value in config.items():
                name = key.value if isinstance(key, Scalar) else ""
                kind = (
                    "ref"
                    if name in _REF_FILTERS
                    else "path"
                    if name in _PATH_FILTERS
                    else "glob"
                    if name in _GLOB_FILTERS
                    else None
                )
                if kind is None:
                    continue
                items = value.items if isinstance(value, Sequence) else [value]
                for item in items:
                    if not isinstance(item, Scalar) or item.is_null or not item.value or "${{" in item.value:
                        continue
                    problem = pattern_problem(item.value, kind)
                    if problem is not None:
                        offset, message = problem
                        rng = wf.value_range(item, offset, offset + 1) if item.style not in ("|", ">") else item.range
                        yield self.finding(rng, f'invalid pattern "{item.value.strip()}" in "{name}": {message}')
