"""Which language a file is written in: by its path first, then by its content.

Each language says what it recognises (``LanguageSpec.claims_path``, ``claims_text``,
``text_suffixes``); this module asks them in order. Their specs are light (no parser is imported).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rules import LanguageSpec

_YAML = (".yml", ".yaml")
HEAD = 4096  # what content detection reads of a file


def detect(path: str | PurePath | None, text: str | None = None) -> str | None:
    """The language id for a file, or None when InfraGenius does not analyse it."""
    if path is not None:
        language = detect_by_path(PurePath(path))
        if language is not None:
            return language
    if text is not None:
        return detect_by_content(text, PurePath(path) if path is not None else None)
    return None


def detect_by_path(path: PurePath) -> str | None:
    return next((spec.name for spec in _specs() if spec.claims_path is not None and spec.claims_path(path)), None)


def detect_by_content(text: str, path: PurePath | None = None) -> str | None:
    """Sniff a YAML or suffix-less file; a file with another suffix is only what its suffix says."""
    if path is not None and path.suffix and path.suffix.lower() not in _YAML:
        suffix = path.suffix.lower()
        return next((spec.name for spec in _specs() if suffix in spec.text_suffixes), None)
    head = text[:HEAD]
    return next((spec.name for spec in _specs() if spec.claims_text is not None and spec.claims_text(head)), None)


def _specs() -> list[LanguageSpec]:
    from .rules import REGISTRY  # here: the module stays light to import (the LSP warm-up reads it)

    return REGISTRY.specs()
