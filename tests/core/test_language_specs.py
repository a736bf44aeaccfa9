"""Each language plugs in through its ``LanguageSpec``, with plain imports (issue 17): its rule modules
are listed in its ``rules/__init__.py`` and its editor features load on first use, not with the rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from infragenius.core.rules import LANGUAGES, REGISTRY

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "infragenius"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_rule_module_of_the_language_is_listed(language: str) -> None:
    REGISTRY.language(language)
    package = f"infragenius.languages.{language.replace('-', '_')}.rules"
    folder = PACKAGE / "languages" / language.replace("-", "_") / "rules"
    missing = [p.stem for p in folder.glob("*.py") if p.stem != "__init__" and f"{package}.{p.stem}" not in sys.modules]
    assert missing == [], f"add them to {package}/__init__.py"


PROBE = """
import sys
from infragenius.core.document import Document, Position
from infragenius.core.rules import REGISTRY
spec = REGISTRY.language("dockerfile")
print("before", "infragenius.languages.dockerfile.hover" in sys.modules)
spec.hover(Document("untitled:d", "FROM alpine\\n", "dockerfile"), None, Position(0, 1))
print("after", "infragenius.languages.dockerfile.hover" in sys.modules)
"""


def test_editor_features_load_on_first_use() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert out.stdout.split("\n")[:2] == ["before False", "after True"], out.stderr


def test_every_language_loads_with_rules() -> None:
    assert REGISTRY.available_languages() == list(LANGUAGES)
    assert all(REGISTRY.rules_for(language) for language in LANGUAGES)
