"""Secrets become stable placeholders before a request and come back locally in the answer."""

from __future__ import annotations

import pytest
from infragenius.ai.redact import Redactor, is_secret_name

from .conftest import FIXTURES


def redact(text: str) -> tuple[str, Redactor]:
    r = Redactor()
    return r.redact(text), r


@pytest.mark.parametrize("text, expected", [
    ("ENV AWS_ACCESS_KEY_ID=AKIAZ7TESTFAKE0KEY12", "ENV AWS_ACCESS_KEY_ID=REDACTED_AWS_ACCESS_KEY_1"),
    ("token ghp_FakeTokenForTests0123456789abcdefABCD here", "token REDACTED_GITHUB_TOKEN_1 here"),
    ("url: glpat-FakeGitLabToken1234567890", "url: REDACTED_GITLAB_TOKEN_1"),
    ("ENV DB_PASSWORD hunter2", "ENV DB_PASSWORD REDACTED_SECRET_1"),
    ('ARG api_key="a b c"', 'ARG api_key="REDACTED_SECRET_1"'),
    ("  client_secret: 'quoted value'  # note", "  client_secret: 'REDACTED_SECRET_1'  # note"),
    ("    password: bare value # comment", "    password: REDACTED_SECRET_1 # comment"),
    ("mysql --password=pw123 --user root", "mysql --password=REDACTED_SECRET_1 --user root"),
    ("login --token abc123def", "login --token REDACTED_SECRET_1"),
    ("postgres://app:Sup3rS3cretPw@db:5432/x", "postgres://app:REDACTED_URL_PASSWORD_1@db:5432/x"),
    ('db_password = "tf-literal"', 'db_password = "REDACTED_SECRET_1"'),
    ('variable "db_password" {\n  type = string\n  default = "s3"\n}', 'variable "db_password" {\n  type = string\n  default = "REDACTED_SECRET_1"\n}'),
    ("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.c2lnbmF0dXJl", "Bearer REDACTED_JWT_1"),
    ("x = Zx8pQ2rT9vW4yB7nM3kL6jH1gF5dS0aQ", "x = REDACTED_HIGH_ENTROPY_1"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\nafter",
     "REDACTED_PRIVATE_KEY_1\nafter"),
])
def test_redacts(text, expected):
    out, r = redact(text)
    assert out == expected
    assert r.restore(out) == text


@pytest.mark.parametrize("text", [
    "token: ${{ secrets.GH_TOKEN }}",
    "password: $DB_PASSWORD",
    "api_key = var.api_key",
    "secret: {{ .Values.secret }}",
    "image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "uses: actions/checkout@8f4b7f84864484a7bf31766abe9204da3cbe65b3",
    "key: app",
    "monkey: banana",
    "RUN pip install --no-cache-dir -r requirements.txt",
    "COPY node_modules/some-package/dist/index.js /app/",
    "ENV PASSWORD_FILE=",
])
def test_leaves_references_and_ordinary_text(text):
    assert redact(text)[0] == text


def test_same_secret_same_placeholder_and_numbering_is_stable():
    text = "A=AKIAZ7TESTFAKE0KEY12 B=AKIAZ7TESTFAKE0KEY12 C=AKIAZ7TESTFAKE0KEY99"
    first, _ = redact(text)
    second, _ = redact(text)
    assert first == "A=REDACTED_AWS_ACCESS_KEY_1 B=REDACTED_AWS_ACCESS_KEY_1 C=REDACTED_AWS_ACCESS_KEY_2"
    assert first == second


def test_secret_names():
    assert all(map(is_secret_name, ["DB_PASSWORD", "apiKey", "GITHUB_TOKEN", "client-secret", "SSH_KEY", "passwd"]))
    assert not any(map(is_secret_name, ["key", "monkey", "KEYBOARD", "image", "passthrough"]))


def test_fixture_secrets_are_all_redacted():
    text = (FIXTURES / "Dockerfile.secrets").read_text()
    out, r = redact(text)
    for secret in (FIXTURES / "secrets.txt").read_text().split():
        assert secret not in out, secret
    assert r.restore(out) == text


def test_stream_restorer_handles_placeholders_cut_in_pieces():
    _, r = redact("ENV TOKEN=abc123secret")
    restorer = r.stream_restorer()
    pieces = ["Set TOKEN to RED", "ACTED_SEC", "RET_1 and RE", "ad the docs. REDACT"]
    out = "".join(restorer.feed(p) for p in pieces) + restorer.flush()
    assert out == "Set TOKEN to abc123secret and REad the docs. REDACT"
