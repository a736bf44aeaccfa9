"""Explain and fix end to end against the fake server: streaming, cache, fallbacks, privacy."""

from __future__ import annotations

import json
import threading

import pytest

from infragenius.ai.cache import AnswerCache
from infragenius.ai.provider import AICancelled
from infragenius.ai.service import AIService
from infragenius.core.config import AIConfig, Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

from .conftest import FIXTURES, ai_config, dockerfile, finding, slow, status

RIGHT_FIX = json.dumps(
    {
        "explanation": "Use a LABEL.",
        "edits": [
            {"start_line": 2, "end_line": 2, "new_text": 'LABEL org.opencontainers.image.authors="Jane <j@x.io>"'}
        ],
    }
)
WRONG_FIX = json.dumps(
    {"explanation": "Typo.", "edits": [{"start_line": 2, "end_line": 2, "new_text": "MAINTANER Jane"}]}
)


def service(fake, tmp_path, **kw) -> AIService:
    config = ai_config(fake.base_url, timeout_s=kw.pop("timeout_s", 5))
    return AIService(config, Engine(config), cache=AnswerCache(tmp_path / "cache"), **kw)


def test_explain_streams_and_caches(fake, tmp_path):
    fake.answer("MAINTAINER is deprecated since Docker 1.13; use a LABEL.")
    svc = service(fake, tmp_path)
    doc = dockerfile()
    target = finding(doc, "DF001")
    pieces: list[str] = []
    result = svc.explain(doc, target, stream=pieces.append)
    assert result.text == "MAINTAINER is deprecated since Docker 1.13; use a LABEL."
    assert "".join(pieces) == result.text and len(pieces) > 1
    assert (result.provider, result.cached, result.note) == ("openai-compatible", False, None)
    prompt = fake.requests[0]["messages"][1]["content"]
    assert "Finding: DF001 (maintainer-deprecated) at line 2, severity warning" in prompt
    assert "2 | MAINTAINER Jane <j@x.io>" in prompt and "MAINTAINER is deprecated; use a LABEL instead." in prompt

    again = svc.explain(doc, target)
    assert again.cached and again.text == result.text
    assert len(fake.requests) == 1
    assert svc.cached_explanation(doc, target) == result.text

    # the disk cache serves a new service (a new editor session) too
    fresh = service(fake, tmp_path)
    assert fresh.explain(doc, target).cached
    assert len(fake.requests) == 1


def test_no_cache_asks_every_time(fake, tmp_path):
    fake.answer("one answer")
    svc = service(fake, tmp_path, use_cache=False)
    doc = dockerfile()
    target = finding(doc, "DF001")
    svc.explain(doc, target)
    svc.explain(doc, target)
    assert len(fake.requests) == 2
    assert not (tmp_path / "cache").exists()


def test_cache_key_includes_model(fake, tmp_path):
    fake.answer("from model A")
    doc = dockerfile()
    target = finding(doc, "DF001")
    service(fake, tmp_path).explain(doc, target)
    config = Config(ai=AIConfig(provider="openai-compatible", base_url=fake.base_url, model="other-model"))
    other = AIService(config, cache=AnswerCache(tmp_path / "cache"))
    assert not other.explain(doc, target).cached
    assert len(fake.requests) == 2


@pytest.mark.parametrize(
    "script, note",
    [
        ([status(503), status(503)], "is unavailable: HTTP 503"),
        ([slow(1.5)], "did not answer within 0.5 s"),
        ([""], "gave an empty answer"),
    ],
)
def test_provider_problems_fall_back_to_the_rule_docs_with_one_note(fake, tmp_path, script, note):
    fake.answer(*script)
    svc = service(fake, tmp_path, timeout_s=0.5)
    doc = dockerfile()
    pieces: list[str] = []
    result = svc.explain(doc, finding(doc, "DF001"), stream=pieces.append)
    assert result.provider == "offline" and note in result.note
    assert result.text.startswith("**DF001** `maintainer-deprecated` · warning · line 2")
    assert "LABEL org.opencontainers.image.authors" in result.text
    assert not result.streamed and pieces == []


def test_offline_provider_needs_no_server(tmp_path):
    svc = AIService(Config(ai=AIConfig(provider="offline")), cache=AnswerCache(tmp_path / "c"))
    doc = dockerfile()
    result = svc.explain(doc, finding(doc, "DF001"))
    assert result.provider == "offline" and result.note is None
    proposal = svc.fix(doc, finding(doc, "DF001"))
    assert proposal.source == "rule" and proposal.fix.applicability == "safe"
    assert proposal.reason == "AI is off; offering the rule's own fix"


def test_disabled_ai_is_offline(tmp_path):
    svc = AIService(Config(ai=AIConfig(provider="openai-compatible", base_url="http://127.0.0.1:9/v1", enabled=False)))
    assert svc.provider.name == "offline"


def test_no_secret_from_the_fixture_reaches_the_provider(fake, tmp_path):
    text = (FIXTURES / "Dockerfile.secrets").read_text()
    secrets = (FIXTURES / "secrets.txt").read_text().split()
    # the model quotes a placeholder back: the user sees the real value, restored locally
    fake.answer(
        "Move REDACTED_SECRET_1 out of the image.",
        json.dumps(
            {
                "explanation": "x",
                "edits": [
                    {
                        "start_line": 3,
                        "end_line": 3,
                        "new_text": 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
                    }
                ],
            }
        ),
    )
    doc = Document(uri="file:///tmp/p/Dockerfile", text=text, language="dockerfile")
    for context in ("window", "file", "none"):
        config = ai_config(fake.base_url, context=context)
        svc = AIService(config, Engine(config), cache=AnswerCache(tmp_path / context))
        target = finding(doc, "DF001")
        explanation = svc.explain(doc, target, stream=lambda _: None)
        svc.fix(doc, target)
    assert len(fake.raw) == 6
    for raw in fake.raw:
        for secret in secrets:
            assert secret not in raw
    assert "REDACTED_AWS_ACCESS_KEY_1" in fake.raw[0]
    # placeholders in the answer are restored locally
    assert "REDACTED" not in explanation.text
    # and the disk cache holds the redacted answers only
    cached = [f.read_text() for f in tmp_path.rglob("*.json")]
    assert len(cached) == 6 and any("REDACTED_SECRET_1" in c for c in cached)
    assert not any(secret in c for c in cached for secret in secrets)


