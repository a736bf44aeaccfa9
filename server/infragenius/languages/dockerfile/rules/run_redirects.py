"""RUN scripts: redirects written on ``sudo`` commands (shared check in ``shell/rules``)."""

from __future__ import annotations

from ....core.findings import Severity
from ...shell.rules.sudo_redirects import sudo_redirects
from .run_common import RunRule


class SudoRedirect(RunRule):
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

    code = "DF134"
    name = "run-sudo-redirect"
    message = "sudo does not apply to this redirect; use '| sudo tee FILE' instead"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("shellcheck:SC2024",)

    def check_run(self, view, ins, df, ctx):
        for hit in sudo_redirects(view.script):
            yield self.finding(view.range(hit.start, hit.end), hit.message)
