"""``infragenius fix --ai PATHS`` (Fix all with AI, Professional) against the fake OpenAI-compatible model."""

from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Request, Response

from infragenius.cli import main
from infragenius.tiers import state

from ..ai.conftest import completion
from .conftest import make

TAIL = "USER app\nHEALTHCHECK CMD true\n"  # so that the CIS pack (Professional) has nothing to say
GOOD_TEXT = "FROM alpine:3.20\nRUN apk add --no-cache curl\n" + TAIL
BAD_TEXT = "FROM alpine:3.20\nRUN apk add --no-cache wget\n" + TAIL


def _fix(line: int, new_text: str) -> str:
    return json.dumps(
        {"explanation": "Pin it.", "edits": [{"start_line": line, "end_line": line, "new_text": new_text}]}
    )


def by_file(request: Request) -> Response:
    """Pins curl right; for wget answers with a fix that leaves the finding (rejected)."""
    prompt = json.dumps(json.loads(request.get_data(as_text=True))["messages"])
    if "wget" in prompt:
        answer = _fix(2, "RUN apk add --no-cache wget && true")
    else:
        answer = _fix(2, "RUN apk add --no-cache curl=8.11.1-r0")
    return Response(json.dumps(completion(answer)), content_type="application/json")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "Dockerfile").write_text(GOOD_TEXT)
    (tmp_path / "b" / "Dockerfile").write_text(BAD_TEXT)
    (tmp_path / "c.Dockerfile").write_text(
        "FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\n" + TAIL
    )  # only a safe rule fix
    return tmp_path


def _run(fake, *extra) -> int:
    return main(
        ["fix", "--ai", ".", "--provider", "openai-compatible", "--base-url", fake.base_url, "--model", "m", *extra]
    )


@pytest.mark.parametrize("tier", ["community", "payg"])
def test_fix_all_requires_professional(keys, fake, project, capsys, tier) -> None:
    if tier != "community":
        state.set_editor_token(make(keys, tier=tier))
    assert _run(fake) == 2
    err = capsys.readouterr().err
    assert "Fix all with AI: Requires Professional. See `infragenius license status`." in err
    assert fake.requests == [] and (project / "a" / "Dockerfile").read_text() == GOOD_TEXT


@pytest.mark.parametrize("tier", ["professional", "enterprise"])
def test_fix_all_applies_only_verified_fixes(keys, fake, project, capsys, tier) -> None:
    state.set_editor_token(make(keys, tier=tier))
    fake.answer(by_file)
    assert _run(fake) == 1  # one finding was not fixed
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "a/Dockerfile:2: DF109 fixed: verified: DF109 is gone and no new finding appears",
        "b/Dockerfile:2: DF109 not fixed: AI fix rejected: DF109 is still reported at line 2",
        "Fix all with AI: fixed 1 finding(s) in 1 file(s); 1 not fixed.",
    ]
    steps = sorted(err.splitlines())  # the two files run at once: either may come first
    assert [s[:18] for s in steps] == ["infragenius: [1/2]", "infragenius: [2/2]"]
    assert sorted(s[19:] for s in steps) == ["a/Dockerfile:2 DF109", "b/Dockerfile:2 DF109"]
    assert (
        project / "a" / "Dockerfile"
    ).read_text() == "FROM alpine:3.20\nRUN apk add --no-cache curl=8.11.1-r0\n" + TAIL
    assert (project / "b" / "Dockerfile").read_text() == BAD_TEXT
    assert (project / "c.Dockerfile").read_text().startswith("FROM alpine:3.20\nMAINTAINER")  # left to check --fix
    assert len(fake.requests) == 2


def test_fix_all_diff_writes_nothing(keys, fake, project, capsys) -> None:
    state.set_editor_token(make(keys, tier="professional"))
    fake.answer(by_file)
    _run(fake, "--diff", "--jobs", "1")
    out = capsys.readouterr().out
    assert "-RUN apk add --no-cache curl\n+RUN apk add --no-cache curl=8.11.1-r0\n" in out
    assert out.endswith("Fix all with AI: would fix 1 finding(s) in 1 file(s); 1 not fixed.\n")
    assert (project / "a" / "Dockerfile").read_text() == GOOD_TEXT


def test_fix_all_without_a_provider_is_a_usage_error(keys, project, capsys) -> None:
    state.set_editor_token(make(keys, tier="professional"))
    assert main(["fix", "--ai", ".", "--provider", "offline"]) == 2
    assert "Fix all with AI needs an AI provider" in capsys.readouterr().err


def test_cloud_provider_is_gated_in_the_cli_for_community(keys, project, capsys) -> None:
    assert main(["explain", "a/Dockerfile:2", "--provider", "infragenius-cloud"]) == 2
    assert "InfraGenius Cloud models: Requires Professional" in capsys.readouterr().err
