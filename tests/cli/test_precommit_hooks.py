"""The pre-commit hook definition: the right command and a ``files`` pattern that covers what we analyse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yaml
from infragenius.core.detect import detect, detect_by_path

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
    "Dockerfile",
    "docker/Dockerfile",
    "Dockerfile.prod",
    "api.Dockerfile",
    "web.dockerfile",
    "Containerfile",
    "main.tf",
    "modules/vpc/variables.tf",
    "prod.tfvars",
    ".github/workflows/ci.yml",
    ".github/workflows/release.yaml",
    "action.yml",
    "sub/action.yaml",
    ".github/dependabot.yml",
    ".gitlab-ci.yml",
    "ci/templates/build.gitlab-ci.yml",
    "charts/app/Chart.yaml",
    "charts/app/values.yaml",
    "charts/app/templates/deployment.yaml",
    "charts/app/templates/_helpers.tpl",
    "charts/app/templates/NOTES.txt",
]
NOT_MATCHED = [
    "README.md",
    "setup.py",
    "docker-compose.yml",
    "dependabot.yml",
    "Dockerfile.md/x.py",
    "gitlab-ci.yml.bak",
    "values.json",
    "main.tf.bak",
]

# Plain manifests have no name of their own: the pattern takes the places and names that hold them by
# convention (and Kustomize's files), and leaves the YAML of other tools, which detection would skip.
KUBERNETES = [
    "k8s/deployment.yaml",
    "deploy/k8s/prod/api.yml",
    "kubernetes/app.yaml",
    "kube/ingress.yaml",
    "manifests/rbac.yaml",
    "config/manifests/setup.yml",
    "k8s-specifications/db-service.yaml",
    "deploy/web.yaml",
    "deployments/worker.yaml",
    "kustomize/base/app.yaml",
    "base/deployment.yaml",
    "overlays/prod/patch.yaml",
    "components/ha/pdb.yaml",
    "clusters/prod/sync.yaml",
    "kustomization.yaml",
    "app/kustomization.yml",
    "overlays/dev/Kustomization",
    "deployment.yaml",
    "ops/service.yaml",
    "web-deployment.yaml",
    "api_svc.yaml",
    "redis.statefulset.yml",
    "ops/cluster-role-binding.yaml",
    "app.k8s.yaml",
]
UNRELATED_YAML = [
    ".pre-commit-config.yaml",
    "mkdocs.yml",
    "compose.yaml",
    "docker-compose.yaml",
    "config/settings.yaml",
    ".golangci.yml",
    "codecov.yml",
    ".github/ISSUE_TEMPLATE/bug.yml",
    "ansible/playbook.yml",
    "openapi.yaml",
    "environment.yml",
    "k8s/README.md",
    "k8s/values.json",
    "deploy/run.sh",
    "not-a-deployment.yaml.orig",
]


@pytest.mark.parametrize("path", KUBERNETES)
def test_kubernetes_manifests_and_kustomize_files_are_passed(hook, path):
    assert re.search(hook["files"], path), path


@pytest.mark.parametrize("path", UNRELATED_YAML)
def test_other_yaml_is_not_passed(hook, path):
    assert not re.search(hook["files"], path), path


MANIFEST = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n"


@pytest.mark.parametrize("path", KUBERNETES)
def test_the_engine_analyses_what_the_hook_passes(path):
    """A manifest or Kustomization at each of these paths is one the engine takes (by its content)."""
    text = KUSTOMIZATION if "ustomization" in path else MANIFEST
    assert detect(Path(path), text) == "kubernetes", path


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
