"""yum / dnf / microdnf inside RUN: -y, clean all, pinned versions."""

from __future__ import annotations

import re

from ....core.findings import Severity
from ..shell_view import run_scripts
from .run_common import RunRule, cache_mounted, command_span, insert_option_fix, name_range, packages_in, removes

YUM = ("yum",)
DNF = ("dnf", "microdnf", "tdnf")
_PROMPTING = frozenset(
    {
        "install",
        "groupinstall",
        "localinstall",
        "reinstall",
        "remove",
        "erase",
        "upgrade",
        "update",
        "downgrade",
        "autoremove",
        "distro-sync",
        "group",
        "module",
        "swap",
    }
)
_INSTALL = frozenset({"install", "reinstall", "downgrade"})
_VERSIONED = re.compile(r"-\d|[=<>]")


def _answered(pc) -> bool:
    if pc.has("-y", "--assumeyes", "--assumeno", "--assume-yes"):
        return True
    return any(
        v.replace(" ", "").lower() in ("assumeyes=1", "assumeyes=true", "assumeyes=yes") for v in pc.values("--setopt")
    )


def _unpinned(pc):
    """Package names without a version: ``name-<version>`` or a ``=``/``<``/``>`` constraint pins.
    A name such as ``java-11-openjdk`` looks versioned and is not reported (precision first)."""
    for word in pc.packages:
        value = word.static_prefix
        if (
            not word.is_static
            or _VERSIONED.search(value)
            or value.startswith("@")
            or any(c in value for c in "*?()/:[")
        ):
            continue
        yield word


class _Yes(RunRule):
    instruction_local = True  # reads its instruction only (reuse.py)
    managers: tuple[str, ...] = ()

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, *self.managers):
            if pc.action not in _PROMPTING or pc.opaque or _answered(pc):
                continue
            yield self.finding(name_range(view, pc.command), fix=insert_option_fix(view, pc, "-y", "Add -y"))


class _Clean(RunRule):
    instruction_local = True  # reads its instruction only (reuse.py)
    managers: tuple[str, ...] = ()
    caches: tuple[str, ...] = ()
    final_image_only = True

    def check_run(self, view, ins, df, ctx):
        installs = [
            pc
            for pc in packages_in(view, *self.managers)
            if pc.action in _INSTALL | {"groupinstall", "localinstall", "upgrade", "update"}
        ]
        if not installs or cache_mounted(ins, *self.caches):
            return
        commands = [c for v in run_scripts(df, ins) for c in v.commands]
        if removes(commands, *self.caches):
            return
        for v in run_scripts(df, ins):
            for pc in packages_in(v, *YUM, *DNF, action="clean"):
                if "all" in [w.value for w in pc.operands] or "packages" in [w.value for w in pc.operands]:
                    return
        yield self.finding(command_span(view, installs[0]))


class _Pin(RunRule):
    instruction_local = True  # reads its instruction only (reuse.py)
    managers: tuple[str, ...] = ()

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, *self.managers):
            if pc.action not in _INSTALL:
                continue
            for word in _unpinned(pc):
                yield self.finding(
                    view.word_range(word), f"Specify version with {pc.manager} install -y {word.value}-<version>"
                )


class YumYes(_Yes):
    """Use ``yum install -y``.

    A build has no terminal: yum asks for confirmation and the build fails. ``-y`` /
    ``--assumeyes`` (or ``--setopt=assumeyes=1``) answers it.

    Bad:

        RUN yum install httpd-2.4.6

    Good:

        RUN yum install -y httpd-2.4.6 && yum clean all
    """

    code = "DF113"
    name = "yum-missing-yes"
    message = "Use the -y switch to avoid manual input (yum install -y)"
    severity = Severity.WARNING
    tags = ("build",)
    aliases = ("hadolint:DL3030",)
    fixable = True
    managers = YUM


class YumClean(_Clean):
    """Run ``yum clean all`` after ``yum install`` in the same RUN.

    yum keeps downloaded metadata and packages in ``/var/cache/yum``; clean it in the same layer
    (or mount a cache there). Stages that do not end up in the final image are not reported.

    Bad:

        RUN yum install -y httpd-2.4.6

    Good:

        RUN yum install -y httpd-2.4.6 && yum clean all
    """

    code = "DF114"
    name = "yum-clean-missing"
    message = "yum clean all missing after yum command"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3032", "trivy:AVD-DS-0015")
    managers = YUM
    caches = ("/var/cache/yum",)


class YumPin(_Pin):
    """Pin versions in ``yum install``.

    Without a version a rebuild installs whatever the repository holds. Use ``name-version``.
    ``.rpm`` files, paths, groups (``@group``) and provides (``'perl(Foo)'``) are not checked.

    Bad:

        RUN yum install -y httpd && yum clean all

    Good:

        RUN yum install -y httpd-2.4.6 && yum clean all
    """

    code = "DF115"
    name = "yum-unpinned"
    message = "Specify version with yum install -y <package>-<version>"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3033",)
    managers = YUM


class DnfYes(_Yes):
    """Use ``dnf install -y`` (also ``microdnf``).

    A build has no terminal: dnf asks for confirmation and the build fails. ``-y`` /
    ``--assumeyes`` answers it.

    Bad:

        RUN dnf install httpd-2.4.57

    Good:

        RUN dnf install -y httpd-2.4.57 && dnf clean all
    """

    code = "DF120"
    name = "dnf-missing-yes"
    message = "Use the -y switch to avoid manual input (dnf install -y)"
    severity = Severity.WARNING
    tags = ("build",)
    aliases = ("hadolint:DL3038",)
    fixable = True
    managers = DNF


class DnfClean(_Clean):
    """Run ``dnf clean all`` after ``dnf install`` in the same RUN (also ``microdnf``).

    dnf keeps metadata and packages in ``/var/cache/dnf``; clean it in the same layer (or mount a
    cache there). Stages that do not end up in the final image are not reported.

    Bad:

        RUN dnf install -y httpd-2.4.57

    Good:

        RUN dnf install -y httpd-2.4.57 && dnf clean all
    """

    code = "DF121"
    name = "dnf-clean-missing"
    message = "dnf clean all missing after dnf command"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3040", "trivy:AVD-DS-0019", "trivy:AVD-DS-0027")
    managers = DNF
    caches = ("/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5")


class DnfPin(_Pin):
    """Pin versions in ``dnf install`` (also ``microdnf``).

    Without a version a rebuild installs whatever the repository holds. Use ``name-version``.
    ``.rpm`` files, paths, groups and module streams are not checked.

    Bad:

        RUN dnf install -y httpd && dnf clean all

    Good:

        RUN dnf install -y httpd-2.4.57 && dnf clean all
    """

    code = "DF122"
    name = "dnf-unpinned"
    message = "Specify version with dnf install -y <package>-<version>"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3041",)
    managers = DNF
