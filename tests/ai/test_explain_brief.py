"""Explanations are asked around a brief of what the engine knows for certain (issue 20 §2): what the
finding is about, its line, the peers' codes for the same check and the rule's own fix. The shipped
135M model gets a short prompt (its text goes below the engine's own explanation, which shows the docs)."""

from __future__ import annotations

from infragenius.ai.prompts import TINY_WINDOW_LINES, build_explain, finding_brief
from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.engine import Engine

from .conftest import dockerfile, finding

FIX = 'LABEL org.opencontainers.image.authors="Jane <j@x.io>"'


def test_the_brief_lists_the_facts_of_a_finding():
    doc = dockerfile()
    assert finding_brief(doc, finding(doc, "DF001")) == (
        "- line 2: `MAINTAINER Jane <j@x.io>`\n"
        "- the same check elsewhere: hadolint:DL4000, buildkit:MaintainerDeprecated\n"
        f"- the rule's own fix (safe): Replace MAINTAINER with LABEL: `{FIX}`"
    )


def test_the_brief_names_what_the_message_quotes(tmp_path):
    text = 'resource "aws_s3_bucket" "b" {\n  bucket = var.bucket_name\n}\n'
    path = tmp_path / "main.tf"  # a Terraform module is its folder
    path.write_text(text)
    doc = Document(uri=path.as_uri(), text=text, language="terraform", path=path)
    found = [f for f in Engine(Config()).analyse(doc, use_cache=False).findings if "var.bucket_name" in f.message]
    assert found, "no finding quotes var.bucket_name"
    assert finding_brief(doc, found[0]).splitlines()[:2] == [
        "- about: `var.bucket_name`",
        "- line 2: `bucket = var.bucket_name`",
    ]


def test_no_file_text_no_line_and_no_replacement_in_the_brief():
    doc = dockerfile()
    assert finding_brief(doc, finding(doc, "DF001"), context="none") == (
        "- the same check elsewhere: hadolint:DL4000, buildkit:MaintainerDeprecated\n"
        "- the rule's own fix (safe): Replace MAINTAINER with LABEL"
    )


def test_the_prompt_carries_the_docs_then_the_brief_then_the_question():
    doc = dockerfile()
    user = build_explain(doc, finding(doc, "DF001")).messages[1]["content"]
    assert user.index("File Dockerfile") < user.index("Rule documentation:\n") < user.index("Finding: DF001")
    assert user.index("Finding: DF001") < user.index(f"`{FIX}`") < user.index("keeping to the facts above")


def test_the_tiny_model_prompt_is_short():
    lines = ["FROM alpine:3.20"] + [f"RUN echo {i}" for i in range(20)] + ["MAINTAINER Jane <j@x.io>"]
    lines += [f"RUN echo {i}" for i in range(20)]
    doc = dockerfile("\n".join(lines) + "\n")
    target = finding(doc, "DF001")
    full = build_explain(doc, target).messages[1]["content"]
    tiny = build_explain(doc, target, tiny=True).messages[1]["content"]
    assert "Rule documentation:" not in tiny and f"`{FIX}`" in tiny
    assert tiny.startswith(f"File Dockerfile, lines {22 - TINY_WINDOW_LINES}-{22 + TINY_WINDOW_LINES} (numbered):")
    assert tiny.endswith("In two or three short sentences: why this matters in this file, and how to fix it.")
    assert len(tiny) < len(full) / 2
    # the finding's line is read once, in the excerpt, not again in the brief
    assert tiny.count("MAINTAINER Jane <j@x.io>") == 1 and "22 | MAINTAINER Jane <j@x.io>" in tiny
    assert "- line 22: `MAINTAINER Jane <j@x.io>`" in full
