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
from infragenius import app
from infragenius.core.document import Document, Position
app.compose_engine()
from infragenius.core.rules import REGISTRY
spec = REGISTRY.language("dockerfile")
print("before", "infragenius.languages.dockerfile.hover" in sys.modules)
spec.hover(Document("untitled:d", "FROM alpine\\n", "dockerfile"), None, Position(0, 1))
print("after", "infragenius.languages.dockerfile.hover" in sys.modules)
"""


def test_editor_features_load_on_first_use() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False)
    assert out.stdout.split("\n")[:2] == ["before False", "after True"], out.stderr


def test_every_language_loads_with_rules() -> None:
    assert REGISTRY.available_languages() == list(LANGUAGES)
    assert all(REGISTRY.rules_for(language) for language in LANGUAGES)


def test_detection_asks_each_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new language is detected from its spec alone: no table in core/detect.py names it."""
    from pathlib import PurePath

    from infragenius.core.detect import detect, detect_by_path
    from infragenius.core.rules import LanguageSpec

    def demo() -> LanguageSpec:
        return LanguageSpec(
            name="demo",
            parse=lambda document, ctx: None,
            claims_path=lambda path: path.name == "demo.yml",
            claims_text=lambda head: head.startswith("demo:"),
            text_suffixes=(".dmo",),
        )

    monkeypatch.setitem(LANGUAGES, "demo", demo)
    monkeypatch.setattr(REGISTRY, "_specs", dict(REGISTRY._specs))
    assert detect_by_path(PurePath("ci/demo.yml")) == "demo"
    assert detect("x.yaml", "demo: 1\n") == "demo"
    assert detect("x.dmo", "anything") == "demo"
    assert detect("x.txt", "demo: 1\n") is None  # another suffix is not sniffed


ALL_LANGUAGES_PROBE = """
import sys
from infragenius import app
from infragenius.core.rules import LANGUAGES, REGISTRY
app.compose_engine()
FEATURES = ("features", "hover", "definition", "completion", "outline_symbols", "references")
for language in LANGUAGES:
    REGISTRY.rules_for(language)  # the spec and the rules, as a command-line run loads them
def loaded():  # infragenius.languages.<language>.<feature module>
    return sorted(n for n in sys.modules if n.startswith("infragenius.languages.") and n.count(".") == 3 and n.rsplit(".", 1)[1] in FEATURES)
print(loaded())
for language in LANGUAGES:
    REGISTRY.language(language).symbols
print(len([n for n in loaded() if n.endswith(".features")]))
"""


def test_no_language_imports_its_editor_features_with_its_rules() -> None:
    """Every language's features.py (and the feature modules it imports) waits for the editor."""
    out = subprocess.run(
        [sys.executable, "-c", ALL_LANGUAGES_PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.stdout.split("\n")[:2] == ["[]", str(len(LANGUAGES))], out.stderr


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_language_says_what_prompts_call_it(language: str) -> None:
    """AI prompts and hovers read the title and fence from the spec: no table outside the language names it."""
    spec = REGISTRY.spec(language)
    assert spec is not None and spec.title and spec.fence
