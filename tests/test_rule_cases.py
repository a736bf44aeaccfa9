"""Golden tests for every rule: tests/cases/<language>/<CODE>/.

Each rule folder holds at least one ``bad*`` and one ``good*`` case. A case is a file, or a folder
for multi-file languages (Terraform modules, Helm charts). ``bad*.expected`` lists, one per line,
``[file:]row:col-endrow:endcol CODE message`` for every finding of that CODE (1-based, code points).
``good*`` cases must give no finding of that CODE. ``bad*.fixed`` (optional) is the text after
applying that rule's fixes. Run ``pytest tests/test_rule_cases.py --update-golden`` to rewrite the
expected files after checking the new output by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.findings import apply_edits
from infragenius.core.rules import REGISTRY

from .helpers import golden_line

CASES = Path(__file__).parent / "cases"
SKIP_SUFFIXES = (".expected", ".fixed", ".md")


def _cases():
    for language_dir in sorted(p for p in CASES.iterdir() if p.is_dir()):
        for rule_dir in sorted(p for p in language_dir.iterdir() if p.is_dir()):
            for case in sorted(rule_dir.iterdir()):
                if case.name.endswith(SKIP_SUFFIXES) or not case.name.startswith(("bad", "good")):
                    continue
                yield pytest.param(language_dir.name, rule_dir.name, case, id=f"{rule_dir.name}/{case.name}")


def _stem(case: Path) -> str:
    return case.name.split(".", 1)[0]


def _emits(code: str) -> tuple[str, ...]:
    """Codes a rule reports under besides its own (HM008 reports Kubernetes findings as K8xxx)."""
    rule = REGISTRY.get(code)
    return tuple(getattr(rule, "emits", ()))


def _run(language: str, code: str, case: Path):
    engine = Engine(Config(select=[code, *_emits(code)]), root=case if case.is_dir() else case.parent)
    results = []
    files = sorted(p for p in case.rglob("*") if p.is_file()) if case.is_dir() else [case]
    for path in files:
        doc = Document(uri=path.resolve().as_uri(), text=decode(path.read_bytes()), language=None, path=path)
        from infragenius.core.detect import detect

        doc.language = detect(path, doc.text) if case.is_dir() else language
        if doc.language is None:
            continue
        findings = [
            f
            for f in engine.analyse(doc, use_cache=False).findings
            if f.code == code
            or (
                f.code.startswith(_emits(code))
                and _emits(code)
                and f.source == "infragenius"
                and f.data.get("rendered")
            )
        ]
        results.append((path, doc, findings))
    return results


@pytest.mark.parametrize("language,code,case", list(_cases()))
def test_case(language: str, code: str, case: Path, update_golden: bool) -> None:
    assert REGISTRY.get(code) is not None, f"no rule {code}"
    results = _run(language, code, case)
    if case.name.startswith("good"):
        found = [golden_line(f) for _, _, fs in results for f in fs]
        assert found == [], f"{code} must not fire on {case.name}"
        return
    lines = []
    for path, _, findings in results:
        prefix = f"{path.relative_to(case).as_posix()}:" if case.is_dir() else ""
        lines += [golden_line(f, prefix) for f in findings]
    expected_file = case.parent / f"{_stem(case)}.expected"
    if update_golden:
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert expected_file.is_file(), f"missing {expected_file.name}"
    expected = [line for line in expected_file.read_text("utf-8").splitlines() if line.strip()]
    assert lines == expected
    assert lines, f"{case.name} must produce at least one {code}"
    fixed_file = case.parent / f"{_stem(case)}.fixed"
    if fixed_file.is_file() and not case.is_dir():
        _, doc, findings = results[0]
        edits = [e for f in findings if f.fix for e in f.fix.edits]
        assert apply_edits(doc.text, edits, doc) == fixed_file.read_text("utf-8")


def test_every_rule_has_cases() -> None:
    missing = []
    for rule in REGISTRY.all():
        if rule.language == "engine" or rule.origin != "builtin":
            continue
        folder = CASES / rule.language / rule.code
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
        if not any(n.startswith("bad") for n in names) or not any(n.startswith("good") for n in names):
            missing.append(rule.code)
    assert missing == [], f"rules without bad/good cases: {missing}"


def test_every_rule_is_documented() -> None:
    for rule in REGISTRY.all():
        docs = rule.docs()
        assert rule.message and "\n" not in rule.message, rule.code
        if rule.language != "engine":
            assert "Bad" in docs and "Good" in docs, f"{rule.code} docs need a bad and a good example"
            assert rule.aliases or "no-peer" in rule.tags, f"{rule.code} needs peer aliases (or tag no-peer)"
