"""Commands that do not belong in a RUN: irrelevant tools, cd, sudo, ln to /bin/sh, useradd with a high UID."""

from __future__ import annotations

from ....core.findings import Severity
from ...shell.model import BACKGROUND, FUNCTION, LOOP, SUBSHELL, SUBSTITUTION
from ...shell.options import OptionSpec, parse_options
from .run_common import RunRule, name_range

IRRELEVANT = frozenset({"ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"})
_USERADD = OptionSpec(
    short_values="ugGdscefkKpbRPZ",
    long_values=frozenset(
        {
            "--uid",
            "--gid",
            "--groups",
            "--home-dir",
            "--shell",
            "--comment",
            "--expiredate",
            "--inactive",
            "--skel",
            "--key",
            "--password",
            "--base-dir",
            "--root",
            "--prefix",
            "--selinux-user",
        }
    ),
)
_LN = OptionSpec(short_values="St", long_values=frozenset({"--suffix", "--target-directory", "--backup"}))


class IrrelevantCommand(RunRule):
    """Do not run interactive or system-management commands in a RUN.

    ``ssh``, ``vim``, ``shutdown``, ``service``, ``ps``, ``free``, ``top``, ``kill``, ``mount`` and
    ``ifconfig`` make no sense while building an image: there is no init system, terminal or
    running service to manage. (``ssh`` is fine in a RUN with ``--mount=type=ssh``.)

    Bad:

        RUN service nginx start

    Good:

        CMD ["nginx", "-g", "daemon off;"]
    """

    code = "DF100"
    name = "irrelevant-command"
    message = "This command makes no sense in a Docker build (ssh, vim, service, ps, top, kill, mount...)"
    severity = Severity.INFORMATION
    tags = ("best-practice",)
    aliases = ("hadolint:DL3001",)

    def check_run(self, view, ins, df, ctx):
        ssh_mount = any(f.name == "mount" and f.value and "type=ssh" in f.value for f in ins.flags)
        for cmd in view.commands:
            program = cmd.program
            if program in IRRELEVANT and not (program == "ssh" and ssh_mount):
                yield self.finding(name_range(view, cmd), f"The command {program} makes no sense in a Docker build")


class CdInsteadOfWorkdir(RunRule):
    """Use WORKDIR to switch to a directory instead of ``cd``.

    A ``cd`` in a RUN only lasts for that RUN; WORKDIR states the directory once, for every later
    instruction, and creates it if needed. A ``cd`` in a subshell ``( cd dir && make )``, a loop or
    a function is scoped on purpose and is not reported, nor is ``cd -``.

    Bad:

        RUN cd /usr/src/app && make

    Good:

        WORKDIR /usr/src/app
        RUN make
    """

    code = "DF101"
    name = "cd-instead-of-workdir"
    message = "Use WORKDIR to switch to a directory"
    severity = Severity.INFORMATION
    tags = ("best-practice",)
    aliases = ("hadolint:DL3003", "trivy:AVD-DS-0013")
    _SCOPED = frozenset({SUBSHELL, LOOP, FUNCTION, SUBSTITUTION, BACKGROUND})

    def check_run(self, view, ins, df, ctx):
        for cmd, target in view.script.cd_targets():
            if target is None or target.value == "-" or cmd.contexts & self._SCOPED:
                continue
            yield self.finding(view.range(cmd.name.start, target.end))


class Sudo(RunRule):
    """Do not use ``sudo`` in a RUN.

    RUN already runs as the current USER; ``sudo`` is usually not installed, has unpredictable TTY
    and signal behaviour, and hides which user a step needs. Switch with ``USER`` (or use ``gosu``
    at run time).

    Bad:

        USER app
        RUN sudo apt-get update

    Good:

        USER root
        RUN apt-get update
        USER app
    """

    code = "DF102"
    name = "sudo"
    message = "Do not use sudo as it leads to unpredictable behavior; use a tool like gosu or USER"
    severity = Severity.WARNING
    tags = ("best-practice",)
    aliases = ("hadolint:DL3004", "trivy:AVD-DS-0010")

    def check_run(self, view, ins, df, ctx):
        for cmd in view.commands:
            for wrapper in cmd.wrappers:
                if wrapper.value.rsplit("/", 1)[-1] == "sudo":
                    yield self.finding(view.word_range(wrapper))
            if cmd.program == "sudo":
                yield self.finding(name_range(view, cmd))


class LnBinSh(RunRule):
    """Use SHELL to change the default shell, not a symlink over ``/bin/sh``.

    Replacing ``/bin/sh`` changes the shell of every program in the image, not only of RUN. The
    SHELL instruction changes the shell of the following RUN/CMD/ENTRYPOINT shell forms only.

    Bad:

        RUN ln -sf /bin/bash /bin/sh

    Good:

        SHELL ["/bin/bash", "-c"]
    """

    code = "DF130"
    name = "ln-bin-sh"
    message = "Use SHELL to change the default shell"
    severity = Severity.WARNING
    tags = ("best-practice",)
    aliases = ("hadolint:DL4005",)

    def check_run(self, view, ins, df, ctx):
        for cmd in view.script.find("ln"):
            operands = parse_options(cmd.args, _LN).operands
            if len(operands) >= 2 and operands[-1].is_static and operands[-1].value in ("/bin/sh", "/usr/bin/sh"):
                yield self.finding(view.word_range(operands[-1]))


class UseraddHighUid(RunRule):
    """Use ``useradd -l`` (``--no-log-init``) with a high UID.

    ``useradd`` writes the lastlog and faillog databases as sparse files indexed by UID; image
    layers do not keep them sparse, so a UID such as 100000000 adds gigabytes to the image.

    Bad:

        RUN useradd -u 123456789 app

    Good:

        RUN useradd -l -u 123456789 app
    """

    code = "DF124"
    name = "useradd-high-uid"
    message = "useradd without -l and a high UID makes the image excessively large"
    severity = Severity.WARNING
    tags = ("image-size",)
    aliases = ("hadolint:DL3046",)

    def check_run(self, view, ins, df, ctx):
        for cmd in view.script.find("useradd"):
            parsed = parse_options(cmd.args, _USERADD)
            if parsed.has("-l", "--no-log-init") or parsed.opaque:
                continue
            for option in parsed.get("-u", "--uid"):
                uid = option.value or ""
                if uid.isdigit() and int(uid) > 99999:
                    word = option.value_word or option.word
                    yield self.finding(view.word_range(word))
