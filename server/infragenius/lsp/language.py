"""Asking the document's language for an editor feature (``LanguageSpec.definition``,
``.completion``, ``.references``, ``.symbols``): one place that finds the handler and keeps a failing
one from ever becoming an error in the editor."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.engine import Analysis

log = logging.getLogger(__name__)


def ask_language(analysis: Analysis, feature: str, *args: Any) -> Any:
    """``spec.<feature>(document, model, *args)`` of the analysed document's language; None when the
    language has no such feature or its handler fails (logged)."""
    from ..core.rules import REGISTRY

    language = analysis.language or analysis.document.language
    try:
        spec = REGISTRY.language(language) if language else None
        handler = getattr(spec, feature, None) if spec is not None else None
        if handler is None:
            return None
        return handler(analysis.document, analysis.model, *args)
    except Exception:  # navigation and completion are niceties: never an error in the editor
        log.exception("%s for %s failed", feature, language)
        return None