def test_context_none_sends_no_file_text_for_explain(fake, tmp_path):
    fake.answer("ok")
    config = ai_config(fake.base_url, context="none")
    doc = dockerfile()
    AIService(config, cache=AnswerCache(tmp_path / "c")).explain(doc, finding(doc, "DF001"))
    assert "RUN echo hi" not in fake.raw[0] and "| MAINTAINER" not in fake.raw[0]


def test_verified_ai_fix(fake, tmp_path):
    fake.answer(RIGHT_FIX)
    svc = service(fake, tmp_path)
    doc = dockerfile()
    proposal = svc.fix(doc, finding(doc, "DF001"))
    assert proposal.source == "ai" and proposal.verified
    assert proposal.fix.applicability == "unsafe" and proposal.fix.title == "Fix DF001 with AI"
    assert proposal.explanation == "Use a LABEL."
    assert fake.requests[0]["response_format"]["type"] == "json_schema"
    assert svc.fix(doc, finding(doc, "DF001")).cached


def test_wrong_ai_fix_falls_back_to_the_rule_fix(fake, tmp_path):
    fake.answer(WRONG_FIX)
    proposal = service(fake, tmp_path).fix(dockerfile(), finding(dockerfile(), "DF001"))
    assert proposal.source == "rule" and proposal.fix.title == "Replace MAINTAINER with LABEL"
    assert proposal.reason == (
        "AI fix rejected: the fixed file no longer parses (line 2: Unknown instruction: "
        "MAINTANER); offering the rule's own fix"
    )


def test_invalid_json_is_retried_once_with_the_error(fake, tmp_path):
    fake.answer('Sure! Here is the fix: {"explanation": 1}', f"```json\n{RIGHT_FIX}\n```")
    proposal = service(fake, tmp_path).fix(dockerfile(), finding(dockerfile(), "DF001"))
    assert proposal.source == "ai"
    retry = fake.requests[1]["messages"]
    assert retry[-2]["role"] == "assistant"
    assert retry[-1]["content"].startswith("That answer is not valid: the answer does not match the expected JSON (")
    assert "edits: Field required" in retry[-1]["content"]


def test_garbage_twice_gives_the_rule_fix_and_a_reason(fake, tmp_path):
    fake.answer("no json here", "still none")
    proposal = service(fake, tmp_path).fix(dockerfile(), finding(dockerfile(), "DF001"))
    assert proposal.source == "rule"
    assert proposal.reason.startswith(
        "AI fix rejected: the model's answer is still not usable after one retry: "
        "the answer does not match the expected JSON"
    )
    assert len(fake.requests) == 2


def test_cancellation_stops_a_streaming_answer(fake, tmp_path):
    fake.answer("a long answer that keeps going and going")
    cancel = threading.Event()

    def on_piece(piece: str) -> None:
        cancel.set()  # the user cancels after the first piece

    doc = dockerfile()
    with pytest.raises(AICancelled):
        service(fake, tmp_path).explain(doc, finding(doc, "DF001"), stream=on_piece, cancel=cancel)


def test_concurrency_is_bounded(fake, tmp_path):
    fake.answer(slow(0.3, "slow answer"))
    svc = service(fake, tmp_path, use_cache=False, max_concurrency=1)
    doc = dockerfile()
    target = finding(doc, "DF001")
    results = []
    threads = [threading.Thread(target=lambda: results.append(svc.explain(doc, target))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.text for r in results] == ["slow answer", "slow answer"]


REVIEW = json.dumps(
    {
        "findings": [
            {"line": 3, "message": "RUN echo hi does nothing useful", "explanation": "Remove it."},
            {
                "line": 2,
                "message": "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
                "explanation": "dup",
            },
            {"line": 99, "message": "past the end", "explanation": ""},
            {"line": 3, "message": "RUN echo hi does nothing useful", "explanation": "again"},
        ]
    }
)


def test_review_gives_information_findings_apart_from_the_rules(fake, tmp_path):
    fake.answer(REVIEW)
    svc = service(fake, tmp_path)
    review = svc.review(dockerfile())
    assert review.note is None
    assert [
        (f.code, f.source, f.severity.label, f.range.start.line, f.message, f.data["explanation"])
        for f in review.findings
    ] == [("ai-review", "infragenius-ai", "information", 2, "RUN echo hi does nothing useful", "Remove it.")]
    prompt = fake.requests[0]["messages"][1]["content"]
    assert "Already reported by the linter (do not repeat these):\n- line 2: DF001" in prompt
    assert fake.requests[0]["response_format"]["json_schema"]["schema"]["required"] == ["findings"]
    assert svc.review(dockerfile()).cached


def test_review_respects_context_none_and_provider_problems(fake, tmp_path):
    config = ai_config(fake.base_url, context="none")
    assert AIService(config, cache=AnswerCache(tmp_path)).review(dockerfile()).note == (
        'ai.context = "none": a review needs the file\'s text'
    )
    assert fake.requests == []
    fake.answer(status(500))
    review = service(fake, tmp_path).review(dockerfile())
    assert review.findings == [] and "HTTP 500" in review.note
