"""Explanations whose code is not from the file or the rule's docs carry a caution and the docs.

``fixtures/smollm2_df001_answer.md`` is the embedded model's real answer (SmolLM2-135M, ``make run``
on fixtures/dockerfile/Dockerfile.bad, DF001, 2026-11-25).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.ai.cache import AnswerCache
from infragenius.ai.grounding import caution, code_words, unsupported_words
from infragenius.ai.prompts import build_explain
from infragenius.ai.service import AIService
from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

from .conftest import FIXTURES, ai_config, dockerfile, finding

ROOT = Path(__file__).resolve().parents[2]
MADE_UP = (FIXTURES / "smollm2_df001_answer.md").read_text()
GOOD = """`MAINTAINER` is deprecated since Docker 1.13. Replace line 3 with a label:

```dockerfile
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```
"""


def _context() -> list[str]:
    path = ROOT / "fixtures" / "dockerfile" / "Dockerfile.bad"
    document = Document(path.as_uri(), path.read_text(), "dockerfile", path=path)
    target = next(f for f in Engine(Config()).analyse(document, use_cache=False).findings if f.code == "DF001")
    return [m["content"] for m in build_explain(document, target).messages]


def test_code_words_come_from_inline_fenced_and_indented_code_only():
    answer = (
        "Use `LABEL` here.\n\n```dockerfile\nLABEL a=1 org.example\nRUN make 12345\n```\nplain words ignored\n\n"
        "Good:\n\n    FROM node:latest\n    PORTABLE=no\n"
    )
    assert code_words(answer) == [
        "label",
        "org",
        "example",
        "run",
        "make",
        "12345",
        "from",
        "node",
        "latest",
        "portable",
    ]


def test_the_embedded_models_made_up_answer_is_flagged():
    # 10, not 11: the brief of the finding (its rule's fix, the peers' codes) is part of what the model was shown
    assert caution(MADE_UP, _context()) == (
        "10 of the 20 words in this answer's code (`linked_latends`, `johnsales`, `your_env`, `jenkins`, "
        "`mkdir`, ...) appear neither in the file nor in the rule's documentation: the model may have made them up"
    )


def test_an_answer_quoting_the_file_and_the_docs_is_not_flagged():
    assert unsupported_words(GOOD, _context()) == ([], 10)
    assert caution(GOOD, _context()) is None


@pytest.mark.parametrize(
    "extra",
    [
        "Rebuild with `docker build .` to check.",  # two general words: normal in a good answer
        "",  # prose only adds nothing
        "This matters for tooling that reads image metadata.",
    ],
)
def test_a_few_new_words_are_normal(extra):
    assert caution(GOOD + extra, _context()) is None


def test_service_appends_the_caution_and_the_docs(fake, tmp_path):
    fake.answer("Run `docker run -p 49785:64m jenkins/johnsales` with `LINKED_LATENDS=true`.")
    config = ai_config(fake.base_url, timeout_s=5)
    svc = AIService(config, Engine(config), cache=AnswerCache(tmp_path / "cache"))
    doc = dockerfile()
    target = finding(doc, "DF001")
    pieces: list[str] = []
    result = svc.explain(doc, target, stream=pieces.append)
    answer, rest = result.text.split("\n\n> **Unverified:** ", 1)
    assert answer == "Run `docker run -p 49785:64m jenkins/johnsales` with `LINKED_LATENDS=true`."
    assert result.caution is not None and rest.startswith(result.caution + ". The rule's documentation:\n\n")
    assert "**DF001** `maintainer-deprecated` · warning · line 2" in rest
    assert "".join(pieces) == result.text  # the streamed answer ends with the same caution

    again = svc.explain(doc, target)
    assert again.cached and (again.text, again.caution) == (result.text, result.caution)
    assert svc.cached_explanation(doc, target) == result.text
    assert len(fake.requests) == 1


def test_service_leaves_a_grounded_answer_alone(fake, tmp_path):
    fake.answer('Replace `MAINTAINER Jane <j@x.io>` with `LABEL org.opencontainers.image.authors="Jane <j@x.io>"`.')
    config = ai_config(fake.base_url, timeout_s=5)
    svc = AIService(config, Engine(config), cache=AnswerCache(tmp_path / "cache"))
    doc = dockerfile()
    result = svc.explain(doc, finding(doc, "DF001"))
    assert result.caution is None and "Unverified" not in result.text
