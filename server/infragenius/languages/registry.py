"""The languages, in the order detection asks them: the one table that names every language package.

The composition root (``infragenius.app``) hands this table to the engine (``core.wiring``), so that core,
the front doors and the floors above them name no language. Adding a language is its package plus one line
here (CONTRIBUTING.md "Adding a language"). Each entry imports its package's ``LANGUAGE`` on first use, so
that the language server starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.rules import LanguageSpec


def _dockerfile() -> LanguageSpec:
    from .dockerfile import LANGUAGE

    return LANGUAGE


def _terraform() -> LanguageSpec:
    from .terraform import LANGUAGE

    return LANGUAGE


def _kubernetes() -> LanguageSpec:
    from .kubernetes import LANGUAGE

    return LANGUAGE


def _github_actions() -> LanguageSpec:
    from .github_actions import LANGUAGE

    return LANGUAGE


def _gitlab_ci() -> LanguageSpec:
    from .gitlab_ci import LANGUAGE

    return LANGUAGE


def _helm() -> LanguageSpec:
    from .helm import LANGUAGE

    return LANGUAGE


def _compose() -> LanguageSpec:
    from .compose import LANGUAGE

    return LANGUAGE


def _bake() -> LanguageSpec:
    from .bake import LANGUAGE

    return LANGUAGE


# Helm's look for a Chart.yaml (file-system calls) comes after the languages a path names; Compose, the
# newest, is asked last, as when it was added.
LANGUAGES: dict[str, Callable[[], LanguageSpec]] = {
    "dockerfile": _dockerfile,
    "terraform": _terraform,
    "kubernetes": _kubernetes,
    "github-actions": _github_actions,
    "gitlab-ci": _gitlab_ci,
    "helm": _helm,
    "compose": _compose,
    "bake": _bake,
}
