"""apk inside RUN: pinned versions and --no-cache."""

from __future__ import annotations

from ....core.findings import Severity
from ..shell_view import run_scripts
from .run_common import RunRule, cache_mounted, insert_option_fix, name_range, packages_in, removes


class ApkPin(RunRule):
    """Pin versions in ``apk add``.

    Without a version, a rebuild installs whatever the repository holds that day. Pin
    ``package=version`` (or a ``~`` / ``<`` / ``>`` constraint; a variable counts as pinned). The
    name given to ``--virtual`` / ``-t`` and ``.apk`` files are not packages to pin.

    Bad:

        RUN apk add --no-cache curl

    Good:

        RUN apk add --no-cache curl=8.11.1-r0
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF109"
    name = "apk-unpinned"
    message = "Pin versions in apk add (package=version)"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3018",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "apk", action="install"):
            for word in pc.packages:
                value = word.static_prefix
                if not word.is_static or any(c in value for c in "=~<>*"):
                    continue
                yield self.finding(view.word_range(word), f"Pin versions in apk add: {value}=<version>")


class ApkNoCache(RunRule):
    """Use ``apk add --no-cache`` so the package index is not kept in the image.

    Without ``--no-cache``, ``apk add`` (with ``--update``/``apk update``) leaves the index in
    ``/var/cache/apk``. Not reported for ``--no-network`` (nothing is downloaded), when the same
    RUN removes ``/var/cache/apk`` or mounts a cache there, or when the stage does not end up in
    the final image.

    Bad:

        RUN apk add curl=8.11.1-r0

    Good:

        RUN apk add --no-cache curl=8.11.1-r0
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF110"
    name = "apk-no-cache"
    message = "Use the --no-cache switch to avoid the need to use --update and remove /var/cache/apk/*"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3019", "trivy:AVD-DS-0025")
    fixable = True
    final_image_only = True

    def check_run(self, view, ins, df, ctx):
        if cache_mounted(ins, "/var/cache/apk", "/etc/apk/cache"):
            return
        commands = [c for v in run_scripts(df, ins) for c in v.commands]
        if removes(commands, "/var/cache/apk"):
            return
        for pc in packages_in(view, "apk", action="install"):
            if pc.opaque or pc.has("--no-cache", "--no-network", "-s", "--simulate"):
                continue
            yield self.finding(
                name_range(view, pc.command), fix=insert_option_fix(view, pc, "--no-cache", "Add --no-cache")
            )
