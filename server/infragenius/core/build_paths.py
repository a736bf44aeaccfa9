"""Where a Docker build points: the context folder and the Dockerfile that a CI step, a pipeline
script or a Compose service names, as paths in the repository.

Every language that names a build (GitHub Actions' ``docker/build-push-action``, a GitLab job's
``docker build -f X ctx``, Compose's ``build.context``/``build.dockerfile``) resolves it here, so
that links, go-to-definition and the "does not exist" rules agree on what a value means:

- ``local_path(value)``: the value as a relative path, or None when it is not one we can follow (an
  expression, a variable, a Git or HTTP URL, ``-`` for stdin, an absolute runner path);
- ``build_paths(cwd, context, dockerfile, dockerfile_base=...)``: both paths; the Dockerfile is
  relative to the working folder (``docker build -f``, build-push-action's ``file``) or to the
  context (Compose's ``dockerfile``), and defaults to ``<context>/Dockerfile``;
- ``checkout_present(root, workspace)``: whether the repository's files are here at all. A folder holding only
  CI configuration (a collection of workflows copied out of their repositories) proves nothing
  about the paths its files name, so rules say nothing there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .context import Workspace

# a value we cannot read as written: an expression or template, a variable, a remote source
_UNKNOWN = re.compile(r"\$|\{\{|\{%|://|^git@")
# entries a CI configuration folder holds without the repository's own files
_CI_ONLY = frozenset({".github", ".gitlab", ".gitlab-ci.yml", ".gitea", ".forgejo"})


@dataclass(frozen=True)
class BuildPaths:
    """The context folder of a build and the Dockerfile it reads, both absolute."""

    context: Path
    dockerfile: Path
    dockerfile_named: bool  # written out (``-f``, ``file:``), rather than the default ``<context>/Dockerfile``


def local_path(value: str | None) -> PurePosixPath | None:
    """``value`` as a relative path in the repository, or None when it is not a plain one."""
    if value is None:
        return None
    value = value.strip()
    if not value or value == "-" or _UNKNOWN.search(value) or value.startswith(("/", "~", "\\")):
        return None
    return PurePosixPath(value)


def build_paths(
    cwd: Path,
    context: str | None,
    dockerfile: str | None,
    *,
    dockerfile_base: Literal["cwd", "context"] = "cwd",
) -> BuildPaths | None:
    """The paths a build reads, or None when either value is not a plain relative path.
    ``context`` None means the working folder itself (``.``)."""
    context_path = local_path(context if context is not None else ".")
    if context_path is None:
        return None
    folder = _joined(cwd, context_path)
    if dockerfile is None:
        return BuildPaths(folder, folder / "Dockerfile", dockerfile_named=False)
    file_path = local_path(dockerfile)
    if file_path is None:
        return None
    base = folder if dockerfile_base == "context" else cwd
    return BuildPaths(folder, _joined(base, file_path), dockerfile_named=True)


def checkout_present(root: Path, workspace: Workspace | None = None) -> bool:
    """Whether ``root`` holds the repository itself: a ``.git`` entry, or anything besides CI
    configuration. A rule passes its ``workspace``: the listing then marks its result as depending
    on the folder's contents (the command line's result cache does not keep it), since whether a
    path exists is not a file read that the cache could check again."""
    if workspace is not None:
        names = {entry.name for entry in workspace.glob(root, "*")}
    else:
        try:
            names = {entry.name for entry in root.iterdir()}
        except OSError:
            return False
    return ".git" in names or bool(names - _CI_ONLY)


def _joined(base: Path, relative: PurePosixPath) -> Path:
    # no resolve(): a link is followed by the file system when the path is opened, as the build does
    return Path(base, *relative.parts) if relative.parts else Path(base)
