"""``infragenius explain FILE:LINE [CODE]`` and ``infragenius ai clear-cache``."""

from __future__ import annotations

import pytest

from infragenius.cli import main

from .conftest import DOCKERFILE, status


@pytest.fixture
def dockerfile_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "Dockerfile"
    path.write_text(DOCKERFILE)
    return path


def test_explain_streams_the_model_answer(fake, dockerfile_path, capsys):
    fake.answer("Replace it with a LABEL.")
    rc = main(["explain", "Dockerfile:2", "--provider", "openai-compatible", "--base-url", fake.base_url])
    out = capsys.readouterr().out
    assert rc == 0
    assert out == (
        "Dockerfile:2:1: DF001 MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors\n"
        "[openai-compatible: default]\n\nReplace it with a LABEL.\n"
    )
    assert fake.requests[0]["stream"] is True

    # second time from the cache, said on stderr; --no-cache asks again
    assert (
        main(["explain", "Dockerfile:2", "DF001", "--provider", "openai-compatible", "--base-url", fake.base_url]) == 0
    )
    assert "cached answer" in capsys.readouterr().err
    main(["explain", "Dockerfile:2", "--no-cache", "--provider", "openai-compatible", "--base-url", fake.base_url])
    assert len(fake.requests) == 2


def test_explain_falls_back_to_the_rule_docs_with_one_note(fake, dockerfile_path, capsys):
    fake.answer(status(503))
    rc = main(["explain", "Dockerfile:2", "--provider", "openai-compatible", "--base-url", fake.base_url])
    out, err = capsys.readouterr()
    assert rc == 0
    assert err.count("note: AI unavailable") == 1 and "HTTP 503" in err
    assert "**DF001** `maintainer-deprecated` · warning · line 2" in out


def test_explain_with_fix_shows_a_verified_diff(fake, dockerfile_path, capsys):
    fake.answer(
        "Use a LABEL.",
        '{"explanation": "x", "edits": [{"start_line": 2, "end_line": 2, '
        '"new_text": "LABEL org.opencontainers.image.authors=\\"Jane <j@x.io>\\""}]}',
    )
    assert (
        main(["explain", "Dockerfile:2", "--fix", "--provider", "openai-compatible", "--base-url", fake.base_url]) == 0
    )
    out = capsys.readouterr().out
    assert "Fix: verified: DF001 is gone and no new finding appears\nFix DF001 with AI (unsafe):\n" in out
    assert '-MAINTAINER Jane <j@x.io>\n+LABEL org.opencontainers.image.authors="Jane <j@x.io>"\n' in out


def test_offline_provider(dockerfile_path, capsys):
    assert main(["explain", "Dockerfile:2", "--provider", "offline"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Dockerfile:2:1: DF001 MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors\n[offline]\n\n"
    )


@pytest.mark.parametrize(
    "argv, message",
    [
        (["explain", "Dockerfile:3"], "no finding at Dockerfile:3 (findings are on lines 2)"),
        (["explain", "Dockerfile:2", "DF002"], "no DF002 finding at Dockerfile:2 (findings are on lines 2)"),
        (["explain", "Dockerfile"], "'Dockerfile': expected FILE:LINE, e.g. Dockerfile:2"),
        (["explain", "missing:1"], "missing: no such file"),
    ],
)
def test_usage_errors(dockerfile_path, capsys, argv, message):
    assert main([*argv, "--provider", "offline"]) == 2
    assert capsys.readouterr().err == f"infragenius: error: {message}\n"


def test_clear_cache(fake, dockerfile_path, capsys, tmp_path):
    fake.answer("cached once")
    main(["explain", "Dockerfile:2", "--provider", "openai-compatible", "--base-url", fake.base_url])
    capsys.readouterr()
    assert main(["ai", "clear-cache"]) == 0
    assert capsys.readouterr().out == f"removed 1 cached AI answer(s) from {tmp_path / 'ai-cache'}\n"
    main(["explain", "Dockerfile:2", "--provider", "openai-compatible", "--base-url", fake.base_url])
    assert len(fake.requests) == 2


def test_status(dockerfile_path, capsys, monkeypatch):
    monkeypatch.setenv("INFRAGENIUS_AI_PROVIDER", "offline")
    assert main(["ai", "status"]) == 0
    assert capsys.readouterr().out.startswith("provider: offline\n")


def test_review(fake, dockerfile_path, capsys):
    fake.answer('{"findings": [{"line": 3, "message": "echo does nothing", "explanation": "Remove it."}]}')
    assert main(["review", "Dockerfile", "--provider", "openai-compatible", "--base-url", fake.base_url]) == 0
    assert capsys.readouterr().out == (
        "Dockerfile:3:1: ai-review [information] echo does nothing\n    Remove it.\n"
        "AI review: 1 note(s) (information only; never mixed with rule findings).\n"
    )
