"""Precision on real workflows: the warnings and errors we raise on the corpus are the reviewed ones.

Every line of ``corpus_findings.expected`` was read in context and judged a true positive (see the
comment beside each group). A new finding, or a missing one, fails: review it before updating the
file. actionlint's ``testdata/ok`` (workflows that must lint clean) must give no warning or error
(pinning of container images aside: not actionlint's concern).
Skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.findings import Severity

from ..conftest import corpus_dir
from ..corpus_review import reviewed
from .test_analysis import NOT_ACTIONLINTS_CONCERN

EXPECTED = Path(__file__).with_name("corpus_findings.expected")


def _findings(engine: Engine, path: Path):
    doc = Document(path.resolve().as_uri(), decode(path.read_bytes()), "github-actions", path=path)
    return [f for f in engine.analyse(doc, use_cache=False).findings if f.severity <= Severity.WARNING]


def _real_workflows(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*.y*ml") if "actionlint" not in p.relative_to(root).parts and p.name != "dependabot.yml"
    )


def test_real_workflow_warnings_are_the_reviewed_ones() -> None:
    root = corpus_dir("github-actions")
    engine = Engine(Config())
    got = sorted(
        f"{path.relative_to(root)}:{f.range.start.line + 1}:{f.range.start.column + 1} {f.code} {f.message}"
        for path in _real_workflows(root)
        for f in _findings(engine, path)
    )
    assert got == reviewed(EXPECTED)


def test_actionlint_ok_testdata_has_no_warning() -> None:
    ok = corpus_dir("github-actions") / "actionlint" / "testdata" / "ok"
    engine = Engine(Config())
    got = [
        f"{p.name}: {f.code} {f.message}"
        for p in sorted(ok.glob("*.y*ml"))
        for f in _findings(engine, p)
        if f.code not in NOT_ACTIONLINTS_CONCERN
    ]
    assert got == []


def test_actionlint_ok_testdata_clear_text_passwords_are_the_reviewed_ones() -> None:
    # actionlint does not look at env values; anchors.yaml's step env holds a password in clear text
    # (issue 15 §4: a literal under a password name is a secret whatever its entropy)
    ok = corpus_dir("github-actions") / "actionlint" / "testdata" / "ok"
    engine = Engine(Config())
    got = [
        f"{p.name}:{f.range.start.line + 1} {f.severity.name} {f.message}"
        for p in sorted(ok.glob("*.y*ml"))
        for f in _findings(engine, p)
        if f.code == "GA034"
    ]
    assert got == [
        'anchors.yaml:40 ERROR "PASS" holds a credential (secret value) written in the workflow; use ${{ secrets.NAME }}'
    ]
