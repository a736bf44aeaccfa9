"""Which repository, ref and commit a check runs on: what GitHub Actions or GitLab CI say, else git.

Refs are branch (or tag) names as people say them (``main``, ``feature/x``); a GitHub pull request is
its head branch. Repositories are ``OWNER/NAME`` (a GitLab project path may hold subgroups).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT_S = 5
# git@github.com:owner/name.git, https://host/owner/name(.git), ssh://git@host:22/group/sub/name.git
_REMOTE = re.compile(r"^(?:[a-z+]+://)?(?:[^@/]+@)?[^/:]+(?::\d+)?[:/](?P<path>.+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class Where:
    repository: str | None
    ref: str | None
    commit: str | None


def detect(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Where:
    env = os.environ if env is None else env
    if env.get("GITHUB_ACTIONS") == "true":
        ref = env.get("GITHUB_HEAD_REF") or env.get("GITHUB_REF_NAME")
        return Where(env.get("GITHUB_REPOSITORY"), ref, env.get("GITHUB_SHA"))
    if env.get("GITLAB_CI") == "true":
        return Where(env.get("CI_PROJECT_PATH"), env.get("CI_COMMIT_REF_NAME"), env.get("CI_COMMIT_SHA"))
    return from_git(cwd)


def from_git(cwd: Path | None = None) -> Where:
    """Origin's path, the checked-out branch and HEAD; None for what git cannot say (no repository,
    no origin, a detached HEAD)."""
    remote = _git(cwd, "remote", "get-url", "origin")
    match = _REMOTE.match(remote) if remote else None
    branch = _git(cwd, "rev-parse", "--abbrev-ref", "HEAD")
    return Where(match["path"] if match else None, branch if branch != "HEAD" else None, _git(cwd, "rev-parse", "HEAD"))


def git_root(cwd: Path | None = None) -> str | None:
    """The top folder of the git work tree, or None outside one."""
    return _git(cwd, "rev-parse", "--show-toplevel")


def _git(cwd: Path | None, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None
