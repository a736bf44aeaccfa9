"""What Compose needs to know of a Dockerfile it builds, read from its text: the stage names
(``FROM ... AS name``) and the build arguments it declares (``ARG``). Lines are joined at their
continuations; the Dockerfile's own analysis is the Dockerfile language's (a language reads no other)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPE = re.compile(r"^#\s*escape\s*=\s*(\S)", re.IGNORECASE)
_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)\s*$", re.IGNORECASE)
_ARG = re.compile(r"^\s*ARG\s+(.*)$", re.IGNORECASE)
_ARG_NAME = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)")
# build arguments Docker defines without an ARG (proxies, BuildKit's own, reproducible builds)
PREDEFINED_ARGS = frozenset(
    {
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "FTP_PROXY",
        "ftp_proxy",
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
        "SOURCE_DATE_EPOCH",
        "BUILDKIT_INLINE_CACHE",
        "BUILDKIT_MULTI_PLATFORM",
        "BUILDKIT_SANDBOX_HOSTNAME",
        "BUILDKIT_SYNTAX",
        "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
        "BUILDKIT_DOCKERFILE_CHECK",
    }
)


@dataclass
class DockerfileFacts:
    stages: list[str] = field(default_factory=list)
    args: set[str] = field(default_factory=set)
    heredoc: bool = False  # a heredoc may hold lines that look like instructions: stages are then unsure


def read_facts(text: str) -> DockerfileFacts:
    facts = DockerfileFacts()
    lines = text.splitlines()
    escape = "\\"
    if lines and (found := _ESCAPE.match(lines[0])):
        escape = found.group(1)
    for line in _logical_lines(lines, escape):
        if "<<" in line:
            facts.heredoc = True
        if found := _FROM.match(line):
            facts.stages.append(found.group(1).lower())
        elif found := _ARG.match(line):
            for word in found.group(1).split():
                name = _ARG_NAME.match(word)
                if name:
                    facts.args.add(name.group(1))
    return facts


def _logical_lines(lines: list[str], escape: str) -> list[str]:
    out: list[str] = []
    current = ""
    for line in lines:
        if line.lstrip().startswith("#") and not current:
            continue
        stripped = line.rstrip()
        if stripped.endswith(escape):
            current += stripped[:-1] + " "
            continue
        out.append(current + line)
        current = ""
    if current:
        out.append(current)
    return out
