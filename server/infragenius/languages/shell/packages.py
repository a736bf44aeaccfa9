"""Package-manager commands: which manager, which subcommand, which options, which packages.

``package_command(cmd)`` recognises apt-get/apt, apk, yum/dnf/microdnf, zypper, pip (``pip3``,
``python -m pip``), npm, yarn, gem and ``go install``. Operands that are files, URLs or paths are
kept apart from package names, and option values (``-t bookworm``, ``--index-url URL``) are never
taken for packages.
"""

from __future__ import annotations

import re
from dataclasses import InitVar, dataclass

from ...core.weak import WeakLink
from .model import Command, Word
from .options import Option, OptionSpec, ParsedArgs, parse_options

_APT = OptionSpec(
    short_values="octaPS",
    long_values=frozenset(
        {
            "--option",
            "--snapshot",
            "--config-file",
            "--target-release",
            "--default-release",
            "--host-architecture",
            "--build-profiles",
        }
    ),
)
_APK = OptionSpec(
    short_values="Xptc",
    long_values=frozenset(
        {
            "--repository",
            "--root",
            "--virtual",
            "--arch",
            "--cache-dir",
            "--keys-dir",
            "--repositories-file",
            "--cache-max-age",
            "--timeout",
        }
    ),
)
_RPM = OptionSpec(
    short_values="cdexR",
    long_values=frozenset(
        {
            "--config",
            "--installroot",
            "--enablerepo",
            "--disablerepo",
            "--exclude",
            "--excludepkgs",
            "--setopt",
            "--releasever",
            "--repo",
            "--repoid",
            "--downloaddir",
            "--destdir",
            "--forcearch",
            "--debuglevel",
            "--errorlevel",
            "--color",
            "--rpmverbosity",
            "--comment",
            "--disableexcludes",
            "--disableplugin",
            "--enableplugin",
            "--repofrompath",
            "--advisory",
            "--bz",
            "--cve",
            "--sec-severity",
            "--secseverity",
        }
    ),
)
_ZYPPER = OptionSpec(
    short_values="RcDCtrp",
    long_values=frozenset(
        {
            "--root",
            "--config",
            "--reposd-dir",
            "--cache-dir",
            "--raw-cache-dir",
            "--solv-cache-dir",
            "--pkg-cache-dir",
            "--userdata",
            "--type",
            "--repo",
            "--from",
            "--download",
            "--name",
        }
    ),
)
_PIP = OptionSpec(
    short_values="rceiftC",
    long_values=frozenset(
        {
            "--requirement",
            "--constraint",
            "--editable",
            "--index-url",
            "--extra-index-url",
            "--find-links",
            "--target",
            "--prefix",
            "--root",
            "--src",
            "--platform",
            "--python-version",
            "--implementation",
            "--abi",
            "--trusted-host",
            "--progress-bar",
            "--cache-dir",
            "--log",
            "--proxy",
            "--retries",
            "--timeout",
            "--exists-action",
            "--global-option",
            "--config-settings",
            "--install-option",
            "--upgrade-strategy",
            "--only-binary",
            "--no-binary",
            "--report",
            "--python",
            "--use-feature",
            "--use-deprecated",
            "--cert",
            "--client-cert",
            "--keyring-provider",
            "--root-user-action",
            "--group",
        }
    ),
)
_NPM = OptionSpec(
    short_values="w",
    long_values=frozenset(
        {
            "--prefix",
            "--registry",
            "--cache",
            "--tag",
            "--workspace",
            "--omit",
            "--include",
            "--loglevel",
            "--userconfig",
            "--globalconfig",
            "--install-strategy",
            "--location",
            "--before",
            "--otp",
            "--scope",
            "--save-prefix",
        }
    ),
)
_YARN = OptionSpec(
    long_values=frozenset(
        {"--cwd", "--modules-folder", "--cache-folder", "--mutex", "--network-timeout", "--registry", "--prefix"}
    )
)
_GEM = OptionSpec(
    short_values="vinsPgp",
    long_values=frozenset(
        {
            "--version",
            "--install-dir",
            "--bindir",
            "--source",
            "--trust-policy",
            "--platform",
            "--file",
            "--build-root",
            "--http-proxy",
        }
    ),
)
_GO = OptionSpec(
    single_dash_long=True,
    long_values=frozenset(
        f"-{name}"
        for name in (
            "ldflags",
            "gcflags",
            "asmflags",
            "tags",
            "o",
            "mod",
            "modfile",
            "p",
            "buildmode",
            "compiler",
            "installsuffix",
            "pkgdir",
            "toolexec",
            "overlay",
            "pgo",
            "gccgoflags",
            "C",
            "covermode",
            "coverpkg",
        )
    ),
)

