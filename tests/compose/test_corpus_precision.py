"""Precision on real Compose and Bake files (../shared/corpus/compose): the rules' warnings and errors are
the reviewed ones, every file is analysed without a problem, and the hints stay at the reviewed counts.

``corpus_findings.expected`` lists each warning and error, read in context, with why it is real. A new
finding, or a missing one, fails: review it before updating the file. Skipped when the corpus is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.detect import detect
from infragenius.core.document import Document, decode
from infragenius.core.engine import Analysis, Engine
from infragenius.core.findings import Severity

from ..conftest import corpus_dir
from ..robustness.invariants import analysis_problems

pytestmark = pytest.mark.corpus

EXPECTED = Path(__file__).with_name("corpus_findings.expected")
# Hints, reviewed by kind: the obsolete top-level "version" (DC009) in 21 files that still carry one.
HINTS = {"DC009": 21}


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    root = corpus_dir("compose")
    engine, found = Engine(Config()), {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = decode(path.read_bytes())
        language = detect(path, text)
        if language in ("compose", "bake"):  # the Bake files of the same projects (none reported)
            document = Document(path.resolve().as_uri(), text, language, path=path)
            found[path.relative_to(root).as_posix()] = engine.analyse(document, use_cache=False)
    assert len(found) > 170, "the compose corpus holds 178 Compose files and 4 Bake files"
    return found


def test_every_file_is_analysed_without_a_problem(analyses) -> None:
    problems = [f"{name}: {problem}" for name, analysis in analyses.items() for problem in analysis_problems(analysis)]
    assert problems == []


def test_warnings_and_errors_are_the_reviewed_ones(analyses) -> None:
    got = sorted(
        f"{name}:{f.range.start.line + 1}:{f.range.start.column + 1} {f.code} {f.message}"
        for name, analysis in analyses.items()
        for f in analysis.findings
        if f.severity <= Severity.WARNING
    )
    expected = sorted(
        line for line in EXPECTED.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")
    )
    assert got == expected


def test_hints_stay_at_the_reviewed_counts(analyses) -> None:
    counts = Counter(
        f.code for analysis in analyses.values() for f in analysis.findings if f.severity > Severity.WARNING
    )
    assert dict(counts) == HINTS
