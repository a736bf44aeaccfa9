"""Language detection: by path first, then by content."""

from __future__ import annotations

from pathlib import PurePath

import pytest

from infragenius.core.detect import detect, detect_by_content, detect_by_path


@pytest.mark.parametrize(
    "path, language",
    [
        ("Dockerfile", "dockerfile"),
        ("dockerfile", "dockerfile"),
        ("svc/Dockerfile.prod", "dockerfile"),
        ("api.Dockerfile", "dockerfile"),
        ("api.dockerfile", "dockerfile"),
        ("Containerfile", "dockerfile"),
        ("Containerfile.debug", "dockerfile"),
        ("main.tf", "terraform"),
        ("env/prod.tfvars", "terraform"),
        ("mod.tofu", "terraform"),
        (".github/workflows/ci.yml", "github-actions"),
        ("repo/.github/workflows/release.yaml", "github-actions"),
        ("action.yml", "github-actions"),
        ("actions/setup/action.yaml", "github-actions"),
        (".gitlab-ci.yml", "gitlab-ci"),
        ("ci/build.gitlab-ci.yml", "gitlab-ci"),
        ("README.md", None),
        ("docker-compose.yml", "compose"),
        ("compose.yaml", "compose"),
        ("deploy/compose.yml", "compose"),
        ("docker-compose.yaml", "compose"),
        ("compose.override.yaml", "compose"),
        ("docker-compose.prod.yml", "compose"),
        ("docker-compose-postgres.yml", "compose"),
        ("compose.json", None),
        ("my-compose.yaml", None),  # known by its content
        ("docker-bake.hcl", "bake"),
        ("docker-bake.override.hcl", "bake"),
        ("docker-bake.json", "bake"),
        ("bake.hcl", None),
        (".github/dependabot.yml", "github-actions"),
        ("repo/.github/dependabot.yaml", "github-actions"),
        ("dependabot.yml", None),
        (".github/workflows/nested/ci.yml", None),
        ("Dockerfile.md", None),
        ("Dockerfile.dockerignore", None),  # BuildKit's per-Dockerfile ignore file
        ("app.Dockerfile.dockerignore", None),
        ("Dockerfile.orig", None),
    ],
)
def test_by_path(path, language):
    assert detect_by_path(PurePath(path)) == language


def test_helm_needs_a_chart(tmp_path):
    chart = tmp_path / "charts" / "app"
    (chart / "templates" / "sub").mkdir(parents=True)
    deployment = chart / "templates" / "deployment.yaml"
    nested = chart / "templates" / "sub" / "svc.yaml"
    helpers = chart / "templates" / "_helpers.tpl"
    assert detect(deployment) is None  # no Chart.yaml yet: a folder that happens to be called templates
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: app\nversion: 0.1.0\n")
    assert detect(deployment) == "helm"
    assert detect(nested) == "helm"
    assert detect(helpers) == "helm"
    assert detect(chart / "values.yaml") == "helm"
    assert detect(chart / "Chart.yaml") == "helm"
    assert detect(tmp_path / "values.yaml") is None


@pytest.mark.parametrize(
    "text, language",
    [
        ("FROM alpine\nRUN true\n", "dockerfile"),
        ("# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:$V\n", "dockerfile"),
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n", "kubernetes"),
        ("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n", "github-actions"),
        ("stages: [build]\nbuild:\n  script:\n    - make\n", "gitlab-ci"),
        ("services:\n  web:\n    image: nginx:1.27\n", "compose"),
        ("name: app\nservices:\n  api:\n    build: ./api\n", "compose"),
        ("services:\n  - docker:dind\ntest:\n  image: alpine\n  script: [make]\nstages: [test]\n", "gitlab-ci"),
        ("hello world\n", None),
        ("", None),
        ("RUN echo FROM alpine\n", None),
    ],
)
def test_by_content(text, language):
    assert detect_by_content(text) == language


def test_path_wins_over_content():
    assert detect("main.tf", "FROM alpine\n") == "terraform"
    assert detect("x.yaml", "apiVersion: v1\nkind: Pod\n") == "kubernetes"
    assert detect("notes.txt", "FROM alpine\n") is None  # a known non-infra suffix is not sniffed
    assert detect("build", "FROM alpine\n") == "dockerfile"  # no suffix: sniffed
    assert detect(None, "FROM alpine\n") == "dockerfile"
    assert detect(None, None) is None
