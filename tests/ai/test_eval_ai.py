"""``make eval-ai`` (tests/bench/eval/ai.py) against the fake OpenAI-compatible server: what it counts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from infragenius.ai.service import FixProposal


def _eval_ai():
    """The script, imported by path: the bench tree is scripts, not a package of tests."""
    path = Path(__file__).resolve().parents[1] / "bench" / "eval" / "ai.py"
    spec = importlib.util.spec_from_file_location("_bench_eval_ai", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


_script = _eval_ai()
SET, classify, main = _script.SET, _script.classify, _script.main

GOOD_FIX = json.dumps(
    {
        "explanation": "use LABEL",
        "edits": [
            {
                "start_line": 3,
                "end_line": 3,
                "new_text": 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
            }
        ],
    }
)


def test_the_set_has_five_findings_per_language():
    assert sorted(SET) == ["dockerfile", "github-actions", "gitlab-ci", "helm", "kubernetes", "terraform"]
    assert all(len(items) >= 5 for items in SET.values())


def test_counts_well_formed_verified_grounded_and_times(fake, tmp_path, capsys):
    # explain: names the finding's subject (MAINTAINER); fix: a verified edit of line 3
    fake.answer("MAINTAINER is deprecated: write the author in a LABEL instead.", GOOD_FIX, "not json at all {")
    saved = tmp_path / "rows.json"
    code = main(
        [
            "--provider",
            "openai-compatible",
            "--base-url",
            fake.base_url,
            "--model",
            "fake",
            "--languages",
            "dockerfile",
            "--limit",
            "1",
            "--json",
            str(saved),
            "--assert-well-formed",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "| dockerfile | 1 | 1/1 (100%) | 1/1 (100%) | 1/1 (100%) |" in out
    row = json.loads(saved.read_text())["rows"][0]
    assert (row["code"], row["line"], row["fix"], row["grounded"]) == ("DF001", 3, "verified", True)
    assert row["first_token_s"] is not None and row["first_token_s"] <= row["explain_s"]
    assert row["shown_first_s"] is not None and row["shown_first_s"] <= row["first_token_s"]


def test_a_malformed_proposal_fails_the_ci_assertion(fake, capsys):
    fake.answer("MAINTAINER is deprecated.", "not json at all {")  # the repair request gets the same
    code = main(
        [
            "--provider",
            "openai-compatible",
            "--base-url",
            fake.base_url,
            "--model",
            "fake",
            "--languages",
            "dockerfile",
            "--limit",
            "1",
            "--assert-well-formed",
        ]
    )
    assert code == 1
    assert "| dockerfile | 1 | 0/1 (0%) | 0/1 (0%) |" in capsys.readouterr().out


def test_classify():
    assert classify(FixProposal(None, "ai", "verified"))[0] == "verified"
    assert (
        classify(FixProposal(None, "rule", "AI fix rejected: the fix leaves DF001; offering the rule's own fix"))[0]
        == "rejected"
    )
    assert (
        classify(
            FixProposal(None, "rule", "AI fix rejected: the model's answer is still not usable after one retry: x")
        )[0]
        == "malformed"
    )
    assert (
        classify(FixProposal(None, "none", "the model did not answer within 30 s; this rule has no automatic fix"))[0]
        == "error"
    )
