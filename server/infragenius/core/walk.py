"""Find the files to analyse under the paths given on the command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pathspec

from .detect import detect

SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".terraform", ".tox", ".mypy_cache"})


def iter_files(paths: list[Path], exclude: list[str] | None = None) -> Iterator[tuple[Path, str | None]]:
    """Yield (path, language) for files we analyse. Explicit files are always yielded (their
    language may be None); directories are walked, skipping VCS/vendor dirs and .gitignore'd paths."""
    excluded = pathspec.PathSpec.from_lines("gitwildmatch", exclude or [])
    seen: set[Path] = set()
    for root in paths:
        if root.is_file() or not root.exists():
            yield root, detect(root) or _detect_content(root)
            continue
        for path in _walk(root, excluded):
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            language = detect(path) or _detect_content_if_yaml(path)
            if language:
                yield path, language


def _walk(root: Path, excluded: pathspec.PathSpec) -> Iterator[Path]:
    ignores: list[tuple[Path, pathspec.PathSpec]] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        folder = Path(dirpath)
        try:
            st = folder.stat()
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in visited:  # symlink loop
            dirnames[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        gitignore = folder / ".gitignore"
        if gitignore.is_file():
            try:
                ignores.append((folder, pathspec.PathSpec.from_lines("gitwildmatch", gitignore.read_text("utf-8", "replace").splitlines())))
            except OSError:
                pass
        keep = []
        for name in sorted(dirnames):
            sub = folder / name
            if name in SKIP_DIRS or _ignored(sub, ignores, excluded, root, is_dir=True):
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = folder / name
            if not _ignored(path, ignores, excluded, root, is_dir=False):
                yield path


def _ignored(path: Path, ignores, excluded: pathspec.PathSpec, root: Path, is_dir: bool) -> bool:
    suffix = "/" if is_dir else ""
    rel_root = path.relative_to(root).as_posix() + suffix
    if excluded.match_file(rel_root):
        return True
    for base, spec in ignores:
        try:
            rel = path.relative_to(base).as_posix() + suffix
        except ValueError:
            continue
        if spec.match_file(rel):
            return True
    return False


def _detect_content(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    return detect(path, head)


def _detect_content_if_yaml(path: Path) -> str | None:
    if path.suffix.lower() in (".yml", ".yaml"):
        return _detect_content(path)
    return None
