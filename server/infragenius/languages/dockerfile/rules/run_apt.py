"""apt-get / apt inside RUN: pinned versions, -y, --no-install-recommends, list cleanup, apt vs apt-get."""

from __future__ import annotations

import re

from ....core.findings import Edit, Fix, Severity
from ...shell import PackageCommand
from ..model import Dockerfile
from ..shell_view import run_scripts, stage_lineage
from .run_common import (
    RunRule,
    cache_mounted,
    command_span,
    insert_option_fix,
    name_range,
    packages_in,
    removes,
)

APT = ("apt-get", "apt")
_PROMPTING = frozenset(
    {"install", "remove", "purge", "upgrade", "dist-upgrade", "full-upgrade", "autoremove", "build-dep", "reinstall"}
)
_GLOB = set("*?[^$")
_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")
_SIMULATE = ("-s", "--simulate", "--just-print", "--dry-run", "--no-act", "--recon", "--print-uris")


def _config(pc: PackageCommand, key: str) -> str | None:
    """The value of ``-o Key=value`` for ``key`` (case-insensitive), the last one wins."""
    found = None
    for value in pc.values("-o", "--option"):
        name, eq, setting = value.partition("=")
        if eq and name.strip().lower() == key.lower():
            found = setting.strip().strip("\"'").lower()
    return found


def _apt_conf_sets(df, ins, view, before: int, key: str, values: tuple[str, ...]) -> bool:
    """The apt.conf setting ``key`` is written with one of ``values`` before offset ``before`` of
    ``view``: by a command of this script or of an earlier RUN of the stage (or the stages it builds
    on), e.g. ``echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90yes``, or in a heredoc
    (``COPY <<EOF /etc/apt/apt.conf.d/90yes``). apt's own options (``--assume-yes``,
    ``-o Key=value``) apply to their command only and do not count."""
    if not _mentions(df, key):
        return False  # most files: no command to look at
    if _writes_setting(_written_texts([c for c in view.commands if c.start < before]), key, values):
        return True
    first = _first_setting_lines(df, key, values)
    return any(
        stage.index in first and (stage.index != ins.stage or first[stage.index] < ins.range.start.line)
        for stage in stage_lineage(df, ins.stage)
    )


def _mentions(df, key: str) -> bool:
    """The file's text holds ``key`` (quotes and backslashes aside, as shell words lose them)."""
    flat = df.cache.get("apt_conf_text")
    if flat is None:
        flat = df.cache["apt_conf_text"] = re.sub(r"[\"'\\]", "", df.document.text).lower()
    return key.lower() in flat


def _first_setting_lines(df, key: str, values: tuple[str, ...]) -> dict[int, int]:
    """Per stage, the line of its first instruction that writes the setting: computed once per file
    (asking every earlier instruction again for each apt command made a long Dockerfile quadratic)."""
    found = df.cache.get(("apt_conf", key, values))
    if found is None:
        found = df.cache[("apt_conf", key, values)] = {}
        for stage in df.stages:
            for other in stage.instructions:
                texts = [h.body for h in other.heredocs]
                texts += _written_texts([c for v in run_scripts(df, other) for c in v.commands])
                if _writes_setting(texts, key, values):
                    found[stage.index] = other.range.start.line
                    break
    return found


def _written_texts(commands) -> list[str]:
    """What commands other than apt's own write: their arguments and redirected bodies."""
    texts: list[str] = []
    for cmd in commands:
        if cmd.program not in APT:
            texts += [w.value for w in cmd.args] + [r.body.value for r in cmd.redirects if r.body is not None]
    return texts


def _writes_setting(texts: list[str], key: str, values: tuple[str, ...]) -> bool:
    setting = re.compile(rf'{re.escape(key)}\s*(?:=|\s)\s*"?([A-Za-z0-9]+)', re.IGNORECASE)
    return any(m.group(1).lower() in values for text in texts for m in setting.finditer(text))


