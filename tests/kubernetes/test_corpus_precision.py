"""Precision on real manifests (../shared/corpus/kubernetes): the Kubernetes rules' warnings and errors
are the reviewed ones, every file is analysed without a crash, and the information findings stay at
the reviewed counts.

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
    root = corpus_dir("kubernetes")
    engine, found = Engine(Config()), {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = decode(path.read_bytes())
        if detect(path, text) == "kubernetes":
            document = Document(path.resolve().as_uri(), text, "kubernetes", path=path)
            found[path.relative_to(root).as_posix()] = engine.analyse(document, use_cache=False)
    assert len(found) > 200, "the kubernetes corpus holds 234 manifests"
    return found


def test_every_manifest_is_analysed_without_a_problem(analyses) -> None:
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


def test_information_findings_stay_at_the_reviewed_counts(analyses) -> None:
    counts = Counter(
        f.code for analysis in analyses.values() for f in analysis.findings if f.severity == Severity.INFORMATION
    )
    assert dict(counts) == INFORMATION
