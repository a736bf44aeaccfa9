"""Workflow structure: keys, types, required keys, duplicates, events, permissions."""

from __future__ import annotations

from ....core.document import Range
from ....core.findings import Severity
from ._base import IssueRule


class UnknownKey(IssueRule):
    """A key that GitHub Actions does not know at this place.

    GitHub rejects the workflow (or, for some sections, silently ignores the key). A typo such as
    ``runs_on`` or ``timeout`` is the usual cause; the message suggests the closest known key.

    Bad:

        jobs:
          build:
            runs_on: ubuntu-latest

    Good:

        jobs:
          build:
            runs-on: ubuntu-latest
    """

    code = "GA001"
    name = "unknown-key"
    message = "Unknown key"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)
    fixable = True


class InvalidType(IssueRule):
    """A value of the wrong type (a string where a mapping is expected, a word where a number is).

    Bad:

        jobs:
          build:
            runs-on: ubuntu-latest
            timeout-minutes: ten
            steps: echo hi

    Good:

        jobs:
          build:
            runs-on: ubuntu-latest
            timeout-minutes: 10
            steps:
              - run: echo hi
    """

    code = "GA002"
    name = "invalid-type"
    message = "Value of the wrong type"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)


class MissingRequiredKey(IssueRule):
    """A required key is missing: ``on``/``jobs`` in a workflow, ``runs-on`` and ``steps`` in a job
    (unless it calls a reusable workflow with ``uses``), ``uses`` or ``run`` in a step, ``group`` in
    ``concurrency``, ``type`` of a ``workflow_call`` input.

    Bad:

        on: push
        jobs:
          build:
            steps:
              - run: make

    Good:

        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make
    """

    code = "GA003"
    name = "missing-required-key"
    message = "Required key is missing"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)

    def check(self, ctx):
        wf = ctx.model
        if wf is not None and wf.kind == "workflow" and wf.stream.root is None and not wf.stream.problems:
            # nothing but comments and blank lines: GitHub rejects the file ("No event triggers")
            if not any(line.strip() and not line.lstrip().startswith("#") for line in wf.document.lines):
                yield self.finding(Range.of(0, 0, 0, 0), 'workflow is empty: it needs "on" and "jobs"')
            return
        yield from super().check(ctx)


class DuplicateKey(IssueRule):
    """The same key twice in one mapping.

    YAML forbids it and GitHub rejects the workflow; some YAML tools keep the last value silently, so
    the file means something else in each tool.

    Bad:

        jobs:
          build:
            runs-on: ubuntu-latest
            runs-on: windows-latest

    Good:

        jobs:
          build:
            runs-on: ubuntu-latest
    """

    code = "GA004"
    name = "duplicate-key"
    message = "Duplicate key"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)
    workflow_only = False


class UnknownEvent(IssueRule):
    """An event under ``on:`` that GitHub does not know; the workflow never runs for it.

    Bad:

        on: [push, pull-request]

    Good:

        on: [push, pull_request]
    """

    code = "GA005"
    name = "unknown-event"
    message = "Unknown event"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:events",)
    fixable = True


class InvalidEventFilter(IssueRule):
    """An event filter or activity type that the event does not support, or filters that exclude
    each other (``branches`` with ``branches-ignore``), or a malformed ``schedule``.

    Bad:

        on:
          pull_request:
            types: [created]
          release:
            tags: [v1]

    Good:

        on:
          pull_request:
            types: [opened]
          push:
            tags: [v1]
    """

    code = "GA006"
    name = "invalid-event-filter"
    message = "Invalid event filter"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:events",)


class InvalidPermissions(IssueRule):
    """An unknown permission scope or a value the scope does not accept.

    Scopes take ``read``, ``write`` or ``none`` (``id-token`` only ``write``/``none``, ``models``
    only ``read``/``none``); the whole block may be ``read-all`` or ``write-all``.

    Bad:

        permissions:
          content: read
          id-token: read

    Good:

        permissions:
          contents: read
          id-token: write
    """

    code = "GA007"
    name = "invalid-permissions"
    message = "Invalid permissions"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:permissions",)
    fixable = True


class InvalidInputDefinition(IssueRule):
    """An input of ``workflow_dispatch``/``workflow_call`` whose definition cannot work: a
    ``choice`` without options, a default that is not one of the options or not of the input's
    type, ``options`` on a non-choice input, a required input with a default, more than 25 inputs.

    Bad:

        on:
          workflow_dispatch:
            inputs:
              level:
                type: choice
                default: debug
                options: [info, warning]

    Good:

        on:
          workflow_dispatch:
            inputs:
              level:
                type: choice
                default: info
                options: [info, warning]
    """

    code = "GA008"
    name = "invalid-input-definition"
    message = "Invalid input definition"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:events",)


class UnsupportedMergeKey(IssueRule):
    """GitHub Actions reads anchors and aliases but not the YAML merge key ``<<``.

    Bad:

        env:
          <<: *common
          EXTRA: 1

    Good:

        env: *common
    """

    code = "GA009"
    name = "unsupported-merge-key"
    message = "YAML merge keys are not supported"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:syntax-check",)
