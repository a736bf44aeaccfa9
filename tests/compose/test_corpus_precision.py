"""Precision on real Compose and Bake files (../shared/corpus/compose): the rules' warnings and errors are
the reviewed ones, every file is analysed without a problem, and the hints stay at the reviewed counts.

``corpus_findings.expected`` lists each warning and error, read in context, with why it is real. A new
finding, or a missing one, fails: review it before updating the file. Skipped when the corpus is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.core.engine import Analysis
from infragenius.core.findings import Severity

from ..corpus_review import analyse_corpus, counts, problems, reviewed, warnings_and_errors

pytestmark = pytest.mark.corpus

EXPECTED = Path(__file__).with_name("corpus_findings.expected")
# Hints, reviewed by kind: the obsolete top-level "version" (DC009) in 21 files that still carry one.
HINTS = {"DC009": 21}


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    found = analyse_corpus("compose", ("compose", "bake"))  # the Bake files of the same projects (none reported)
    assert len(found) > 170, "the compose corpus holds 178 Compose files and 4 Bake files"
    return found


def test_every_file_is_analysed_without_a_problem(analyses) -> None:
    assert problems(analyses) == []


def test_warnings_and_errors_are_the_reviewed_ones(analyses) -> None:
    assert warnings_and_errors(analyses) == reviewed(EXPECTED)


def test_hints_stay_at_the_reviewed_counts(analyses) -> None:
    assert counts(analyses, lambda f: f.severity > Severity.WARNING) == HINTS
