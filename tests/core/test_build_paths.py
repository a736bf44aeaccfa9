"""Where a build points (core/build_paths.py), as the CI languages and Compose resolve it: plain
relative paths only, the Dockerfile relative to the working folder or to the context, and whether the
repository's files are there at all."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from infragenius.core.build_paths import BuildPaths, build_paths, checkout_present, local_path
from infragenius.core.context import Workspace


@pytest.mark.parametrize(
    "value, expected",
    [
        ("app", PurePosixPath("app")),
        ("./docker/Dockerfile", PurePosixPath("docker/Dockerfile")),
        (".", PurePosixPath(".")),
        ("${{ matrix.app }}", None),
        ("$CONTEXT", None),
        ("src/${SERVICE}", None),
        ("{{defaultContext}}:app", None),
        ("https://github.com/example/app.git#main", None),
        ("git@github.com:example/app.git", None),
        ("-", None),
        ("/builds/app", None),
        ("", None),
        (None, None),
    ],
)
def test_local_path(value, expected) -> None:
    assert local_path(value) == expected


def test_the_dockerfile_is_relative_to_the_working_folder_or_to_the_context() -> None:
    root = Path("/repo")
    assert build_paths(root, "app", None) == BuildPaths(root / "app", root / "app/Dockerfile", False)
    assert build_paths(root, "app", "docker/Dockerfile") == BuildPaths(root / "app", root / "docker/Dockerfile", True)
    compose = build_paths(root, "app", "Dockerfile.dev", dockerfile_base="context")  # Compose's rule
    assert compose == BuildPaths(root / "app", root / "app/Dockerfile.dev", True)
    assert build_paths(root, None, None) == BuildPaths(root, root / "Dockerfile", False)
    assert build_paths(root, "$CTX", None) is None and build_paths(root, "app", "${{ env.FILE }}") is None


def test_a_folder_of_ci_files_alone_is_no_checkout(tmp_path: Path) -> None:
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".gitlab-ci.yml").write_text("build: {script: [make]}\n")
    assert not checkout_present(tmp_path) and not checkout_present(tmp_path, Workspace())
    (tmp_path / "src").mkdir()
    assert checkout_present(tmp_path) and checkout_present(tmp_path, Workspace())
    assert checkout_present(tmp_path / "src") is False  # empty
    (tmp_path / "src" / ".git").write_text("gitdir: ../.git/modules/src\n")
    assert checkout_present(tmp_path / "src")
    assert not checkout_present(tmp_path / "missing")