class AptGetPin(RunRule):
    """Pin versions in ``apt-get install``.

    Without a version, a rebuild installs whatever the archive holds that day: the image changes
    silently and can break. Pin ``package=version`` (a variable such as ``curl=${CURL_VERSION}``
    counts as pinned), or install from an archive snapshot (``--snapshot 20240301T000000Z``, apt
    2.7+), which pins every package; ``.deb`` files, paths and ``package/release`` selections are
    not checked.

    Bad:

        RUN apt-get update && apt-get install -y --no-install-recommends curl

    Good:

        RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF103"
    name = "apt-get-unpinned"
    message = "Pin versions in apt-get install (package=version)"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3008",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, *APT, action="install"):
            if pc.has(*_SIMULATE, "-S", "--snapshot") or _config(pc, "APT::Snapshot"):
                continue
            for word in pc.packages:
                value = word.static_prefix
                # ``pkg/bookworm-backports`` picks a release on purpose; ``pkg-`` removes a package
                if "=" in value or "/" in value or not word.is_static or _GLOB & set(value) or value.endswith("-"):
                    continue
                yield self.finding(view.word_range(word), f"Pin versions in {pc.manager} install: {value}=<version>")


class AptListsNotDeleted(RunRule):
    """Delete the apt lists after ``apt-get update`` in the same RUN.

    ``apt-get update`` downloads package lists (tens of MB) into ``/var/lib/apt/lists``; unless the
    same RUN removes them they stay in the image layer. Build stages that do not end up in the final
    image and RUNs with a cache mount on the lists are not reported.

    Bad:

        RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8

    Good:

        RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\
            && rm -rf /var/lib/apt/lists/*
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF104"
    name = "apt-lists-not-deleted"
    message = "Delete the apt-get lists after installing something (rm -rf /var/lib/apt/lists/*)"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3009",)
    final_image_only = True

    def check_run(self, view, ins, df, ctx):
        updates = list(packages_in(view, *APT, action="update"))
        if not updates or cache_mounted(ins, "/var/lib/apt/lists"):
            return
        commands = [c for v in run_scripts(df, ins) for c in v.commands]
        if removes(commands, "/var/lib/apt/lists", "/var/lib/apt"):
            return
        if any(pc.action in ("distclean", "dist-clean") for pc in packages_in(view, *APT)):
            return
        yield self.finding(command_span(view, updates[0]))


class AptGetYes(RunRule):
    """Use ``-y`` with ``apt-get install`` (and other commands that ask for confirmation).

    A build has no terminal: when apt asks "Do you want to continue?" it reads end-of-file and
    aborts the build. ``-y``, ``--yes``, ``--assume-yes``, ``-qq`` (quiet level 2 implies yes),
    ``-o APT::Get::Assume-Yes=true`` or an earlier apt.conf setting all answer the prompt.
    ``DEBIAN_FRONTEND=noninteractive`` does not: it silences debconf, not apt.

    Bad:

        RUN apt-get install curl=7.88.1-10+deb12u8

    Good:

        RUN apt-get install -y curl=7.88.1-10+deb12u8
    """

    code = "DF106"
    name = "apt-get-missing-yes"
    message = "Use the -y switch to avoid manual input (apt-get install -y)"
    severity = Severity.WARNING
    tags = ("build",)
    aliases = ("hadolint:DL3014", "trivy:AVD-DS-0021")
    fixable = True

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, *APT):
            if pc.action not in _PROMPTING or pc.opaque or self._answered(pc):
                continue
            if _apt_conf_sets(df, ins, view, pc.command.start, "APT::Get::Assume-Yes", _TRUE):
                continue
            fix = insert_option_fix(view, pc, "-y", "Add -y")
            yield self.finding(
                name_range(view, pc.command),
                f"Use the -y switch to avoid manual input ({pc.manager} {pc.action} -y)",
                fix=fix,
            )

    def local_in(self, df: Dockerfile) -> bool:
        return not _mentions(df, "APT::Get::Assume-Yes")  # else an earlier RUN may write the setting

    @staticmethod
    def _answered(pc: PackageCommand) -> bool:
        if pc.has("-y", "--yes", "--assume-yes", *_SIMULATE):
            return True
        quiet = pc.parsed.count("-q") + pc.parsed.count("--quiet")
        levels = [v for v in pc.values("-q", "--quiet") if v.isdigit()]
        if quiet >= 2 or any(int(v) >= 2 for v in levels):
            return True
        return _config(pc, "APT::Get::Assume-Yes") in _TRUE


class AptGetNoInstallRecommends(RunRule):
    """Avoid additional packages: use ``apt-get install --no-install-recommends``.

    Debian and Ubuntu install "recommended" packages by default, which often pulls in far more
    than needed. ``--no-install-recommends`` (or ``-o APT::Install-Recommends=false``, or an apt.conf
    setting written earlier) keeps the image small. The fix is marked unsafe: a recommended package
    (``ca-certificates`` for ``curl``) may be one the image needs; add it explicitly.

    Bad:

        RUN apt-get install -y curl=7.88.1-10+deb12u8

    Good:

        RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    """

    code = "DF107"
    name = "apt-get-install-recommends"
    message = "Avoid additional packages by specifying --no-install-recommends"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3015", "trivy:AVD-DS-0029")
    fixable = True

    def local_in(self, df: Dockerfile) -> bool:
        return not _mentions(df, "APT::Install-Recommends")  # else an earlier RUN may write the setting

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, *APT, action="install"):
            if pc.opaque or pc.has("--no-install-recommends", *_SIMULATE):
                continue
            if _config(pc, "APT::Install-Recommends") in _FALSE:
                continue
            if _apt_conf_sets(df, ins, view, pc.command.start, "APT::Install-Recommends", _FALSE):
                continue
            fix = insert_option_fix(view, pc, "--no-install-recommends", "Add --no-install-recommends", "unsafe")
            yield self.finding(name_range(view, pc.command), fix=fix)


# apt subcommands that apt-get runs the same way; ``apt upgrade`` differs (it may install new packages)
_SAME_IN_APT_GET = frozenset(
    {
        "install",
        "remove",
        "purge",
        "update",
        "autoremove",
        "autopurge",
        "clean",
        "autoclean",
        "source",
        "build-dep",
        "download",
        "changelog",
        "satisfy",
        "check",
        "dist-upgrade",
    }
)


class UseAptGet(RunRule):
    """Do not use ``apt`` in scripts: use ``apt-get`` or ``apt-cache``.

    ``apt`` is the interactive front end; its command-line interface is not stable and it warns
    so on every run. ``apt-get`` (and ``apt-cache`` for search/show) are meant for scripts. The fix
    swaps the name for subcommands that behave the same in ``apt-get``.

    Bad:

        RUN apt install -y curl=7.88.1-10+deb12u8

    Good:

        RUN apt-get install -y curl=7.88.1-10+deb12u8
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF111"
    name = "use-apt-get"
    message = "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead"
    severity = Severity.WARNING
    tags = ("portability",)
    aliases = ("hadolint:DL3027",)
    fixable = True

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "apt"):
            name = pc.command.name
            fix = None
            if view.exact and name is not None and name.raw == "apt" and pc.action in _SAME_IN_APT_GET:
                fix = Fix("Use apt-get", (Edit(view.word_range(name), "apt-get"),), "safe")
            yield self.finding(name_range(view, pc.command), fix=fix)
