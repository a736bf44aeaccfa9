"""Registry passwords given as command-line arguments (``docker login -p "$TOKEN"``)."""

from __future__ import annotations

from ..model import Command, Script
from .hits import Hit

# tool -> the words that lead to its login command; every one of these reads --password-stdin
_LOGIN = {
    "docker": ("login",),
    "podman": ("login",),
    "buildah": ("login",),
    "nerdctl": ("login",),
    "skopeo": ("login",),
    "oras": ("login",),
    "helm": ("registry", "login"),
}
# global options that take a value before the subcommand (``docker --config DIR login``)
_GLOBAL_VALUES = frozenset(
    {"--config", "--context", "-c", "-H", "--host", "-l", "--log-level", "--kubeconfig", "--namespace", "-n"}
)


def password_arguments(script: Script) -> list[Hit]:
    hits = []
    for cmd in script.commands:
        path = _LOGIN.get(cmd.program or "")
        if path is None:
            continue
        rest = _after_subcommand(cmd, path)
        if rest is None:
            continue
        for i, word in enumerate(rest):
            if not word.static_prefix and not word.is_static:
                continue
            text = word.value if word.is_static else word.static_prefix
            if text == "--":
                break
            if text in ("-p", "--password") and i + 1 < len(rest):
                hits.append(Hit(word.start, rest[i + 1].end))
            elif text.startswith("--password=") or (
                text.startswith("-p") and len(text) > 2 and not text.startswith("--")
            ):
                hits.append(Hit(word.start, word.end))
    return hits


def _after_subcommand(cmd: Command, path: tuple[str, ...]) -> tuple | None:
    """The arguments after ``login`` (or ``registry login``), None when this is another command."""
    args = cmd.args
    i = 0
    for expected in path:
        while i < len(args) and args[i].is_static and args[i].value.startswith("-"):
            value = args[i].value
            i += 2 if value in _GLOBAL_VALUES else 1
        if i >= len(args) or not args[i].is_static or args[i].value != expected:
            return None
        i += 1
    return args[i:]
