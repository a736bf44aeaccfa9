"""Back-references that do not keep their target alive.

Models point both ways (a block knows its file, the file lists its blocks). With strong references
every discarded model is a reference cycle that only a full garbage collection frees, and the
language server runs those rarely (they pause edits): a weak back-reference lets reference
counting free a model the moment its last analysis is dropped.
"""

from __future__ import annotations

import weakref
from typing import Any


class WeakLink:
    """A descriptor storing a weak reference; reads give the target or None. Usable as a dataclass
    field (its class-level value, the field default, is None)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_weak_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return None
        ref = obj.__dict__.get(self.slot)
        return ref() if ref is not None else None

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.slot] = weakref.ref(value) if value is not None else None
