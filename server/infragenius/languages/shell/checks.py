"""The shell checks as rules: each declared once here, reported by every host under the host's own code.

A host (GitHub Actions ``run:``, GitLab ``script:``, Dockerfile ``RUN``) writes one small rule class per check
it runs, with ``shell_check = <the declaration>``: its stable code (users keep them in ignore lists: SH0xx for
Actions, SH1xx for GitLab, SH2xx for Dockerfiles), its docs with examples in the host's syntax, and, where
the check needs more than the script (the shell's flags, the variables known to be set), how the host
answers. The name, message, severity, tags, peer aliases and the check itself come from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from ...core.findings import Severity
from .model import Script
from .rules import (
    Hit,
    masked_substitution_status,
    password_arguments,
    remote_script_runs,
    tls_verification_disabled,
    unquoted_substitutions,
    useless_cats,
)
from .rules.sudo_redirects import sudo_redirects


@dataclass(frozen=True)
class ShellCheck:
    name: str
    message: str
    severity: Severity
    tags: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    # the check when it needs nothing but the script; None where each host gives it more
    find: Callable[[Script], list[Hit]] | None = None


REMOTE_SCRIPT_EXECUTION = ShellCheck(
    "remote-script-execution",
    "Remote script run straight from the network; download it, verify its checksum, then run it",
    Severity.WARNING,
    ("security", "supply-chain", "no-peer"),
    find=remote_script_runs,
)
REGISTRY_PASSWORD_ARGUMENT = ShellCheck(
    "registry-password-argument",
    "Password given on the command line; pipe it to --password-stdin instead",
    Severity.WARNING,
    ("security", "secrets", "no-peer"),
    find=password_arguments,
)
TLS_VERIFICATION_DISABLED = ShellCheck(
    "tls-verification-disabled",
    "TLS certificate verification is turned off",
    Severity.WARNING,
    ("security", "no-peer"),
    find=tls_verification_disabled,
)
RM_EMPTY_VARIABLE_PATH = ShellCheck(  # needs the variables the host knows to be set
    "rm-empty-variable-path",
    "This deletes / or a system directory when the variable is empty",
    Severity.WARNING,
    ("correctness", "safety"),
    ("shellcheck:SC2115",),
)
UNCHECKED_CD = ShellCheck(  # needs the flags the host's shell starts with
    "unchecked-cd",
    "Use 'cd ... || exit 1' in case cd fails: set -e is not in effect here",
    Severity.WARNING,
    ("correctness",),
    ("shellcheck:SC2164",),
)
PIPELINE_STATUS_LOST = ShellCheck(  # needs the flags the host's shell starts with
    "pipeline-status-lost",
    "The exit status of this command is lost: the pipeline's status is tee's (no pipefail)",
    Severity.WARNING,
    ("correctness", "no-peer"),
)
SUDO_REDIRECT = ShellCheck(
    "sudo-redirect",
    "sudo does not apply to this redirect; use '| sudo tee FILE' instead",
    Severity.WARNING,
    ("correctness",),
    ("shellcheck:SC2024",),
    find=sudo_redirects,
)
UNQUOTED_EXPANSION = ShellCheck(  # needs the variables whose values the host knows
    "unquoted-expansion",
    "Double quote to prevent globbing and word splitting",
    Severity.INFORMATION,
    ("correctness", "shell"),
    ("shellcheck:SC2086",),
)
UNQUOTED_COMMAND_SUBSTITUTION = ShellCheck(
    "unquoted-command-substitution",
    "Quote this command substitution to prevent word splitting",
    Severity.INFORMATION,
    ("correctness", "shell"),
    ("shellcheck:SC2046",),
    find=unquoted_substitutions,
)
DECLARE_AND_ASSIGN_SEPARATELY = ShellCheck(
    "declare-and-assign-separately",
    "Declare and assign separately to avoid masking return values",
    Severity.INFORMATION,
    ("correctness", "shell"),
    ("shellcheck:SC2155",),
    find=masked_substitution_status,
)
USELESS_CAT = ShellCheck(
    "useless-cat",
    "Useless cat: give the file to the command directly",
    Severity.INFORMATION,
    ("style", "shell"),
    ("shellcheck:SC2002",),
    find=useless_cats,
)


class ReportsShellCheck:
    """Mixin for a host's rule class of a shared check: ``shell_check`` gives its metadata, under the host's
    ``name_prefix``; what the class sets itself (a host's own message, more aliases) stays."""

    shell_check: ClassVar[ShellCheck]
    name_prefix: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        check = cls.__dict__.get("shell_check")
        if check is not None:
            shared = {
                "name": cls.name_prefix + check.name,
                "message": check.message,
                "severity": check.severity,
                "tags": check.tags,
                "aliases": check.aliases,
            }
            for field, value in shared.items():
                if field not in cls.__dict__:
                    setattr(cls, field, value)
        super().__init_subclass__(**kwargs)

    def script_hits(self, script: Script) -> list[Hit]:
        """The check's hits in a script, for the checks that need nothing else."""
        find = self.shell_check.find
        assert find is not None, f"{self.shell_check.name} needs more than the script: the host's rule says how"
        return find(script)
