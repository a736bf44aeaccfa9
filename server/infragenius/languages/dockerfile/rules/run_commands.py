"""Commands that do not belong in a RUN: irrelevant tools, cd, sudo, ln to /bin/sh, useradd with a high UID."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ....core.findings import Severity
from ...shell import Command, Script, Word
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

    instruction_local = True  # reads its instruction only (reuse.py)

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


def _recursive_rm_paths(cmd: Command) -> list[str]:
    """The operands of ``rm -r``/``-rf``/``-Rf``/``--recursive`` (values as written, no trailing /)."""
    flags = [w.value for w in cmd.args if w.value.startswith("-")]
    if not any(f == "--recursive" or (not f.startswith("--") and set(f[1:]) & {"r", "R"}) for f in flags):
        return []
    return [w.value.rstrip("/") for w in cmd.args if not w.value.startswith("-") and w.value.rstrip("/")]


def _temporary_cds(script: Script) -> set[int]:
    """Starts of the ``cd`` commands of a build-and-delete session: ``cd DIR`` where a later ``rm -r``
    of this RUN removes DIR (or a directory holding it), and the last ``cd`` before that removal when
    it leaves DIR (``cd /``, ``cd ..``). WORKDIR would keep pointing at a directory that is gone."""
    removals: dict[str, list[int]] = {}
    for rm in script.find("rm"):
        for path in _recursive_rm_paths(rm):
            removals.setdefault(path, []).append(rm.start)
    if not removals:
        return set()
    for starts in removals.values():
        starts.sort()
    cds = sorted(((c, t) for c, t in script.cd_targets() if t is not None), key=lambda ct: ct[0].start)
    cd_starts = [c.start for c, _ in cds]
    out: set[int] = set()
    for cmd, target in cds:
        path = target.value.rstrip("/") or "/"
        removed_at = _removed_after(removals, path, cmd.start)
        if removed_at is None:
            continue
        out.add(cmd.start)
        last = bisect_left(cd_starts, removed_at) - 1  # the cd just before the removal
        if cd_starts[last] > cmd.start and _leaves(cds[last][1], path):
            out.add(cd_starts[last])
    return out


def _removed_after(removals: dict[str, list[int]], path: str, after: int) -> int | None:
    """Where the first ``rm -r`` after ``after`` removes ``path`` or a directory holding it."""
    found = None
    parts = path.split("/")
    for depth in range(len(parts), 0, -1):
        starts = removals.get("/".join(parts[:depth]))
        if starts:
            i = bisect_right(starts, after)
            if i < len(starts) and (found is None or starts[i] < found):
                found = starts[i]
    return found


def _leaves(target: Word, directory: str) -> bool:
    """``cd /``, ``cd ..`` (``../..``) or ``cd`` to a static parent of ``directory``."""
    value = target.value.rstrip("/")
    if not target.is_static:
        return False
    if value == "" or set(value.split("/")) == {".."}:
        return True
    return value.startswith("/") and directory.startswith(value + "/")


class CdInsteadOfWorkdir(RunRule):
    """Use WORKDIR to switch to a directory instead of ``cd``.

    A ``cd`` in a RUN only lasts for that RUN; WORKDIR states the directory once, for every later
    instruction, and creates it if needed. A ``cd`` in a subshell ``( cd dir && make )``, a loop or
    a function is scoped on purpose and is not reported, nor is ``cd -``. Neither is a build-and-delete
    session: ``cd`` into a directory that the same RUN removes with ``rm -r`` (and the ``cd /`` or
    ``cd ..`` that leaves it first), since a WORKDIR would outlive the directory.

    Bad:

        RUN cd /usr/src/app && make

    Good:

        WORKDIR /usr/src/app
        RUN make
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF101"
    name = "cd-instead-of-workdir"
    message = "Use WORKDIR to switch to a directory"
    severity = Severity.INFORMATION
    tags = ("best-practice",)
    aliases = ("hadolint:DL3003", "trivy:AVD-DS-0013")
    _SCOPED = frozenset({SUBSHELL, LOOP, FUNCTION, SUBSTITUTION, BACKGROUND})

    def check_run(self, view, ins, df, ctx):
        temporary = _temporary_cds(view.script)
        for cmd, target in view.script.cd_targets():
            if target is None or target.value == "-" or cmd.contexts & self._SCOPED or cmd.start in temporary:
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

    instruction_local = True  # reads its instruction only (reuse.py)

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

    instruction_local = True  # reads its instruction only (reuse.py)

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

    instruction_local = True  # reads its instruction only (reuse.py)

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
