"""A finding that says "did you mean" knows the answer, so it carries the fix that puts it in place
(issue 19 §1). Checked over every fixture and golden case of the languages listed in ``LANGUAGES``:
add a language there (its fixtures/ folder and tests/cases/ folder names) once its suggestions have fixes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.detect import detect
from infragenius.core.document import decode
from infragenius.core.rules import REGISTRY

from .helpers import analyse_file

ROOT = Path(__file__).resolve().parent.parent
# language -> (folder under fixtures/, folder under tests/cases/)
LANGUAGES = {
    "bake": ("bake", "bake"),
    "compose": ("compose", "compose"),
    "dockerfile": ("docker", "dockerfile"),
    "github-actions": ("github-actions", "github-actions"),
    "gitlab-ci": ("gitlab-ci", "gitlab-ci"),
    "helm": ("helm", "helm"),
    "kubernetes": ("kubernetes", "kubernetes"),
    "terraform": ("terraform", "terraform"),
}
SKIP_SUFFIXES = (".expected", ".fixed", ".md")


def _files(language: str):
    """(path, language to analyse it as): fixtures by detection, golden file cases as their folder says."""
    fixtures, cases = LANGUAGES[language]
    for path in sorted((ROOT / "fixtures" / fixtures).rglob("*")):
        if path.is_file() and detect(path, decode(path.read_bytes())) == language:
            yield path, language
    for rule_dir in sorted(p for p in (ROOT / "tests" / "cases" / cases).iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.name.endswith(SKIP_SUFFIXES) or not case.name.startswith(("bad", "good")):
                continue
            if case.is_file():
                yield case, language
                continue
            for path in sorted(p for p in case.rglob("*") if p.is_file()):
                if detect(path, decode(path.read_bytes())) == language:
                    yield path, language


def _did_you_mean(language: str) -> list[tuple[Path, object]]:
    return [
        (path, f)
        for path, as_language in _files(language)
        for f in analyse_file(path, as_language)
        if "did you mean" in f.message.lower()
    ]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_did_you_mean_carries_a_fix(language):
    found = _did_you_mean(language)
    assert found, f"no 'did you mean' finding in the {language} fixtures and cases: is the walk still right?"
    missing = [f"{p.relative_to(ROOT)}:{f.range.start.line + 1} {f.code} {f.message}" for p, f in found if not f.fix]
    assert missing == []
    # `infragenius rules` marks these rules fixable
    assert sorted({f.code for _, f in found if not REGISTRY.get(f.code).fixable}) == []
