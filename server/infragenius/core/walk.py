"""Find the files to analyse under the paths given on the command line."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .detect import detect

if TYPE_CHECKING:  # pathspec (~10 ms to import) is needed only when a folder is walked
    import pathspec

SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".terraform", ".tox", ".mypy_cache"}
)

Ignores = list[tuple[Path, "pathspec.GitIgnoreSpec"]]
OnError = Callable[[str], None]


def iter_files(
    paths: list[Path], exclude: list[str] | None = None, on_error: OnError | None = None
) -> Iterator[tuple[Path, str | None]]:
    """Yield (path, language) for files we analyse. Explicit files are always yielded (their
    language may be None); directories are walked, skipping VCS/vendor dirs, ``exclude`` globs and
    .gitignore'd paths (including .gitignore files above the directory, up to the repository root).
    A file reached twice (symlinks, overlapping arguments) is yielded once."""
    excluded = None
    report = on_error or (lambda message: None)
    seen: set[Path] = set()
    for root in paths:
        if not root.is_dir():
            real = _real(root)
            if real not in seen:
                seen.add(real)
                yield root, detect(root) or _detect_content(root)
            continue
        if excluded is None:
            excluded = _spec(exclude or [])
        for path in _walk(root, excluded, report):
            real = _real(path)
            if real in seen:
                continue
            seen.add(real)
            language = detect(path) or _detect_content_if_yaml(path)
            if language:
                yield path, language


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop on a file name
        return path.absolute()


def _walk(root: Path, excluded: pathspec.GitIgnoreSpec, report: OnError) -> Iterator[Path]:
    ignores: Ignores = _ancestor_ignores(root)
    visited: set[tuple[int, int]] = set()

    def on_walk_error(exc: OSError) -> None:
        report(f"{exc.filename}: cannot list directory: {exc.strerror or exc}")

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_walk_error):
        folder = Path(dirpath)
        try:
            st = folder.stat()
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in visited:  # a symlink back to a folder already walked (a loop)
            dirnames[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        spec = _read_gitignore(folder / ".gitignore")
        if spec is not None:
            ignores.append((folder, spec))
        keep = []
        for name in sorted(dirnames):
            sub = folder / name
            if name in SKIP_DIRS or _ignored(sub, ignores, excluded, root, is_dir=True):
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = folder / name
            if _regular_or_broken(path) and not _ignored(path, ignores, excluded, root, is_dir=False):
                yield path


def _regular_or_broken(path: Path) -> bool:
    """Skip FIFOs, sockets and devices (reading a FIFO would block); keep broken links and loops,
    whose read error is reported later."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, RuntimeError):
        return True


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _read_gitignore(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        if not path.is_file():
            return None
        return _spec(path.read_text("utf-8", "replace").splitlines())
    except OSError:
        return None


def _ancestor_ignores(root: Path) -> Ignores:
    """The .gitignore files of the folders above ``root``, up to the repository root (a folder with .git)."""
    try:
        start = root.resolve()
    except (OSError, RuntimeError):
        return []
    chain = []
    for folder in start.parents:
        chain.append(folder)
        if (folder / ".git").exists():
            break
    else:
        return []  # not inside a repository: outer .gitignore files do not apply
    found: Ignores = []
    for folder in reversed(chain):
        spec = _read_gitignore(folder / ".gitignore")
        if spec is not None:
            found.append((folder, spec))
    for base, spec in found:
        if spec.match_file(start.relative_to(base).as_posix() + "/"):
            return []  # the user named an ignored folder explicitly: analyse it
    return found


def _ignored(path: Path, ignores: Ignores, excluded: pathspec.GitIgnoreSpec, root: Path, is_dir: bool) -> bool:
    suffix = "/" if is_dir else ""
    rel_root = path.relative_to(root).as_posix() + suffix
    if excluded.match_file(rel_root):
        return True
    absolute: Path | None = None
    ignored = False
    for base, spec in ignores:  # outer files first: a deeper .gitignore (e.g. a `!negation`) decides last
        try:
            rel = path.relative_to(base).as_posix() + suffix
        except ValueError:
            if absolute is None:  # an ancestor .gitignore (resolved base): resolve the walk root
                absolute = _real(root) / path.relative_to(root)
            try:
                rel = absolute.relative_to(base).as_posix() + suffix
            except ValueError:
                continue
        decision = spec.check_file(rel).include
        if decision is not None:
            ignored = decision
    return ignored


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
