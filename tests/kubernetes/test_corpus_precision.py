"""Precision on real manifests (../shared/corpus/kubernetes): the Kubernetes rules' warnings and errors
are the reviewed ones, every file is analysed without a crash, and the information findings stay at
the reviewed counts.

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

# Best-practice advice (information), reviewed by kind: containers without a security context
# (K8003-K8005) or probes (K8016, K8017), pods that leave the token mounted without saying so (K8012),
# resources without a limit (K8014, K8015), kube-prometheus' example objects placed in default
# (K8022), NodePort services (K8025), node-exporter's host port (K8011), port 80 in the voting app
# (K8013). aks-store-demo's several copies of one app account for most of them.
INFORMATION = {
    "K8003": 54,
    "K8004": 48,
    "K8005": 54,
    "K8011": 1,
    "K8012": 49,
    "K8013": 2,
    "K8014": 11,
    "K8015": 10,
    "K8016": 25,
    "K8017": 24,
    "K8022": 6,
    "K8025": 3,
}


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    found = analyse_corpus("kubernetes", ("kubernetes",))
    assert len(found) > 200, "the kubernetes corpus holds 234 manifests"
    return found


def test_every_manifest_is_analysed_without_a_problem(analyses) -> None:
    assert problems(analyses) == []


def test_warnings_and_errors_are_the_reviewed_ones(analyses) -> None:
    assert warnings_and_errors(analyses) == reviewed(EXPECTED)


def test_information_findings_stay_at_the_reviewed_counts(analyses) -> None:
    assert counts(analyses, lambda f: f.severity == Severity.INFORMATION) == INFORMATION
