"""A package-index update with no install after it in the same RUN."""

from __future__ import annotations

from ....core.findings import Severity
from .run_common import RunRule, command_span, packages_in

# index refresh -> the actions that use the fresh index (apk's "add" is read as "install")
_USES_INDEX = {
    "apt-get": {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "reinstall", "satisfy"},
    "apt": {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "reinstall", "satisfy"},
    "apk": {"install", "upgrade", "fix"},
}


class PackageUpdateAlone(RunRule):
    """Run ``apt-get update`` (or ``apk update``) in the same RUN as the install that needs it.

    The build cache keeps a ``RUN apt-get update`` layer for as long as its text does not change:
    a later ``RUN apt-get install`` then works from stale package lists, and fails ("404 Not
    Found") or installs outdated versions once the archive moves on. ``yum``/``dnf``/``zypper
    update`` upgrade packages rather than refresh an index and are not reported.

    Bad:

        RUN apt-get update
        RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8

    Good:

        RUN apt-get update \\
            && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF133"
    name = "package-update-alone"
    message = "Package index update without an install in the same RUN; the cached lists go stale"
    severity = Severity.WARNING
    tags = ("build", "reproducibility")
    aliases = ("trivy:AVD-DS-0017",)

    def check_run(self, view, ins, df, ctx):
        commands = list(packages_in(view, *_USES_INDEX))
        for i, pc in enumerate(commands):
            if pc.action != "update":
                continue
            uses = _USES_INDEX[pc.manager]
            family = {"apt-get", "apt"} if pc.manager in ("apt-get", "apt") else {pc.manager}
            if not any(later.manager in family and later.action in uses for later in commands[i + 1 :]):
                yield self.finding(command_span(view, pc))
