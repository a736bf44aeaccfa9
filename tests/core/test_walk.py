"""Walking the paths given on the command line."""

from __future__ import annotations

import os
from pathlib import Path

from infragenius.core.walk import iter_files


def touch(root: Path, name: str, text: str = "FROM alpine:3.20\n") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def walk(root: Path, *paths: str, exclude=None, errors=None):
    found = iter_files(
        [root / p for p in paths] or [root], exclude, on_error=(errors.append if errors is not None else None)
    )
    return [(p.relative_to(root).as_posix(), lang) for p, lang in found]


def test_languages_and_skipped_folders(tmp_path):
    touch(tmp_path, "Dockerfile")
    touch(tmp_path, "infra/main.tf", 'resource "x" "y" {}\n')
    touch(tmp_path, ".github/workflows/ci.yml", "on: push\njobs: {}\n")
    touch(tmp_path, "k8s/pod.yaml", "apiVersion: v1\nkind: Pod\n")
    touch(tmp_path, "k8s/other.yaml", "just: data\n")
    touch(tmp_path, "README.md", "# hi\n")
    for skipped in (".git", "node_modules", ".venv", "venv", "__pycache__", ".terraform"):
        touch(tmp_path, f"{skipped}/Dockerfile")
    assert sorted(walk(tmp_path)) == [
        (".github/workflows/ci.yml", "github-actions"),
        ("Dockerfile", "dockerfile"),
        ("infra/main.tf", "terraform"),
        ("k8s/pod.yaml", "kubernetes"),
    ]


def test_gitignore_and_exclude(tmp_path):
    touch(tmp_path, ".gitignore", "# comment\nout/\n/top.Dockerfile\n")
    touch(tmp_path, "out/Dockerfile")
    touch(tmp_path, "top.Dockerfile")
    touch(tmp_path, "a/top.Dockerfile")
    touch(tmp_path, "a/.gitignore", "local.Dockerfile\n")
    touch(tmp_path, "a/local.Dockerfile")
    touch(tmp_path, "b/local.Dockerfile")
    touch(tmp_path, "gen/x/Dockerfile")
    assert [p for p, _ in walk(tmp_path, exclude=["gen/"])] == ["a/top.Dockerfile", "b/local.Dockerfile"]


def test_explicit_files_are_always_yielded(tmp_path):
    touch(tmp_path, "notes.txt", "hello\n")
    touch(tmp_path, "image", "FROM alpine\n")
    touch(tmp_path, ".gitignore", "image\n")
    assert walk(tmp_path, "notes.txt", "image") == [("notes.txt", None), ("image", "dockerfile")]


def test_symlink_loops_and_duplicates(tmp_path):
    touch(tmp_path, "a/Dockerfile")
    os.symlink("..", tmp_path / "a" / "parent")
    os.symlink("a", tmp_path / "alias")
    os.symlink("self.Dockerfile", tmp_path / "self.Dockerfile")
    found = walk(tmp_path)
    assert ("a/Dockerfile", "dockerfile") in found
    assert [p for p, _ in found if p.endswith("a/Dockerfile") or p.startswith("alias")] == ["a/Dockerfile"]
    assert ("self.Dockerfile", "dockerfile") in found  # a dangling loop: reading it reports the error later


def test_unlistable_folder_is_reported(tmp_path, monkeypatch):
    touch(tmp_path, "ok/Dockerfile")
    touch(tmp_path, "locked/Dockerfile")
    scandir = os.scandir

    def deny(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    errors: list[str] = []
    assert walk(tmp_path, errors=errors) == [("ok/Dockerfile", "dockerfile")]
    assert errors == [f"{tmp_path / 'locked'}: cannot list directory: Permission denied"]
