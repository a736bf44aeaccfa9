"""``docker build`` command lines: the context and ``-f`` Dockerfile words, where a script names them.

``docker build``, ``docker image build``, ``docker buildx build`` (and ``podman``/``buildah bud``
are left out: their options differ). An option this module does not know may or may not take a
value, so the context could be any word after it: the command is then not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Command, Word
from .options import OptionSpec, parse_options

# options that take a value (docker build and buildx build, 27.x)
_VALUED = frozenset(
    {
        "--add-host",
        "--allow",
        "--annotation",
        "--attest",
        "--build-arg",
        "--build-context",
        "--builder",
        "--cache-from",
        "--cache-to",
        "--call",
        "--cgroup-parent",
        "--cpu-period",
        "--cpu-quota",
        "--cpu-shares",
        "--cpuset-cpus",
        "--cpuset-mems",
        "--file",
        "--iidfile",
        "--isolation",
        "--label",
        "--memory",
        "--memory-swap",
        "--metadata-file",
        "--network",
        "--no-cache-filter",
        "--output",
        "--platform",
        "--progress",
        "--provenance",
        "--sbom",
        "--secret",
        "--security-opt",
        "--shm-size",
        "--ssh",
        "--tag",
        "--target",
        "--ulimit",
    }
)
_FLAGS = frozenset(
    {
        "--check",
        "--compress",
        "--debug",
        "--disable-content-trust",
        "--force-rm",
        "--load",
        "--no-cache",
        "--pull",
        "--push",
        "--quiet",
        "--rm",
        "--squash",
    }
)
_SHORT = {"-f": "--file", "-t": "--tag", "-o": "--output", "-m": "--memory", "-c": "--cpu-shares", "-q": "--quiet"}
_SPEC = OptionSpec(short_values="ftomc", long_values=_VALUED)


@dataclass(frozen=True)
class DockerBuild:
    """The words of one build command that name paths (offsets in the parsed script)."""

    command: Command
    context: Word
    file: Word | None  # ``-f``/``--file``'s value word; None when the default ``<context>/Dockerfile``


def docker_build(command: Command) -> DockerBuild | None:
    """The build ``command`` runs, or None when it is no build or its arguments cannot be read."""
    args = _build_arguments(command)
    if args is None:
        return None
    parsed = parse_options(args, _SPEC)
    if parsed.opaque or len(parsed.operands) != 1:
        return None
    file: Word | None = None
    for option in parsed.options:
        name = _SHORT.get(option.name, option.name)
        if name not in _VALUED and name not in _FLAGS:
            return None  # unknown: it may take the next word as its value
        if name == "--file":
            file = option.value_word or _tail(option.word, option.value)
            if file is None:
                return None
    return DockerBuild(command, parsed.operands[0], file)


def _tail(word: Word, value: str | None) -> Word | None:
    """The value of ``--file=x`` / ``-fx`` as a word of its own (when the word is written unquoted)."""
    if not value or not word.is_static or word.raw != word.value or not word.value.endswith(value):
        return None
    return Word(value, value, word.end - len(value), word.end, True, value)


def _build_arguments(command: Command) -> tuple[Word, ...] | None:
    if command.program != "docker":
        return None
    args = command.args
    words = [w.value if w.is_static else None for w in args[:2]]
    if words[:1] == ["build"]:
        return args[1:]
    if words[:2] in (["image", "build"], ["buildx", "build"]):
        return args[2:]
    return None


# commands that neither change the folder nor write files into it
_HARMLESS = frozenset(
    {"echo", "printf", "export", "set", "env", "printenv", "true", "whoami", "id", "date", "uname", "sleep"}
)
_HARMLESS_DOCKER = frozenset({"login", "logout", "info", "version", "pull", "push", "tag", "images"})


def leaves_files_alone(command: Command) -> bool:
    """The command neither changes folder nor writes files a later build could read: what a CI
    script may run before a build whose missing context is then certainly missing."""
    if command.program in _HARMLESS:
        return True
    if docker_build(command) is not None:  # an image build writes to the daemon, unless told to export
        return not any(w.value.startswith(("-o", "--output")) for w in command.args if w.is_static)
    if command.program == "docker" and command.args and command.args[0].is_static:
        return command.args[0].value in _HARMLESS_DOCKER
    return False
