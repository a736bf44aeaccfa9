"""Job scripts through ShellCheck's most frequent checks (shared checks in ``shell/rules``).

The same checks as the Dockerfile rules SH201-SH205 and SH008-SH011 for GitHub Actions. The runner
runs a job's ``before_script`` and ``script`` lines one after another in one shell, so they are
checked as one script: ``VERSION=1.2`` on one line makes ``$VERSION`` one word on the next.
GitLab's own variables that never hold a space or a glob character and ``variables:`` written out
in the file are known (see ``scripts_words``). ShellCheck's SC2164 (``cd`` without a failure branch) is
SH105: the runner starts the shell with ``set -e``, so a failing ``cd`` stops the job there.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from ...shell import Script, parse_script
from ...shell.checks import (
    DECLARE_AND_ASSIGN_SEPARATELY,
    UNQUOTED_COMMAND_SUBSTITUTION,
    UNQUOTED_EXPANSION,
    USELESS_CAT,
    ReportsShellCheck,
)
from ...shell.rules import Hit, unquoted_expansions
from ..model import Pipeline
from ._base import GitlabRule
from .scripts import ScriptLine, _range, script_lines
from .scripts_words import KnownVariables


@dataclass
class ScriptStream:
    """The lines one shell runs (a job's ``before_script`` + ``script``, or its ``after_script``),
    joined with newlines as the runner feeds them, and parsed as one script."""

    lines: list[ScriptLine]
    starts: list[int]  # offset of each line in the joined text
    script: Script

    @cached_property
    def is_known(self) -> KnownVariables:
        names = {name for name, _, _ in self.script.assignments}
        names.update(name for cmd in self.script.commands for name, _ in cmd.assignments)
        return KnownVariables(self.lines[0].variable_values, names)

    def locate(self, hit: Hit) -> tuple[ScriptLine, int, int]:
        """The line a hit starts on, and the hit's span within that line."""
        i = bisect_right(self.starts, hit.start) - 1
        line, start = self.lines[i], self.starts[i]
        return line, hit.start - start, min(hit.end - start, len(line.scalar.value))


def script_streams(pipeline: Pipeline) -> list[ScriptStream]:
    """Every shell of the file's jobs (computed once per analysis)."""
    cache = pipeline.__dict__.setdefault("_ig_script_lines", {})
    if "streams" not in cache:
        cache["streams"] = [_stream(list(lines)) for _, lines in groupby(script_lines(pipeline), lambda l: l.stream)]
    return cache["streams"]


def _stream(lines: list[ScriptLine]) -> ScriptStream:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.scalar.value) + 1
    return ScriptStream(lines, starts, parse_script("\n".join(line.scalar.value for line in lines)))


class _StreamCheck(ReportsShellCheck, GitlabRule):
    """Base: one shared shell check (``shell/checks.py``) over each shell's script, its hits placed on
    their lines."""

    name_prefix = "gitlab-"

    def hits(self, stream: ScriptStream) -> list[Hit]:
        return self.script_hits(stream.script)

    def check_pipeline(self, pipeline, ctx):
        memo: dict = {}
        for stream in script_streams(pipeline):
            for hit in self.hits(stream):
                line, start, end = stream.locate(hit)
                yield self.finding(_range(ctx.document, line.scalar, start, end, memo), hit.message)


class UnquotedExpansion(_StreamCheck):
    """Double quote variable expansions in job scripts to prevent globbing and word splitting.

    An unquoted ``$DIR`` is split on whitespace and each piece is expanded as a glob: with
    ``DIR="my app"``, ``rm -rf $DIR`` removes ``my`` and ``app``. Not reported: GitLab's variables
    that are always one word (``$CI_PROJECT_DIR``, ``$CI_COMMIT_SHA``, ``$CI_REGISTRY_IMAGE``...; but
    ``$CI_COMMIT_MESSAGE`` or ``$CI_JOB_NAME`` hold spaces), ``variables:`` and ``parallel:
    matrix`` entries written out in the file (an options list there is meant to be split; one set
    in the project's settings is reported), and variables the job's script lines only set to one
    plain word. Same check as SH201 for
    Dockerfiles and SH008 for GitHub Actions.

    Bad:

        build:
          script:
            - cp -r $BUILD_DIR/dist public/

    Good:

        build:
          script:
            - cp -r "$BUILD_DIR/dist" public/
    """

    code = "SH107"
    shell_check = UNQUOTED_EXPANSION

    def hits(self, stream):
        return unquoted_expansions(stream.script, stream.is_known)


class UnquotedCommandSubstitution(_StreamCheck):
    """Quote command substitutions in job scripts to prevent word splitting.

    The output of an unquoted ``$(cmd)`` is split on whitespace and globbed: ``cp $(find . -name
    '*.conf') dist/`` breaks on the first file name with a space, and a ``*`` in the output expands
    to the files of the working directory. Substitutions that print one plain word (``$(nproc)``,
    ``$(uname -m)``, ``$(id -u)``, ``$(git rev-parse HEAD)``) are not reported. Same check as SH202
    for Dockerfiles and SH009 for GitHub Actions.

    Bad:

        lint:
          script:
            - shellcheck $(git ls-files '*.sh')

    Good:

        lint:
          script:
            - git ls-files -z '*.sh' | xargs -0 shellcheck
    """

    code = "SH108"
    shell_check = UNQUOTED_COMMAND_SUBSTITUTION


class DeclareAndAssignSeparately(_StreamCheck):
    """Declare and assign separately in job scripts: ``export VAR=$(cmd)`` hides ``cmd``'s exit status.

    ``export`` (and ``local``, ``declare``, ``readonly``) is a command whose status replaces the
    substitution's: the runner's ``set -e`` stops the job when a command fails, but not when
    ``export VERSION=$(git describe)`` fails; the job goes on with an empty ``VERSION``. Assign
    first, then export. Same check as SH203 for Dockerfiles and SH010 for GitHub Actions.

    Bad:

        release:
          script:
            - export VERSION=$(git describe --tags)
            - make release

    Good:

        release:
          script:
            - VERSION=$(git describe --tags)
            - export VERSION
            - make release
    """

    code = "SH109"
    shell_check = DECLARE_AND_ASSIGN_SEPARATELY


class UselessCat(_StreamCheck):
    """Useless ``cat`` in job scripts: give the file to the command (``cmd < file``) instead of piping it.

    ``cat file | grep x`` starts a process and a pipe for nothing. ``cat`` with several files or
    options is not reported. Same check as SH205 for Dockerfiles and SH011 for GitHub Actions.

    Bad:

        version:
          script:
            - cat VERSION | tr -d '\\n'

    Good:

        version:
          script:
            - tr -d '\\n' < VERSION
    """

    code = "SH110"
    shell_check = USELESS_CAT
