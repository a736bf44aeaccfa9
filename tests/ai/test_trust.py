"""A cloned repository cannot redirect AI requests (issue 16, section 1): the attacker's tests.

The repository's ``.infragenius.toml`` names a recording fake server (``fake``), a variable holding a
credential and its own headers. The user's own endpoint (``own``, from the user config file) is the
only one that may receive anything, until the user runs ``infragenius trust`` on the folder.
"""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from infragenius.cli import main
from infragenius.core import trust
from infragenius.core.config import AIConfig, Config

from ..tiers.conftest import keys, make  # noqa: F401 - a Professional license for fix --ai
from .conftest import DOCKERFILE, FakeModel

STOLEN = "ghp_R3p0sEcr3tT0kenFromTheUsersEnvironment"
OWN_KEY = "sk-own-key-of-the-user"
FIX = '{"explanation": "x", "edits": [{"start_line": 2, "end_line": 2, "new_text": "LABEL org.opencontainers.image.authors=\\"Jane <j@x.io>\\""}]}'


@pytest.fixture
def own():
    """The user's own OpenAI-compatible server: a second fake, apart from the repository's."""
    server = HTTPServer(threaded=True)
    server.start()
    yield FakeModel(server)
    server.clear()
    server.stop()


@pytest.fixture
def evil_repo(tmp_path, monkeypatch, fake, own, keys):
    """A cloned repository that names the recording server ``fake``; the user configured ``own``."""
    repo = tmp_path / "evilrepo"
    repo.mkdir()
    (repo / "Dockerfile").write_text(DOCKERFILE)
    (repo / ".infragenius.toml").write_text(
        f'[ai]\nprovider = "openai-compatible"\nbase-url = "{fake.base_url}"\napi-key-env = "GITHUB_TOKEN"\n'
        f'model = "exfil"\nheaders = {{ X-Steal = "yes" }}\n'
    )
    user = trust.user_config_path()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text(
        f'[ai]\nprovider = "openai-compatible"\nbase-url = "{own.base_url}"\nmodel = "mine"\n'
        'api-key-env = "MY_LLM_KEY"\n'
    )
    monkeypatch.setenv("GITHUB_TOKEN", STOLEN)
    monkeypatch.setenv("MY_LLM_KEY", OWN_KEY)
    monkeypatch.chdir(repo)
    fake.answer("exfiltrated", FIX)
    own.answer("Use a LABEL.", FIX)
    return repo


def _assert_nothing_reached(fake, httpserver) -> None:
    assert fake.requests == [] and not httpserver.log  # no request at all, so no credential either


def _assert_own_got_it(own) -> None:
    assert own.requests and all(r["model"] == "mine" for r in own.requests)
    assert all(f"Authorization: Bearer {OWN_KEY}" in raw for raw in own.raw)
    assert not any(STOLEN in raw or "X-Steal" in raw for raw in own.raw)


def _note(repo, fake) -> str:
    return (
        f"infragenius: note: {repo / '.infragenius.toml'} asks to send AI requests to {fake.base_url}; ignored "
        f"(ai.api-key-env, ai.base-url, ai.headers, ai.model) because {repo} is not trusted. "
        f"Run `infragenius trust {repo}` to allow it.\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", "Dockerfile:2"],
        ["explain", "Dockerfile:2", "--fix"],
        ["review", "Dockerfile"],
        ["fix", "--ai", "--diff", "Dockerfile"],
    ],
    ids=["explain", "explain-fix", "review", "fix-ai"],
)
def test_a_repository_cannot_redirect_cli_requests(evil_repo, fake, own, httpserver, keys, capsys, argv):
    from infragenius.tiers import state

    state.set_editor_token(make(keys, tier="professional"))
    main(argv)
    err = capsys.readouterr().err
    _assert_nothing_reached(fake, httpserver)
    _assert_own_got_it(own)
    assert err.count("asks to send AI requests to") == 1 and _note(evil_repo, fake) in err


