"""RUN scripts: redirects written on ``sudo`` commands (shared check in ``shell/rules``)."""

from __future__ import annotations

from ...shell.checks import SUDO_REDIRECT, ReportsShellCheck
from .run_common import RunRule


class SudoRedirect(ReportsShellCheck, RunRule):
    """A redirect on a ``sudo`` command: the calling shell opens the file, without root.

    After ``USER app``, ``RUN sudo echo x > /etc/file`` runs only ``echo`` as root; the shell
    opens ``/etc/file`` first, as ``app``, and the build fails with "Permission denied". Pipe into
    ``sudo tee`` (``tee -a`` to append) or run the command line in ``sudo sh -c '...'`` (better:
    do the privileged steps before ``USER``). Redirects to ``/dev/null`` and to a path held wholly
    in a variable are not reported.

    Bad:

        USER app
        RUN sudo echo "vm.max_map_count=262144" > /etc/sysctl.d/99-app.conf

    Good:

        USER app
        RUN echo "vm.max_map_count=262144" | sudo tee /etc/sysctl.d/99-app.conf > /dev/null
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF134"  # its Dockerfile code and name stay: users have them in ignore lists
    shell_check = SUDO_REDIRECT
    name = "run-sudo-redirect"

    def check_run(self, view, ins, df, ctx):
        for hit in self.script_hits(view.script):
            yield self.finding(view.range(hit.start, hit.end), hit.message)
