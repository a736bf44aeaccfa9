"""RUN scripts through ShellCheck's most frequent checks (shared checks in ``shell/rules``).

hadolint runs ShellCheck on every RUN; these are the findings it reports most on real Dockerfiles.
Like hadolint, the stage's ARG and ENV names count as known variables, and a ``SHELL`` with ``-e``
(or ``RUN ["sh", "-ec", ...]``) is taken into account for ``cd``.
"""

from __future__ import annotations

from ...shell.checks import (
    DECLARE_AND_ASSIGN_SEPARATELY,
    UNCHECKED_CD,
    UNQUOTED_COMMAND_SUBSTITUTION,
    UNQUOTED_EXPANSION,
    USELESS_CAT,
    ReportsShellCheck,
)
from ...shell.rules import ShellFlags, unchecked_cds, unquoted_expansions
from ..scope import scopes
from ..shell_view import shell_errexit, shell_sets_pipefail, stage_shell
from .run_common import RunRule


class _ShellCheck(ReportsShellCheck, RunRule):
    """Base: one shared shell check (``shell/checks.py``) over every RUN script, its hits placed in the
    Dockerfile."""

    instruction_local = True  # its instruction, the ARG/ENV and SHELL before it (reuse.py)

    def hits(self, view, ins, df):
        return self.script_hits(view.script)

    def check_run(self, view, ins, df, ctx):
        for hit in self.hits(view, ins, df):
            yield self.finding(view.range(hit.start, hit.end), hit.message)


class UnquotedExpansion(_ShellCheck):
    """Double quote variable expansions in RUN to prevent globbing and word splitting.

    An unquoted ``$DIR`` is split on whitespace and each piece is expanded as a glob: with
    ``DIR="/opt/my app"``, ``rm -rf $DIR`` removes ``/opt/my`` and ``app``. The stage's ARG and ENV
    names, variables the script only sets to one plain word (``V=1.2``) and the shell's numeric
    variables are not reported; neither are assignments, ``[[ ]]``, ``case`` words or ``for``
    lists, where nothing is split.

    Bad:

        RUN rm -rf $BUILD_DIR/cache

    Good:

        RUN rm -rf "$BUILD_DIR/cache"
    """

    code = "SH201"
    shell_check = UNQUOTED_EXPANSION
    aliases = (*UNQUOTED_EXPANSION.aliases, "hadolint:SC2086")

    def hits(self, view, ins, df):
        scope = scopes(df).at(ins)
        return unquoted_expansions(view.script, lambda name: scope.get(name) is not None)


class UnquotedCommandSubstitution(_ShellCheck):
    """Quote command substitutions in RUN to prevent word splitting.

    The output of an unquoted ``$(cmd)`` is split on whitespace and globbed: ``cp $(find . -name
    '*.conf') /etc/app/`` breaks on the first file name with a space, and a ``*`` in the output
    expands to the files of the working directory. Substitutions that print one plain word
    (``$(nproc)``, ``$(uname -m)``, ``$(dpkg --print-architecture)``, ``$(id -u)``) are not reported.

    Bad:

        RUN apt-get install -y --no-install-recommends $(cat packages.txt)

    Good:

        RUN xargs -a packages.txt apt-get install -y --no-install-recommends
    """

    code = "SH202"
    shell_check = UNQUOTED_COMMAND_SUBSTITUTION
    aliases = (*UNQUOTED_COMMAND_SUBSTITUTION.aliases, "hadolint:SC2046")


class DeclareAndAssignSeparately(_ShellCheck):
    """Declare and assign separately: ``export VAR=$(cmd)`` hides ``cmd``'s exit status.

    ``export`` (and ``local``, ``declare``, ``readonly``) is a command whose status replaces the
    substitution's: ``export VERSION=$(git describe) && make`` goes on with an empty ``VERSION``
    when ``git describe`` fails, even under ``set -e``. Assign first, then export.

    Bad:

        RUN export VERSION=$(cat VERSION) && make release

    Good:

        RUN VERSION=$(cat VERSION) && export VERSION && make release
    """

    code = "SH203"
    shell_check = DECLARE_AND_ASSIGN_SEPARATELY
    aliases = (*DECLARE_AND_ASSIGN_SEPARATELY.aliases, "hadolint:SC2155")


class UncheckedCd(_ShellCheck):
    """Use ``cd ... || exit`` in RUN: a failed ``cd`` lets the next commands run in the wrong directory.

    RUN uses ``/bin/sh -c`` without ``-e``: after ``cd build; make install`` with no ``build``
    folder, ``make`` runs where the RUN started and the build goes on. Join with ``&&``, add
    ``|| exit 1``, or set ``SHELL ["/bin/sh", "-ec"]``. A ``cd`` that is the last command, or one
    in a subshell, is not reported (its failure is the RUN's status, or it changes nothing after).

    Bad:

        RUN cd /src/app; make install

    Good:

        RUN cd /src/app && make install
    """

    code = "SH204"
    shell_check = UNCHECKED_CD
    message = "Use 'cd ... || exit' or 'cd ... &&' in case cd fails"  # RUN's sh has no -e: not the CI wording
    tags = ("correctness", "shell")
    aliases = (*UNCHECKED_CD.aliases, "hadolint:SC2164")

    def hits(self, view, ins, df):
        shell = ins.exec_form if view.kind == "exec" and ins.exec_form else stage_shell(df, ins)
        flags = ShellFlags(errexit=shell_errexit(shell), pipefail=shell_sets_pipefail(shell))
        return unchecked_cds(view.script, flags)


class UselessCat(_ShellCheck):
    """Useless ``cat``: give the file to the command (``cmd < file``) instead of piping it.

    ``cat file | grep x`` starts a process and a pipe for nothing, and hides ``cat``'s failure (a
    missing file) unless ``pipefail`` is set. ``cat`` with several files or options is not reported.

    Bad:

        RUN cat /etc/os-release | grep VERSION_ID

    Good:

        RUN grep VERSION_ID /etc/os-release
    """

    code = "SH205"
    shell_check = USELESS_CAT
