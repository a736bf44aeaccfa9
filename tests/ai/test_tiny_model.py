"""With the embedded 135M model, an explanation leads with the engine's own (rule docs, the line, the
rule's fix) and shows the model's text below it, labelled (issue 20 §2, tiny-model mode). A fake server
stands in for the model: the real one is exercised in test_embedded.py."""

from __future__ import annotations

from infragenius.ai import offline
from infragenius.ai.cache import AnswerCache
from infragenius.ai.embedded import EmbeddedProvider
from infragenius.ai.openai_compat import OpenAICompatibleProvider
from infragenius.ai.service import AIService
from infragenius.core.config import Config
from infragenius.core.engine import Engine

from .conftest import dockerfile, finding, status

MODEL = "SmolLM2-135M-Instruct.Q4_1.gguf"
HEADING = (
    f"\n\n**From the model** ({MODEL}, a small local model: it may be wrong; the explanation above is "
    "the engine's own)\n\n"
)


def tiny_service(fake, tmp_path, tiny: bool = True) -> AIService:
    provider = OpenAICompatibleProvider(fake.base_url, MODEL, timeout_s=5)
    provider.tiny = tiny  # what EmbeddedProvider says of the shipped 135M model
    return AIService(Config(), Engine(Config()), provider=provider, cache=AnswerCache(tmp_path / "cache"))


def test_the_engine_explanation_comes_first_and_the_model_text_is_labelled(fake, tmp_path):
    fake.answer("MAINTAINER is old. Use LABEL.")
    doc = dockerfile()
    target = finding(doc, "DF001")
    pieces: list[str] = []
    result = tiny_service(fake, tmp_path).explain(doc, target, stream=pieces.append)
    engine = offline.explain(doc, target)
    assert engine.startswith("**DF001**") and "Fix (safe): Replace MAINTAINER with LABEL" in engine
    assert result.text == engine + HEADING + "MAINTAINER is old. Use LABEL."
    assert pieces[0] == engine and pieces[1] == HEADING  # shown before the model's first word
    assert "".join(pieces) == result.text
    assert (result.provider, result.note) == ("openai-compatible", None)


def test_a_cached_answer_and_the_hover_have_the_same_layout(fake, tmp_path):
    fake.answer("MAINTAINER is old. Use LABEL.")
    doc = dockerfile()
    target = finding(doc, "DF001")
    svc = tiny_service(fake, tmp_path)
    first = svc.explain(doc, target)
    again = svc.explain(doc, target, stream=[].append)
    assert again.cached and again.text == first.text
    assert svc.cached_explanation(doc, target) == first.text


def test_when_the_model_fails_the_engine_explanation_stands_once(fake, tmp_path):
    fake.answer(status(503), status(503))
    doc = dockerfile()
    target = finding(doc, "DF001")
    pieces: list[str] = []
    result = tiny_service(fake, tmp_path).explain(doc, target, stream=pieces.append)
    assert pieces == [offline.explain(doc, target)]
    assert result.text == pieces[0] and result.streamed and result.provider == "offline"
    assert result.note.endswith("is unavailable: HTTP 503 nope")


def test_an_unverified_answer_points_up_to_the_docs_instead_of_repeating_them(fake, tmp_path):
    fake.answer("Write `QUUXFROB ZIPZAP WIBBLEWOB FOOBARIZE` instead.")
    doc = dockerfile()
    target = finding(doc, "DF001")
    result = tiny_service(fake, tmp_path).explain(doc, target)
    assert result.caution is not None
    assert result.text.endswith(f"> **Unverified:** {result.caution}. The rule's documentation is above.")
    assert result.text.count(offline.explain(doc, target)) == 1


def test_a_model_that_can_stand_on_its_own_is_shown_alone(fake, tmp_path):
    fake.answer("MAINTAINER is old. Use LABEL.")
    doc = dockerfile()
    assert (
        tiny_service(fake, tmp_path, tiny=False).explain(doc, finding(doc, "DF001")).text
        == "MAINTAINER is old. Use LABEL."
    )


def test_only_the_shipped_model_is_tiny(tmp_path):
    assert EmbeddedProvider().tiny
    assert not EmbeddedProvider(model_path=tmp_path / "qwen2.5-coder-1.5b.gguf").tiny
    assert not EmbeddedProvider(lora_path=tmp_path / "adapter.gguf").tiny


def test_words_from_the_docs_shown_above_count_as_grounded(fake, tmp_path):
    """The 135M model is not sent the docs (they are shown above its text): an answer quoting their
    example is still grounded, and the prompt it was sent has no docs."""
    fake.answer('Write it as in the docs:\n\n```dockerfile\nLABEL org.opencontainers.image.authors="Jane Doe"\n```')
    doc = dockerfile()
    result = tiny_service(fake, tmp_path).explain(doc, finding(doc, "DF001"))
    assert "Rule documentation:" not in fake.requests[0]["messages"][1]["content"]
    assert "doe" not in fake.requests[0]["messages"][1]["content"].lower()
    assert result.caution is None
