"""The rule scaffold (``make new-rule``) writes a rule that imports, registers, documents itself and has cases."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from infragenius.core.rules import REGISTRY

from .new_rule import LAYOUTS, main, scaffold


@pytest.mark.parametrize("language", sorted(LAYOUTS))
def test_scaffolded_rule_registers_with_docs_and_cases(tmp_path: Path, language: str) -> None:
    layout = LAYOUTS[language]
    code = f"{layout.prefix}999"
    written = scaffold(language, code, "scaffold-demo-check", root=tmp_path)
    module_path = next(p for p in written if p.suffix == ".py")
    cases = tmp_path / "tests/cases" / layout.cases / code
    assert (cases / "bad.expected").read_text() == ""
    assert any(p.name.startswith("bad") for p in cases.iterdir()) and any(
        p.name.startswith("good") for p in cases.iterdir()
    )

    REGISTRY.rules_for(layout.cases)  # the language's own rules (and its package) first
    name = f"infragenius.languages.{layout.package}.rules.scaffold_demo_check"
    spec = importlib.util.spec_from_file_location(name, module_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        rule = REGISTRY.get(code)
        assert rule is not None and rule.name == "scaffold-demo-check"
        assert rule.message == "Scaffold demo check"
        assert "Bad:" in rule.docs() and "Good:" in rule.docs()
    finally:
        REGISTRY.remove(code)
        del sys.modules[name]


def test_refuses_bad_code_name_and_existing_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="DF and three digits"):
        scaffold("dockerfile", "TF123", "x", root=tmp_path)
    with pytest.raises(ValueError, match="lower-case words"):
        scaffold("dockerfile", "DF999", "Bad_Name", root=tmp_path)
    scaffold("dockerfile", "DF999", "demo", root=tmp_path)
    with pytest.raises(FileExistsError):
        scaffold("dockerfile", "DF999", "demo", root=tmp_path)
    assert main(["dockerfile", "DF1", "demo"]) == 2
    assert "three digits" in capsys.readouterr().err


@pytest.mark.parametrize("language", sorted(LAYOUTS))
def test_the_new_module_is_listed_in_its_rules_package(tmp_path: Path, language: str) -> None:
    package = LAYOUTS[language].package
    real = Path(__file__).resolve().parents[2] / "server/infragenius/languages" / package / "rules" / "__init__.py"
    listing = tmp_path / "server/infragenius/languages" / package / "rules" / "__init__.py"
    listing.parent.mkdir(parents=True)
    listing.write_text(real.read_text("utf-8"), "utf-8")
    assert listing in scaffold(language, f"{LAYOUTS[language].prefix}999", "zz-demo-check", root=tmp_path)
    text = listing.read_text("utf-8")
    assert "    zz_demo_check,\n)" in text and text.count("zz_demo_check") == 1
    assert text.replace("    zz_demo_check,\n", "") == real.read_text("utf-8")
