"""Findings, severities and text edits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infragenius.core.document import Document, Range
from infragenius.core.findings import Edit, Finding, Fix, Related, Severity, apply_edits, moved, on_lines


@pytest.mark.parametrize(
    "text, severity",
    [
        ("error", Severity.ERROR),
        ("Warning", Severity.WARNING),
        ("warn", Severity.WARNING),
        ("info", Severity.INFORMATION),
        ("note", Severity.INFORMATION),
        (" hint ", Severity.HINT),
    ],
)
def test_severity_parse(text, severity):
    assert Severity.parse(text) == severity


def test_severity_order_and_labels():
    assert Severity.ERROR < Severity.WARNING < Severity.INFORMATION < Severity.HINT  # lower is more severe
    assert [s.label for s in Severity] == ["error", "warning", "information", "hint"]
    with pytest.raises(ValueError, match="unknown severity 'fatal'"):
        Severity.parse("fatal")


def test_apply_edits_in_any_order_with_astral_text():
    doc = Document("untitled:x", "MAINTAINER 🚀 me\nRUN x\n", "dockerfile")
    edits = [
        Edit(Range.of(1, 0, 1, 3), "CMD"),
        Edit(Range.of(0, 0, 0, 10), "LABEL"),
        Edit(Range.of(0, 13, 0, 15), "you"),
    ]
    assert apply_edits(doc.text, edits, doc) == "LABEL 🚀 you\nCMD x\n"


def test_apply_edits_skips_overlaps():
    doc = Document("untitled:x", "abcdef", "dockerfile")
    edits = [Edit(Range.of(0, 1, 0, 4), "X"), Edit(Range.of(0, 2, 0, 5), "Y")]
    assert apply_edits(doc.text, edits, doc) in ("aXef", "abYf")


def test_finding_with_and_sort_key():
    f = Finding("DF001", "m", Range.of(2, 1, 2, 4))
    g = f.with_(severity=Severity.ERROR)
    assert g.severity == Severity.ERROR and f.severity == Severity.WARNING
    assert min([g.with_(code="DF000", range=Range.of(3, 0, 3, 1)), g], key=lambda x: x.sort_key) is g


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab\n🚀名", max_size=30), st.data())
def test_non_overlapping_edits_equal_sequential_application(text, data):
    doc = Document("untitled:x", text, "dockerfile")
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    spans = list(zip(cuts[::2], cuts[1::2]))
    edits = [Edit(doc.range_of(s, e), data.draw(st.text(alphabet="xy", max_size=3))) for s, e in spans]
    expected = text
    for (s, e), edit in sorted(zip(spans, edits), reverse=True):
        expected = expected[:s] + edit.new_text + expected[e:]
    shuffled = data.draw(st.permutations(edits))
    assert apply_edits(text, shuffled, doc) == expected


def test_a_moved_finding_is_the_same_finding_lines_further_on():
    finding = Finding(
        "DF001",
        "m",
        Range.of(3, 1, 4, 2),
        fix=Fix("t", (Edit(Range.of(3, 1, 3, 2), "x"),)),
        related=(Related(Range.of(2, 0, 2, 1), "r"),),
        data={"a": 1},
    )
    down = moved(finding, 5)
    assert down == finding.with_(
        range=Range.of(8, 1, 9, 2),
        fix=Fix("t", (Edit(Range.of(8, 1, 8, 2), "x"),)),
        related=(Related(Range.of(7, 0, 7, 1), "r"),),
    )
    assert down.data == {"a": 1} and hash(down) == hash(moved(finding, 5)) and moved(finding, 0) is finding
    assert moved(down, -5) == finding
    assert on_lines(finding, 2, 4) and not on_lines(finding, 3, 4)
    elsewhere = finding.with_(related=(Related(Range.of(3, 0, 3, 1), "r", uri="file:///values.yaml"),))
    assert not on_lines(elsewhere, 0, 10)
