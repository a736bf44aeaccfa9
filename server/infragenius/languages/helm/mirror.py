"""Copies of charts kept between renders and brought up to date file by file.

Helm loads a chart from a folder. When the editor's buffers differ from the disk, or when templates
are left out, marked (``provenance``) or given stand-ins (``standins``), the chart is rendered from a
copy. Copying bitnami's nginx with its ``common`` library into a new folder for every render, and
deleting it after, cost ~100 ms: several times the render itself, and most of a corpus run. A mirror
keeps its copy: each use rewrites only the files whose wanted content differs from what the copy
holds (after a keystroke, one template) and removes the files no longer wanted.

Mirrors belong to the thread that uses them (a render and a ``helm lint`` of the same chart run side
by side on threads of their own), a few per thread, and are deleted when pushed out or at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable
from pathlib import Path

from cachetools import LRUCache

MIRRORS_PER_THREAD = 6

# relative path in the copy -> (a signature of the content, how to produce it); equal signatures
# mean equal contents
Wanted = dict[str, tuple[Hashable, Callable[[], bytes]]]


class Mirror:
    """One chart's copy, in a temporary folder named like the chart's own (Helm's messages name it)."""

    def __init__(self, name: str) -> None:
        self.top = Path(tempfile.mkdtemp(prefix="ig-helm-"))
        self.folder = self.top / name
        self.folder.mkdir()
        self._held: dict[str, Hashable] = {}  # relative path -> signature of what the copy holds

    def sync(self, wanted: Wanted) -> Path:
        """The copy holding exactly ``wanted``; writes only what changed since the last sync."""
        for relative in [r for r in self._held if r not in wanted]:
            (self.folder / relative).unlink(missing_ok=True)
            del self._held[relative]
        for relative, (signature, content) in wanted.items():
            if self._held.get(relative) == signature:
                continue
            target = self.folder / relative
            self._held.pop(relative, None)  # unknown until written (a failed write is retried next time)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content())
            self._held[relative] = signature
        return self.folder

    def remove(self) -> None:
        shutil.rmtree(self.top, ignore_errors=True)


class _Mirrors(LRUCache):
    """One thread's mirrors by key; one pushed out is deleted."""

    def popitem(self):  # type: ignore[no-untyped-def]
        key, mirror = super().popitem()
        mirror.remove()
        return key, mirror


_LOCAL = threading.local()
_ALL: list[_Mirrors] = []  # every thread's, for the clean-up at exit
_ALL_LOCK = threading.Lock()


def mirror(key: Hashable, name: str) -> Mirror:
    """The calling thread's mirror for ``key`` (created empty the first time)."""
    mirrors: _Mirrors | None = getattr(_LOCAL, "mirrors", None)
    if mirrors is None:
        mirrors = _LOCAL.mirrors = _Mirrors(maxsize=MIRRORS_PER_THREAD)
        with _ALL_LOCK:
            _ALL.append(mirrors)
    found = mirrors.get(key)
    if found is None:
        found = mirrors[key] = Mirror(name)
    return found


@atexit.register
def _remove_all() -> None:
    with _ALL_LOCK:
        for mirrors in _ALL:
            for found in list(mirrors.values()):
                found.remove()
