"""What the engine is handed instead of importing it: the languages and the rule packs that extend them.

Core names no language package and nothing of ``tiers/`` (ARCHITECTURE.md "Layers"). The composition root
(``infragenius.app``) fills these tables once per process, from ``languages/registry.py`` and the premium
packs of ``tiers/packs``; ``core.rules.REGISTRY`` reads them. A light module on purpose: the language
server installs them at start-up without importing the rule machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rules import LanguageSpec

# name -> a function importing the language's package and returning its LanguageSpec; in the order
# detection asks them
LANGUAGES: dict[str, Callable[[], LanguageSpec]] = {}
# language name -> functions importing the rule packs that extend it (imported with its rules)
PACKS: dict[str, tuple[Callable[[], None], ...]] = {}


def install(
    languages: Mapping[str, Callable[[], LanguageSpec]], packs: Mapping[str, tuple[Callable[[], None], ...]]
) -> None:
    """Hand the engine its languages and packs (installing the same ones again changes nothing)."""
    LANGUAGES.update(languages)
    PACKS.update(packs)