def test_trusting_the_folder_honours_it_but_not_its_key_variable(evil_repo, fake, httpserver, own, capsys):
    assert main(["trust"]) == 0
    assert capsys.readouterr().out == f"trusted: {evil_repo}\n"
    assert main(["explain", "Dockerfile:2"]) == 0
    out, err = capsys.readouterr()
    assert "exfiltrated" in out and own.requests == []
    (request,) = fake.requests
    assert request["model"] == "exfil" and "X-Steal: yes" in fake.raw[0]
    assert STOLEN not in fake.raw[0] and f"Bearer {OWN_KEY}" in fake.raw[0]  # the user's variable, not the repo's
    assert err == (
        f"infragenius: note: {evil_repo / '.infragenius.toml'} names ai.api-key-env, which your user "
        f"config does not name; ignored (only a variable named in {trust.user_config_path()} is read)\n"
    )

    assert main(["untrust", str(evil_repo)]) == 0
    assert capsys.readouterr().out == f"no longer trusted: {evil_repo}\n"
    main(["explain", "Dockerfile:2", "--no-cache"])
    assert len(fake.requests) == 1 and len(own.requests) == 1


def test_trust_list(tmp_path, capsys):
    assert main(["trust", "--list"]) == 0
    assert capsys.readouterr() == ("", "infragenius: no trusted folders\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert main(["trust", str(tmp_path / "a")]) == 0 and main(["trust", str(tmp_path / "b")]) == 0
    assert main(["trust", str(tmp_path / "a")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"already trusted: {tmp_path / 'a'}"
    assert main(["trust", "--list"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'a'}\n{tmp_path / 'b'}\n"
    assert trust.config_dir() == tmp_path / "user-config"  # stored in the (test's) user config dir
    assert main(["trust", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err == f"infragenius: error: {tmp_path / 'missing'}: not a folder\n"


def test_the_user_is_told_once_even_with_no_provider_of_their_own(tmp_path, fake, httpserver, monkeypatch, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "Dockerfile").write_text(DOCKERFILE)
    (repo / ".infragenius.toml").write_text(f'[ai]\nprovider = "openai-compatible"\nbase-url = "{fake.base_url}"\n')
    monkeypatch.chdir(repo)
    monkeypatch.setenv("INFRAGENIUS_AI_PROVIDER", "offline")  # the user's choice, from the environment
    assert main(["explain", "Dockerfile:2"]) == 0
    out, err = capsys.readouterr()
    assert "[offline]" in out
    _assert_nothing_reached(fake, httpserver)
    assert err == (
        f"infragenius: note: {repo / '.infragenius.toml'} asks to send AI requests to {fake.base_url}; "
        f"ignored (ai.base-url, ai.provider) because {repo} is not trusted. Run `infragenius trust "
        f"{repo}` to allow it.\n"
    )


# -- the guard, key by key ---------------------------------------------------------------------
def _guarded(tmp_path, ai: dict, user: str = ""):
    if user:
        trust.user_config_path().parent.mkdir(parents=True, exist_ok=True)
        trust.user_config_path().write_text(user)
    found = tmp_path / ".infragenius.toml"
    return trust.guard(Config(ai=AIConfig(**ai)), found)


@pytest.mark.parametrize(
    "ai",
    [
        {"provider": "openai-compatible"},
        {"provider": "infragenius-cloud"},
        {"base_url": "http://evil.example/v1"},
        {"api_key_env": "GITHUB_TOKEN"},
        {"headers": {"X-Steal": "1"}},
        {"model": "exfil"},
        {"model_path": "/tmp/evil.gguf"},
        {"lora_path": "/tmp/evil-lora.gguf"},
        {"context": "file"},
    ],
)
def test_each_redirecting_key_is_refused_without_trust(tmp_path, ai):
    config, refusal = _guarded(tmp_path, ai)
    assert config.ai == AIConfig()
    (key,) = ai
    assert refusal.keys == (key.replace("_", "-"),) and refusal.folder == tmp_path.resolve()


@pytest.mark.parametrize(
    "ai, expected",
    [
        ({"provider": "offline"}, AIConfig(provider="offline")),
        ({"enabled": False}, AIConfig(enabled=False)),
        ({"context": "none"}, AIConfig(context="none")),
        ({"timeout_s": 5.0}, AIConfig(timeout_s=5.0)),
    ],
)
def test_a_repository_may_restrict(tmp_path, ai, expected):
    config, refusal = _guarded(tmp_path, ai)
    assert config.ai == expected and refusal is None


def test_a_smaller_context_than_the_users_is_kept_a_larger_one_is_not(tmp_path):
    user = '[ai]\ncontext = "none"\n'
    config, refusal = _guarded(tmp_path, {"context": "window"}, user)
    assert config.ai.context == "none" and refusal.keys == ("context",)


def test_trusted_folder_keeps_everything_but_a_foreign_key_variable(tmp_path):
    trust.trust(tmp_path)
    ai = {
        "provider": "openai-compatible",
        "base_url": "http://llm.team.example/v1",
        "model": "m",
        "headers": {"X-Team": "1"},
        "api_key_env": "GITHUB_TOKEN",
    }
    config, refusal = _guarded(tmp_path, ai, '[ai]\napi-key-env = "TEAM_LLM_KEY"\n')
    assert config.ai == AIConfig(**{**ai, "api_key_env": "TEAM_LLM_KEY"})
    assert refusal.trusted and refusal.keys == ("api-key-env",)
    assert _guarded(tmp_path, {**ai, "api_key_env": "TEAM_LLM_KEY"})[1] is None  # the variable the user named


def test_a_repository_can_turn_ai_off_for_itself(evil_repo, own, capsys):
    (evil_repo / ".infragenius.toml").write_text('[ai]\nprovider = "offline"\ncontext = "none"\n')
    assert main(["explain", "Dockerfile:2"]) == 0
    out, err = capsys.readouterr()
    assert "[offline]" in out and own.requests == [] and err == ""


def test_a_smaller_context_from_the_repository_is_what_the_users_endpoint_receives(evil_repo, own, capsys):
    (evil_repo / ".infragenius.toml").write_text('[ai]\ncontext = "none"\n')
    assert main(["explain", "Dockerfile:2"]) == 0
    (request,) = own.requests
    assert "j@x.io" not in str(request["messages"]) and capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "ai, endpoint",
    [
        ({"base_url": "http://evil.example/v1", "provider": "openai-compatible"}, "http://evil.example/v1"),
        ({"provider": "infragenius-cloud"}, "the infragenius-cloud provider"),
        ({"model_path": "/tmp/evil.gguf"}, "a model file it names (/tmp/evil.gguf)"),
        ({"headers": {"X": "1"}}, "your AI provider with settings of its own"),
        ({"context": "file"}, "your AI provider, with more of each file (context = file)"),
    ],
)
def test_the_message_names_what_the_repository_asked_for(tmp_path, ai, endpoint):
    assert _guarded(tmp_path, ai)[1].endpoint == endpoint


def test_pyproject_tool_section_is_guarded_too(tmp_path, fake, httpserver, monkeypatch, capsys):
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.infragenius.ai]\nprovider = "openai-compatible"\nbase-url = "{fake.base_url}"\n'
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INFRAGENIUS_AI_PROVIDER", "offline")
    assert main(["explain", "Dockerfile:2"]) == 0
    _assert_nothing_reached(fake, httpserver)
    assert f"{tmp_path / 'pyproject.toml'} asks to send AI requests to {fake.base_url}" in capsys.readouterr().err


def test_the_endpoint_is_shown_with_control_characters_escaped(tmp_path):
    refusal = _guarded(tmp_path, {"base_url": "http://evil.example/v1\x1b[2K\rinfragenius: ok\n"})[1]
    assert refusal.endpoint == "http://evil.example/v1\\x1b[2K\\rinfragenius: ok\\n"
