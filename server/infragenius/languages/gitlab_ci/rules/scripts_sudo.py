"""``script:`` lines: redirects written on ``sudo`` commands (shared check in ``shell/rules``)."""

from __future__ import annotations

from ...shell.checks import SUDO_REDIRECT
from .scripts import _ShellCheck


class SudoRedirect(_ShellCheck):
    """A redirect on a ``sudo`` command: the calling shell opens the file, without root.

    In ``sudo echo x > /etc/file`` only ``echo`` runs as root; the shell opens ``/etc/file``
    first, as the job's user, and fails with "Permission denied". Pipe into ``sudo tee`` (``tee
    -a`` to append) or run the whole command line in ``sudo sh -c '...'``. Redirects to
    ``/dev/null`` and to a path held wholly in a variable are not reported. Same check as SH007 for
    GitHub Actions and DF134 for Dockerfiles.

    Bad:

        script:
          - sudo echo "127.0.0.1 db" >> /etc/hosts

    Good:

        script:
          - echo "127.0.0.1 db" | sudo tee -a /etc/hosts > /dev/null
    """

    code = "SH106"
    shell_check = SUDO_REDIRECT
