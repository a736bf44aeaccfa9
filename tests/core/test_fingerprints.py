"""Finding fingerprints: unchanged by moves, blank lines and re-indentation; identical findings numbered."""

from __future__ import annotations

from infragenius.core.document import Document, Range
from infragenius.core.findings import Finding
from infragenius.core.fingerprints import fingerprints, matched


def _prints(text: str, rows: list[int], code: str = "K8001"):
    findings = [Finding(code, "m", Range.of(row, 0, row, 1)) for row in rows]
    return fingerprints(Document("untitled:x", text), findings)


def test_a_move_blank_lines_and_indentation_keep_the_fingerprint():
    (before,) = _prints("a: 1\nb:  2\nc: 3\n", [1])
    (after,) = _prints("x: 0\n\na: 1\n\n   b: 2\nc: 3\n", [4])
    assert (after.context, after.line) == (before.context, before.line)


def test_the_rule_and_the_neighbours_are_part_of_the_context():
    (base,) = _prints("a\nb\nc\n", [1])
    (other_rule,) = _prints("a\nb\nc\n", [1], code="K8002")
    (other_neighbour,) = _prints("a\nb\nd\n", [1])
    assert other_rule.context != base.context and other_rule.line != base.line
    assert other_neighbour.context != base.context and other_neighbour.line == base.line


def test_identical_findings_are_numbered_in_file_order():
    prints = _prints("x\nx\n", [0, 0, 1])
    assert [p.partial.split(":")[1] for p in prints] == ["1", "2", "1"]
    assert prints[0].partial.split(":")[0] == prints[1].partial.split(":")[0]


def test_matching_counts_each_known_finding_once():
    known = [("f", "C", "ctx", "ln")]
    assert matched(known, [("f", "C", "ctx", "ln"), ("f", "C", "ctx", "ln")]) == [True, False]
    assert matched(known, [("f", "C", "other", "ln")]) == [True]  # found again by its line
    assert matched(known, [("g", "C", "ctx", "ln")]) == [False]  # another file
