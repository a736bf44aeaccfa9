"""core.suggest: the candidates behind every "did you mean" and the fix that goes with them."""

from __future__ import annotations

import os
import subprocess
import sys

from infragenius.core.document import Range
from infragenius.core.findings import Edit
from infragenius.core.suggest import candidates, closest, did_you_mean, replace_fix


def test_one_clear_candidate():
    assert candidates("branchs", ["branches", "branches-ignore", "tags", "paths"]) == ("branches",)
    assert closest("biuld", ["build", "test", "deploy"]) == "build"


def test_a_different_case_is_the_one_answer():
    assert candidates("Contents", ["contents", "content-type"]) == ("contents",)


def test_runner_ups_about_as_close_are_candidates_too():
    assert candidates("build-c", ["build-a", "build-b", "test"]) == ("build-a", "build-b")


def test_nothing_close_and_a_known_word_give_nothing():
    assert candidates("zzz", ["build", "test"]) == ()
    assert candidates("build", ["build", "builds"]) == ()
    assert did_you_mean(()) == ""


def test_one_candidate_makes_a_safe_fix():
    rng = Range.of(3, 4, 3, 11)
    fix = replace_fix(rng, "branchs", ("branches",))
    assert fix.applicability == "safe"
    assert fix.title == 'Replace "branchs" with "branches"'
    assert fix.edits == (Edit(rng, "branches"),)


def test_several_candidates_make_an_unsafe_fix_with_the_others_as_alternatives():
    rng = Range.of(0, 0, 0, 7)
    fix = replace_fix(rng, "build-c", ("build-a", "build-b"), quote="'")
    assert fix.applicability == "unsafe"
    assert fix.title == 'Replace "build-c" with "build-a"'
    assert fix.edits == (Edit(rng, "'build-a'"),)
    (other,) = fix.alternatives
    assert (other.title, other.edits, other.applicability) == (
        'Replace "build-c" with "build-b"',
        (Edit(rng, "'build-b'"),),
        "unsafe",
    )
    assert replace_fix(Range.of(0, 0, 0, 1), "x", ()) is None


def test_equally_close_names_from_a_set_come_in_the_same_order_in_every_run():
    # a set iterates in hash order, which PYTHONHASHSEED changes from one process to the next
    script = 'from infragenius.core.suggest import candidates; print(candidates("input3", {"input2", "input1", "x"}))'
    answers = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert answers == {"('input1', 'input2')"}
