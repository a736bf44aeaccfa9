"""zypper inside RUN: non-interactive, no dist-upgrade, clean, pinned versions."""

from __future__ import annotations

from ....core.findings import Severity
from ..shell_view import run_scripts
from .run_common import RunRule, cache_mounted, command_span, insert_option_fix, name_range, packages_in, removes

_PROMPTING = frozenset({"install", "remove", "source-install", "patch", "update", "dist-upgrade"})
_NOT_PACKAGES = frozenset({"pattern", "product", "patch", "srcpackage", "application"})


class ZypperNonInteractive(RunRule):
    """Use ``zypper -n`` (``--non-interactive``) or ``install -y``.

    A build has no terminal: zypper asks for confirmation and the build fails.

    Bad:

        RUN zypper install httpd=2.4.58

    Good:

        RUN zypper install -y httpd=2.4.58 && zypper clean
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF116"
    name = "zypper-non-interactive"
    message = "Non-interactive switch missing from zypper command: zypper install -y"
    severity = Severity.WARNING
    tags = ("build",)
    aliases = ("hadolint:DL3034",)
    fixable = True

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "zypper"):
            if pc.action not in _PROMPTING or pc.opaque:
                continue
            if pc.has("-n", "--non-interactive", "-y", "--no-confirm"):
                continue
            yield self.finding(name_range(view, pc.command), fix=insert_option_fix(view, pc, "-y", "Add -y"))


class ZypperDistUpgrade(RunRule):
    """Do not use ``zypper dist-upgrade`` in a Dockerfile.

    A distribution upgrade inside an image build changes the base image in ways nobody reviewed;
    pick a newer base image instead.

    Bad:

        RUN zypper -n dist-upgrade

    Good:

        FROM opensuse/leap:15.6
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF117"
    name = "zypper-dist-upgrade"
    message = "Do not use zypper dist-upgrade"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3035",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "zypper", action="dist-upgrade"):
            yield self.finding(view.word_range(pc.subcommand) if pc.subcommand else name_range(view, pc.command))


class ZypperClean(RunRule):
    """Run ``zypper clean`` after ``zypper install`` in the same RUN.

    zypper keeps metadata and packages in ``/var/cache/zypp``; clean it in the same layer (or mount
    a cache there). Stages that do not end up in the final image are not reported.

    Bad:

        RUN zypper install -y httpd=2.4.58

    Good:

        RUN zypper install -y httpd=2.4.58 && zypper clean
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF118"
    name = "zypper-clean-missing"
    message = "zypper clean missing after zypper use"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3036", "trivy:AVD-DS-0020")
    final_image_only = True

    def check_run(self, view, ins, df, ctx):
        installs = [
            pc
            for pc in packages_in(view, "zypper")
            if pc.action in ("install", "update", "dist-upgrade", "patch", "source-install")
        ]
        if not installs or cache_mounted(ins, "/var/cache/zypp"):
            return
        scripts = run_scripts(df, ins)
        if removes([c for v in scripts for c in v.commands], "/var/cache/zypp"):
            return
        if any(True for v in scripts for _ in packages_in(v, "zypper", action="clean")):
            return
        yield self.finding(command_span(view, installs[0]))


class ZypperPin(RunRule):
    """Pin versions in ``zypper install``.

    Without a version a rebuild installs whatever the repository holds. Use ``name=version`` (or
    ``>=``, ``<`` constraints). Patterns (``-t pattern``), ``.rpm`` files and capabilities are not
    checked.

    Bad:

        RUN zypper install -y httpd && zypper clean

    Good:

        RUN zypper install -y httpd=2.4.58 && zypper clean
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF119"
    name = "zypper-unpinned"
    message = "Specify version with zypper install -y <package>=<version>"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3037",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "zypper", action="install"):
            if any(t in _NOT_PACKAGES for t in pc.values("-t", "--type")):
                continue
            for word in pc.packages:
                value = word.static_prefix
                if not word.is_static or any(c in value for c in "=<>*?:()/"):
                    continue
                yield self.finding(view.word_range(word), f"Specify version with zypper install -y {value}=<version>")
