"""``run:`` scripts: redirects written on ``sudo`` commands (shared check in ``shell/rules``)."""

from __future__ import annotations

from ...shell.checks import SUDO_REDIRECT
from .scripts_shell import _ShellCheck


class SudoRedirect(_ShellCheck):
    """A redirect on a ``sudo`` command: the calling shell opens the file, without root.

    In ``sudo echo x > /etc/file`` only ``echo`` runs as root; the shell opens ``/etc/file``
    first, as the runner user, and fails with "Permission denied" (or writes a file the user owns
    when the command meant to read a protected one). Pipe into ``sudo tee`` (``tee -a`` to append)
    or run the whole command line in ``sudo sh -c '...'``. Redirects to ``/dev/null`` and to a path
    held wholly in a variable are not reported. Same check as SH106 for GitLab CI and DF134 for
    Dockerfiles.

    Bad:

        - run: sudo echo "deb https://apt.example.com stable main" > /etc/apt/sources.list.d/x.list

    Good:

        - run: echo "deb https://apt.example.com stable main" | sudo tee /etc/apt/sources.list.d/x.list > /dev/null
    """

    code = "SH007"
    shell_check = SUDO_REDIRECT
