"""A proposed fix is applied in memory and re-analysed before it is offered (DF001: MAINTAINER)."""

from __future__ import annotations

import re

import pytest

from infragenius.ai.verify import FixAnswer, ProposedEdit, to_edits, verify
from infragenius.core.config import Config
from infragenius.core.engine import Engine

from .conftest import DOCKERFILE, dockerfile, finding

RIGHT = 'LABEL org.opencontainers.image.authors="Jane <j@x.io>"'


def check(new_text: str, start: int = 2, end: int = 2, text: str = DOCKERFILE):
    doc = dockerfile(text)
    target = finding(doc, "DF001")
    answer = FixAnswer(explanation="", edits=[ProposedEdit(start_line=start, end_line=end, new_text=new_text)])
    return verify(Engine(Config()), doc, target, to_edits(doc, answer))


def test_right_fix_is_accepted_and_unsafe():
    verdict = check(RIGHT)
    assert verdict.accepted, verdict.reason
    assert verdict.reason == "verified: DF001 is gone and no new finding appears"
    assert verdict.fix.applicability == "unsafe"
    assert verdict.fixed_text == f"FROM alpine:3.20\n{RIGHT}\nRUN echo hi\n"


def test_right_fix_over_several_lines_shifts_later_lines():
    verdict = check(f"# authors\n{RIGHT}")
    assert verdict.accepted, verdict.reason


@pytest.mark.parametrize(
    "new_text, reason",
    [
        ("MAINTAINER Jane <j@x.io>", "the proposed edit changes nothing"),
        ("MAINTAINER Jane", "DF001 is still reported at line 2"),
        ("MAINTANER Jane", "the fixed file no longer parses (line 2: Unknown instruction: MAINTANER)"),
        ("LABEL", "the edit introduces DF032 at line 2: LABEL requires at least one argument"),
        (
            f"{RIGHT}\nFROM ubuntu:latest",
            "the edit introduces DF002 at line 3: Using the latest tag is prone to errors; pin a version",
        ),
    ],
)
def test_wrong_fixes_are_rejected_with_the_reason(new_text, reason):
    verdict = check(new_text)
    assert not verdict.accepted
    assert verdict.reason == reason
    assert verdict.fix is None


def test_deleting_the_line_removes_its_line_break():
    verdict = check("")
    assert verdict.accepted
    assert verdict.fixed_text == "FROM alpine:3.20\nRUN echo hi\n"


@pytest.mark.parametrize(
    "start, end, message",
    [
        (2, 4, "edit line 4 is past the end of the file (3 lines)"),
        (3, 2, "edit lines 3-2 are reversed"),
    ],
)
def test_impossible_line_numbers(start, end, message):
    doc = dockerfile()
    answer = FixAnswer(edits=[ProposedEdit(start_line=start, end_line=end, new_text="x")])
    with pytest.raises(ValueError, match=re.escape(message)):
        to_edits(doc, answer)


def test_overlapping_edits():
    doc = dockerfile()
    answer = FixAnswer(
        edits=[
            ProposedEdit(start_line=1, end_line=2, new_text="x"),
            ProposedEdit(start_line=2, end_line=3, new_text="y"),
        ]
    )
    with pytest.raises(ValueError, match="edits overlap at lines 2-3"):
        to_edits(doc, answer)
