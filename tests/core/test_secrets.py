"""Secrets: the credential-format table (every format has hints, the hints never hide a match) and secret names."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infragenius.core.secrets import (
    _HINTS,
    TOKEN_FORMATS,
    find_tokens,
    hardcoded_secret,
    is_placeholder,
    literal_secret,
    token_kind,
)

from ..helpers import analyse


def test_every_format_has_hints() -> None:
    assert {kind for kind, _, _ in TOKEN_FORMATS} == set(_HINTS)


@pytest.mark.parametrize("kind,label,pattern", TOKEN_FORMATS, ids=[k for k, _, _ in TOKEN_FORMATS])
def test_any_match_contains_a_hint(kind, label, pattern) -> None:
    @given(st.from_regex(pattern, fullmatch=True))
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def check(text: str) -> None:
        assert any(h in text for h in _HINTS[kind]), f"{kind} matched {text!r} without any of its hints"
        assert (kind, label) in {(k, lab) for k, lab, _ in find_tokens(text)}

    check()


def test_token_kind_names_the_format_or_url_credentials() -> None:
    assert token_kind("key AKIAIOSFODNN7EXAMPLE here") == "AWS access key id"
    assert token_kind("https://deploy:s3cr3t@git.example.com/app.git") == "credentials in URL"
    assert token_kind("https://git.example.com/app.git AKIA") is None


@pytest.mark.parametrize(
    "name, value",
    [
        ("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256"),  # docker-library postgres images
        ("AUTH_MODE", "oauth2-proxy"),
        ("SECRET_STORE", "vault-backend"),
        ("TOKEN_AUDIENCE", "sts.amazonaws.com"),
        ("PASSWORD_HASH_ALGO", "argon2id"),
        ("SECRET_DETECTION_EXCLUDED_PATHS", "tests,spec/fixtures"),
        ("TOKEN_TTL", "3600s-rotation"),
    ],
)
def test_settings_about_secrets_are_not_secrets(name, value) -> None:
    assert hardcoded_secret(name, value) is None


@pytest.mark.parametrize(
    "name", ["API_TOKEN", "CLIENT_SECRET", "SECRET_KEY_BASE", "BASIC_AUTH", "AWS_SECRET_ACCESS_KEY"]
)
def test_secret_names_still_count(name) -> None:
    assert hardcoded_secret(name, "x8Jk2mQp9zLwR4tY") == "secret value"


@pytest.mark.parametrize(
    "value", ["ci-typing-not-a-real-secret", "django-insecure-k2#x9v!q0z7m", "fake-Api-Key-4242", "Dummy_Token_99"]
)
def test_values_that_say_they_are_not_real_are_not_secrets(value) -> None:
    assert hardcoded_secret("SECRET_KEY", value) is None


# Issue 15 §4: a credential-named variable with a literal is a secret in clear text whatever its entropy.
@pytest.mark.parametrize(
    "name, value",
    [
        ("DB_PASSWORD", "hunter2hunter2"),
        ("SMTP_PASS", "mailpass"),
        ("MYSQL_ROOT_PWD", "root1234"),
        ("API_TOKEN", "abc"),
        ("CLIENT_SECRET", "s3cret-value"),
        ("STRIPE_API_KEY", "stripekey"),
        ("stripe-apikey", "stripekey"),
        ("password", "hunter2"),
    ],
)
def test_a_literal_under_a_credential_name_is_a_secret(name, value) -> None:
    assert literal_secret(name, value)
    assert hardcoded_secret(name, value) == "secret value"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "  ",
        "$(DB_PASSWORD)",
        "${DB_PASSWORD}",
        "$DB_PASSWORD",
        "${{ secrets.DB_PASSWORD }}",
        "{{ .Values.db.password }}",
        "$[[ inputs.password ]]",
        "<%= ENV['DB'] %>",
        "%{ password }",
        "((db_password))",
        "<your-password>",
        "changeme",
        "change-me",
        "********",
        "xxxx",
        "...",
        "REDACTED",
        "yes",
        "no",
        "true",
        "False",
        "on",
        "disabled",
        "ci-not-a-real-secret",
        "fake-password-1",
        "django-insecure-k2#x9v!q0z7m",
        "prefix-${SUFFIX}",
    ],
)
def test_placeholders_references_and_switches_are_not_secrets(value) -> None:
    assert is_placeholder(value)
    assert not literal_secret("DB_PASSWORD", value)
    assert hardcoded_secret("DB_PASSWORD", value) is None


@pytest.mark.parametrize(
    "name",
    [
        "TOKEN_TTL",
        "PASSWORD_MIN_LENGTH",
        "SECRET_NAME",
        "PASSWORD_FILE",
        "AUTH_STRATEGY",
        "TOKEN_EXPIRY_SECONDS",
        "USERNAME",
        "PASSAGE",
        "BYPASS_CACHE",
    ],
)
def test_names_that_go_on_after_the_credential_word_are_settings(name) -> None:
    assert not literal_secret(name, "hunter2hunter2")


# One table for the secret rules of every language (issue 15 §4): a credential-named variable with a
# literal. The Dockerfile rule judges names only: a value given to an ARG or ENV, even a reference or
# a placeholder, is stored in the image (BuildKit's SecretsUsedInArgOrEnv); a switch is not a secret.
def _k8s(name: str, value: str) -> tuple[str, str, str, str]:
    pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: a:1.0\n"
    return pod + f'      env:\n        - name: {name}\n          value: "{value}"\n', "kubernetes", "pod.yaml", "K8019"


def _actions(name: str, value: str) -> tuple[str, str, str, str]:
    job = "on: push\npermissions: {}\njobs:\n  b:\n    runs-on: ubuntu-latest\n"
    return (
        job + f'    env:\n      {name}: "{value}"\n    steps:\n      - run: make\n',
        "github-actions",
        ".github/workflows/ci.yml",
        "GA034",
    )


def _gitlab(name: str, value: str) -> tuple[str, str, str, str]:
    return f'variables:\n  {name}: "{value}"\ntest:\n  script: make\n', "gitlab-ci", ".gitlab-ci.yml", "GL012"


def _terraform(name: str, value: str) -> tuple[str, str, str, str]:
    return f'resource "aws_db_instance" "db" {{\n  {name.lower()} = "{value}"\n}}\n', "terraform", "main.tf", "TF142"


def _terraform_default(name: str, value: str) -> tuple[str, str, str, str]:
    return f'variable "{name.lower()}" {{\n  default = "{value}"\n}}\n', "terraform", "main.tf", "TF142"


def _dockerfile(name: str, value: str) -> tuple[str, str, str, str]:
    return f'FROM alpine:3.20\nENV {name}="{value}"\n', "dockerfile", "Dockerfile", "DF035"


LITERAL_RULES = [_k8s, _actions, _gitlab, _terraform, _terraform_default]

# (name, value, a secret in clear text?, DF035 reports it?)
SECRET_TABLE = [
    ("DB_PASSWORD", "hunter2hunter2", True, True),
    ("SMTP_PASS", "mailpass", True, True),
    ("API_TOKEN", "abc123", True, True),
    ("CLIENT_SECRET", "s3cret-value", True, True),
    ("STRIPE_API_KEY", "stripekey", True, True),
    ("DB_PASSWORD", "", False, True),
    ("DB_PASSWORD", "${DB_PASSWORD}", False, True),
    ("DB_PASSWORD", "changeme", False, True),
    ("DB_PASSWORD", "<your-password>", False, True),
    ("DB_PASSWORD", "********", False, True),
    ("DB_PASSWORD", "not-a-real-password", False, True),
    ("TOKEN_TTL", "3600", False, False),
    ("PASSWORD_MIN_LENGTH", "12", False, False),
    ("ALLOW_EMPTY_PASSWORD", "no", False, False),
    ("SECRET_NAME", "shop-db", False, False),
    ("PASSWORD_FILE", "/run/secrets/db", False, False),
]


@pytest.mark.parametrize("name, value, secret, dockerfile", SECRET_TABLE)
def test_every_language_agrees_on_a_literal_under_a_credential_name(tmp_path, name, value, secret, dockerfile) -> None:
    def reported(make) -> bool:
        text, language, filename, code = make(name, value)
        return any(f.code == code for f in analyse(text, language, tmp_path / filename))

    assert literal_secret(name, value) is secret
    assert {make.__name__: reported(make) for make in LITERAL_RULES} == {
        make.__name__: secret for make in LITERAL_RULES
    }
    assert reported(_dockerfile) is dockerfile
