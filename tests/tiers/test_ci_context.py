"""Where a check runs, for ``check --upload``: GitHub Actions, GitLab CI, else git."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from infragenius.tiers.ci_context import Where, detect


def test_github_actions_push_and_pull_request():
    push = {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/infra", "GITHUB_REF_NAME": "main", "GITHUB_SHA": "c1"}
    assert detect(push) == Where("acme/infra", "main", "c1")
    pull = {**push, "GITHUB_REF_NAME": "42/merge", "GITHUB_HEAD_REF": "feature/x"}
    assert detect(pull) == Where("acme/infra", "feature/x", "c1")


def test_gitlab_ci_project_path_keeps_subgroups():
    env = {
        "GITLAB_CI": "true",
        "CI_PROJECT_PATH": "group/sub/infra",
        "CI_COMMIT_REF_NAME": "dev",
        "CI_COMMIT_SHA": "c2",
    }
    assert detect(env) == Where("group/sub/infra", "dev", "c2")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    "remote", ["git@github.com:acme/infra.git", "https://github.com/acme/infra", "ssh://git@host:2222/acme/infra.git"]
)
def test_git_origin_branch_and_head(tmp_path, remote):
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True).stdout.strip()

    git("init", "-q", "-b", "trunk")
    git("remote", "add", "origin", remote)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "x")
    assert detect({}, tmp_path) == Where("acme/infra", "trunk", git("rev-parse", "HEAD"))


def test_outside_a_repository_nothing_is_known(tmp_path):
    assert detect({}, tmp_path) == Where(None, None, None)
