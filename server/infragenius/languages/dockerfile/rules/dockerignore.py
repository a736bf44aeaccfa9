"""COPY / ADD of a file that ``.dockerignore`` excludes from the build context."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ....core.findings import Severity
from ._base import DockerfileRule, has_variable
from .copy_add import is_url, sources_and_dest

_GLOB = re.compile(r"[*?\[]")


def ignore_file(ctx) -> tuple[str, Path] | None:
    """The ignore file that applies, assuming the build context is the Dockerfile's folder:
    ``<name>.dockerignore`` beside the Dockerfile first (BuildKit), then ``.dockerignore``."""
    path = ctx.document.path
    if path is None:
        return None
    path = Path(path)
    for candidate in (path.with_name(path.name + ".dockerignore"), path.with_name(".dockerignore")):
        text = ctx.workspace.read_text(candidate)
        if text is not None:
            return text, candidate
    return None


def parse_patterns(text: str) -> list[tuple[bool, re.Pattern]]:
    """(is_exception, regex) per pattern line, in order (the last matching pattern decides)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = line[1:].strip() if exception else line
        pattern = posixpath.normpath(pattern.replace("\\", "/")).lstrip("/")
        if pattern in ("", "."):
            continue
        out.append((exception, re.compile(_to_regex(pattern))))
    return out


def _to_regex(pattern: str) -> str:
    i, n, out = 0, len(pattern), []
    while i < n:
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                out.append("[" + ("^" + body[1:] if body.startswith(("!", "^")) else body) + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"


def is_excluded(path: str, patterns: list[tuple[bool, re.Pattern]]) -> bool:
    """moby's rule: a path is excluded when the last pattern matching it (or a parent) excludes."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for exception, regex in patterns:
        if any(regex.match(c) for c in candidates):
            excluded = not exception
    return excluded


class CopyIgnoredFile(DockerfileRule):
    """COPY / ADD of a path that ``.dockerignore`` excludes.

    Excluded files are not sent to the builder, so the COPY fails ("not found") or silently copies
    nothing from an excluded folder. The check assumes the build context is the Dockerfile's folder
    (where ``.dockerignore`` or ``<Dockerfile>.dockerignore`` is read from); sources with wildcards or
    variables are not checked.

    Bad:

        # .dockerignore contains: *.md
        COPY README.md /app/

    Good:

        COPY src/ /app/src/
    """

    code = "DF042"
    name = "copy-ignored-file"
    message = "Attempting to copy a file that is excluded by .dockerignore"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("buildkit:CopyIgnoredFile",)

    def check_file(self, df, ctx):
        found = ignore_file(ctx)
        if found is None:
            return
        patterns = parse_patterns(found[0])
        if not patterns:
            return
        for stage in df.stages:
            for ins in stage.instructions:
                if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
                    continue
                sources, dest = sources_and_dest(ins)
                if dest is None:
                    continue
                for src in sources:
                    value = src.value
                    if src.raw.startswith("<<") or has_variable(value) or _GLOB.search(value) or is_url(value):
                        continue
                    path = posixpath.normpath(value.replace("\\", "/")).lstrip("/")
                    if path in ("", ".") or path.startswith(".."):
                        continue
                    if is_excluded(path, patterns):
                        message = f'Attempting to copy "{value}" that is excluded by {found[1].name}'
                        yield self.finding(ins.word_range(src), message)