_SPECS = {
    "apt-get": _APT,
    "apt": _APT,
    "apk": _APK,
    "yum": _RPM,
    "dnf": _RPM,
    "microdnf": _RPM,
    "tdnf": _RPM,
    "zypper": _ZYPPER,
    "pip": _PIP,
    "npm": _NPM,
    "yarn": _YARN,
    "gem": _GEM,
    "go": _GO,
}
_PIP_NAME = re.compile(r"pip(?:3(?:\.\d+)?)?$")
_PYTHON_NAME = re.compile(r"python(?:\d+(?:\.\d+)?)?$")
# subcommand aliases -> the canonical action
_ACTIONS = {
    "apk": {"add": "install", "del": "remove"},
    "dnf": {"in": "install", "rm": "remove", "up": "upgrade", "update": "upgrade"},
    "microdnf": {"in": "install"},
    "zypper": {
        "in": "install",
        "rm": "remove",
        "up": "update",
        "dup": "dist-upgrade",
        "si": "source-install",
        "cc": "clean",
        "ref": "refresh",
    },
    "npm": {
        "i": "install",
        "add": "install",
        "in": "install",
        "ins": "install",
        "inst": "install",
        "insta": "install",
        "instal": "install",
        "isnt": "install",
        "isnta": "install",
        "isntal": "install",
        "isntall": "install",
    },
    "yarn": {},
}
ARCHIVE_SUFFIXES = (".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".gem", ".egg")


@dataclass(frozen=True)
class PackageCommand:
    manager: str  # "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper", "pip", "npm", "yarn", "gem", "go"
    owner: InitVar[Command]  # kept as the weak ``command``
    subcommand: Word | None
    action: str | None  # the subcommand, aliases resolved ("apk add" -> "install")
    parsed: ParsedArgs
    operands: tuple[Word, ...]  # positional words after the subcommand

    # weak: the command memoises its PackageCommand, so a strong link back would be a reference cycle
    command = WeakLink()  # not a field: set from ``owner``

    def __post_init__(self, owner: Command) -> None:
        object.__setattr__(self, "command", owner)  # frozen: through the descriptor

    @property
    def options(self) -> tuple[Option, ...]:
        return self.parsed.options

    @property
    def opaque(self) -> bool:
        return self.parsed.opaque

    def has(self, *names: str) -> bool:
        return self.parsed.has(*names)

    def values(self, *names: str) -> list[str]:
        return self.parsed.values(*names)

    @property
    def packages(self) -> list[Word]:
        """Operands that name packages (not files, URLs, paths, or bare expansions)."""
        return [w for w in self.operands if not w.opaque and not is_file_like(w.static_prefix)]

    @property
    def insert_offset(self) -> int:
        """Where a new option goes: after the subcommand word (after the command name without one)."""
        anchor = self.subcommand or self.command.name
        return anchor.end if anchor else self.command.end


def is_file_like(text: str) -> bool:
    """A path, URL or archive file rather than a package name."""
    lowered = text.lower()
    if text.startswith(("/", ".", "~")) or "://" in text:
        return True
    return lowered.startswith(("git+", "file:", "http:", "https:", "git:", "github:", "ssh:")) or lowered.endswith(
        ARCHIVE_SUFFIXES
    )


def package_command(cmd: Command) -> PackageCommand | None:
    """Read ``cmd`` as a package-manager command, or None (cached on the command)."""
    return cmd.memo("package", _package_command)


def _package_command(cmd: Command) -> PackageCommand | None:
    program = cmd.program
    if program is None:
        return None
    args = cmd.args
    manager = program
    if _PIP_NAME.match(program):
        manager = "pip"
    elif _PYTHON_NAME.match(program):
        index = _module_pip(args)
        if index is None:
            return None
        manager, args = "pip", args[index:]
    elif program == "uv" and len(args) >= 1 and args[0].value == "pip":
        manager, args = "pip", args[1:]
    spec = _SPECS.get(manager)
    if spec is None:
        return None
    parsed = parse_options(args, spec)
    operands = parsed.operands
    subcommand = None
    if operands and operands[0].is_static:
        subcommand, operands = operands[0], operands[1:]
    elif operands:
        return PackageCommand(manager, cmd, None, None, parsed, operands)
    action = subcommand.value if subcommand else None
    if manager == "yarn" and action == "global" and operands and operands[0].is_static:
        subcommand, operands = operands[0], operands[1:]
        action = subcommand.value
    if manager == "yarn" and action is None and not parsed.has("--version", "-v", "--help", "-h"):
        action = "install"  # a bare ``yarn`` installs
    if action is not None:
        action = _ACTIONS.get(manager, {}).get(action, action)
    return PackageCommand(manager, cmd, subcommand, action, parsed, operands)


def package_commands(commands, *managers: str):
    """The package commands among ``commands`` (optionally only those of ``managers``)."""
    for cmd in commands:
        pc = package_command(cmd)
        if pc is not None and (not managers or pc.manager in managers):
            yield pc


def _module_pip(args: tuple[Word, ...]) -> int | None:
    """``python [-u ...] -m pip ...``: index of the first argument after ``pip``."""
    for i, word in enumerate(args):
        if not word.is_static or not word.value.startswith("-"):
            return None
        if word.value == "-m":
            if i + 1 < len(args) and args[i + 1].value == "pip":
                return i + 2
            return None
        if word.value.startswith("-m"):
            return i + 1 if word.value[2:] == "pip" else None
    return None
