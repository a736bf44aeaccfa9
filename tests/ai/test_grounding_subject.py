"""An explanation must name what the finding is about (issue 20 §2): confident prose that reuses words
of the file but never names the finding's subject (TF011's variable, GA030's expression) is marked
Unverified."""

from __future__ import annotations

from infragenius.ai.cache import AnswerCache
from infragenius.ai.grounding import code_caution, fence_closer, subject_caution, subjects
from infragenius.ai.service import AIService
from infragenius.core.engine import Engine

from .conftest import ai_config, dockerfile, finding

TF011 = "Interpolation-only expression is deprecated: use `var.bucket_name`"
TF011_PROMPT = ['bucket = "${var.bucket_name}"', f"Finding: TF011 at line 3: {TF011}"]


def test_subjects_are_what_the_message_quotes():
    assert subjects(TF011) == ["var.bucket_name"]
    assert subjects('"github.event.pull_request.title" is controlled by whoever opens it') == [
        "github.event.pull_request.title"
    ]
    assert subjects("Env variable 'DB_PASSWORD' of container 'api' doesn't drop it") == ["DB_PASSWORD", "api"]
    assert subjects("'as' and 'FROM' keywords' casing do not match") == ["as", "FROM"]
    assert subjects("Pin versions in apt-get install: curl=<version>") == []
    assert subjects("MAINTAINER is deprecated; use LABEL") == []


def test_prose_about_something_else_is_flagged():
    answer = "Terraform 0.12 deprecated interpolation. Use the bucket resource with an ACL instead."
    assert subject_caution(answer, TF011, TF011_PROMPT) == (
        "the answer never names `var.bucket_name`, what the finding is about: it may be about something else"
    )


def test_naming_the_subject_in_any_case_passes():
    assert subject_caution("Write VAR.BUCKET_NAME without the quotes.", TF011, TF011_PROMPT) is None


def test_no_quoted_subject_no_check():
    assert subject_caution("Anything at all.", "MAINTAINER is deprecated; use LABEL", ["MAINTAINER"]) is None


def test_a_subject_the_model_was_not_shown_is_not_asked_for():
    """A redacted value reaches the model as a placeholder: the answer cannot name it."""
    message = "Hard-coded secret 'hunter2hunter2' in `password`"
    prompt = ['password = "REDACTED_SECRET_1"', "Finding: TF142: Hard-coded secret 'REDACTED_SECRET_1' in `password`"]
    assert subject_caution("Move it to a variable.", message, prompt) is not None  # `password` is still asked for
    assert subject_caution("Move password to a variable.", message, prompt) is None


def test_the_service_marks_such_an_answer_unverified(fake, tmp_path):
    fake.answer("A relative path depends on the base image. Always use absolute paths in your images.")
    document = dockerfile("FROM alpine:3.20\nWORKDIR app\n")
    target = finding(document, "DF025")
    config = ai_config(fake.base_url, timeout_s=5)
    result = AIService(config, Engine(config), cache=AnswerCache(tmp_path / "cache")).explain(document, target)
    assert result.caution == "the answer never names `app`, what the finding is about: it may be about something else"
    assert "> **Unverified:** the answer never names `app`" in result.text


def test_an_unclosed_code_block_is_closed_before_the_caution(fake, tmp_path):
    """The 135M model, cut short by its token limit, leaves a fence open: the caution must not render as code."""
    fake.answer("Run this:\n```bash\ndocker inspect --format=json dockercheck wibblewob zapfrob quuxflux")
    document = dockerfile()
    config = ai_config(fake.base_url, timeout_s=5)
    pieces: list[str] = []
    result = AIService(config, Engine(config), cache=AnswerCache(tmp_path / "cache")).explain(
        document, finding(document, "DF001"), stream=pieces.append
    )
    assert result.caution is not None
    assert "quuxflux\n```\n\n> **Unverified:** " in result.text and "".join(pieces) == result.text


def test_fence_closer():
    assert fence_closer("```\nx\n```") == "" and fence_closer("text") == ""
    assert fence_closer("a\n  ```yaml\nb: 1") == "\n```"


def test_an_answer_citing_another_rule_is_flagged():
    prompt = ["Finding: DF001 (maintainer-deprecated) at line 2\n- the same check elsewhere: hadolint:DL4000"]
    assert code_caution("This is hadolint DL3008: pin `apt-get` versions (see DF012).", "DF001", prompt) == (
        "the answer cites `DL3008`, `DF012`, but this finding is DF001: it may be about another rule"
    )
    assert code_caution("DF001 is hadolint's DL4000.", "DF001", prompt) is None
    assert code_caution("Like CKV_AWS_20 and SC2086 say.", "TF100", ["Finding: TF100, checkov:CKV_AWS_20"]) == (
        "the answer cites `SC2086`, but this finding is TF100: it may be about another rule"
    )


def test_the_service_marks_an_answer_about_another_rule(fake, tmp_path):
    fake.answer("`MAINTAINER` breaks rule DL3008: pin versions of `MAINTAINER`.")
    config = ai_config(fake.base_url)
    doc = dockerfile()
    result = AIService(config, Engine(config), cache=AnswerCache(tmp_path / "c")).explain(doc, finding(doc, "DF001"))
    assert result.caution == "the answer cites `DL3008`, but this finding is DF001: it may be about another rule"
    assert "> **Unverified:** the answer cites `DL3008`" in result.text
