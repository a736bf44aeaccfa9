"""The pre-commit hook definition: the right command and a ``files`` pattern that covers what we analyse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from infragenius.core.detect import detect_by_path

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def hook() -> dict:
    (only,) = yaml.safe_load(HOOKS.read_text())
    return only


def test_hook_definition(hook):
    assert hook["id"] == "infragenius"
    assert hook["entry"] == "infragenius check"
    assert hook["language"] == "python"
    assert hook["types"] == ["text"]


MATCHED = [
    "Dockerfile", "docker/Dockerfile", "Dockerfile.prod", "api.Dockerfile", "web.dockerfile", "Containerfile",
    "main.tf", "modules/vpc/variables.tf", "prod.tfvars",
    ".github/workflows/ci.yml", ".github/workflows/release.yaml", "action.yml", "sub/action.yaml", ".github/dependabot.yml",
    ".gitlab-ci.yml", "ci/templates/build.gitlab-ci.yml",
    "charts/app/Chart.yaml", "charts/app/values.yaml", "charts/app/templates/deployment.yaml",
    "charts/app/templates/_helpers.tpl", "charts/app/templates/NOTES.txt",
]
NOT_MATCHED = ["README.md", "setup.py", "docker-compose.yml", "dependabot.yml", "Dockerfile.md/x.py",
               "gitlab-ci.yml.bak", "values.json", "main.tf.bak"]


@pytest.mark.parametrize("path", MATCHED)
def test_files_pattern_matches(hook, path):
    assert re.search(hook["files"], path), path


@pytest.mark.parametrize("path", NOT_MATCHED)
def test_files_pattern_skips(hook, path):
    assert not re.search(hook["files"], path), path


@pytest.mark.parametrize("path", [p for p in MATCHED if "charts/" not in p])
def test_pattern_and_detection_agree(hook, path):
    """Every path-detected language file (Helm needs a Chart.yaml on disk, so not here) is passed to the hook."""
    assert detect_by_path(Path(path)) is not None
