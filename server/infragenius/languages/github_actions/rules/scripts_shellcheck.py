"""``run:`` scripts through ShellCheck's most frequent checks (shared checks in ``shell/rules``).

actionlint runs ShellCheck on every ``run:``; these are the checks it reports most on real
workflows (the same as the Dockerfile rules SH201-SH205). ``${{ }}`` expressions are filled in
before the shell starts: they are not shell variables. The runner's own variables that never hold
a space or a glob character and ``env:`` entries written out in the file are known, as the
Dockerfile rules take a stage's ARG and ENV (see ``scripts_words``). ShellCheck's SC2164 (``cd`` without a failure
branch) is SH005: GitHub's shells run with ``-e``, so a failing ``cd`` stops the step there.
"""

from __future__ import annotations

from ...shell.checks import (
    DECLARE_AND_ASSIGN_SEPARATELY,
    UNQUOTED_COMMAND_SUBSTITUTION,
    UNQUOTED_EXPANSION,
    USELESS_CAT,
)
from ...shell.rules import unquoted_expansions
from .scripts_shell import _ShellCheck
from .scripts_words import KnownValues


class UnquotedExpansion(_ShellCheck):
    """Double quote variable expansions in ``run:`` to prevent globbing and word splitting.

    An unquoted ``$DIR`` is split on whitespace and each piece is expanded as a glob: with
    ``DIR="my app"``, ``rm -rf $DIR`` removes ``my`` and ``app``. Not reported: the runner's
    variables that are always one word (``$GITHUB_OUTPUT``, ``$GITHUB_SHA``, ``$RUNNER_TEMP``...),
    ``env:`` entries written out in the file (an options list there is meant to be split; an entry
    set from ``inputs``, a step output or a title is reported), variables the script only sets to
    one plain word, and ``${{ }}`` expressions (filled in before the shell runs). Same check as SH201 for Dockerfiles
    and SH107 for GitLab CI.

    Bad:

        - run: rm -rf $BUILD_DIR/cache

    Good:

        - run: rm -rf "$BUILD_DIR/cache"
    """

    code = "SH008"
    shell_check = UNQUOTED_EXPANSION

    def hits(self, run):
        words = KnownValues(run)
        return unquoted_expansions(words.script(), words.variable)


class UnquotedCommandSubstitution(_ShellCheck):
    """Quote command substitutions in ``run:`` to prevent word splitting.

    The output of an unquoted ``$(cmd)`` is split on whitespace and globbed: ``cp $(find . -name
    '*.conf') dist/`` breaks on the first file name with a space, and a ``*`` in the output expands
    to the files of the working directory. Substitutions that print one plain word (``$(nproc)``,
    ``$(uname -m)``, ``$(id -u)``, ``$(git rev-parse HEAD)``) are not reported. Same check as SH202
    for Dockerfiles and SH108 for GitLab CI.

    Bad:

        - run: docker rm -f $(docker ps -aq)

    Good:

        - run: docker ps -aq | xargs -r docker rm -f
    """

    code = "SH009"
    shell_check = UNQUOTED_COMMAND_SUBSTITUTION


class DeclareAndAssignSeparately(_ShellCheck):
    """Declare and assign separately in ``run:``: ``export VAR=$(cmd)`` hides ``cmd``'s exit status.

    ``export`` (and ``local``, ``declare``, ``readonly``) is a command whose status replaces the
    substitution's: GitHub's ``bash -e`` stops the step when a command fails, but not when
    ``export VERSION=$(git describe)`` fails; the step goes on with an empty ``VERSION``. Assign
    first, then export. Same check as SH203 for Dockerfiles and SH109 for GitLab CI.

    Bad:

        - run: |
            export VERSION=$(git describe --tags)
            make release

    Good:

        - run: |
            VERSION=$(git describe --tags)
            export VERSION
            make release
    """

    code = "SH010"
    shell_check = DECLARE_AND_ASSIGN_SEPARATELY


class UselessCat(_ShellCheck):
    """Useless ``cat`` in ``run:``: give the file to the command (``cmd < file``) instead of piping it.

    ``cat file | grep x`` starts a process and a pipe for nothing, and without ``pipefail`` (a step
    with no ``shell:`` runs ``bash -e`` without it) a missing file does not fail the step. ``cat``
    with several files or options is not reported. Same check as SH205 for Dockerfiles and SH110
    for GitLab CI.

    Bad:

        - run: cat version.txt | tr -d '\\n'

    Good:

        - run: tr -d '\\n' < version.txt
    """

    code = "SH011"
    shell_check = USELESS_CAT
