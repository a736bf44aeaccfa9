"""End to end: the client (``infragenius.ai.cloud.CloudProvider``, and the AIService the language server
uses for "Explain with AI") -> the Cloud service on 127.0.0.1 -> a fake upstream model, with tier gating
(403) and quota exhaustion (402) reaching the user as the client's clear messages."""

from __future__ import annotations

import json

import pytest

from infragenius.ai.cloud import CloudProvider
from infragenius.ai.provider import AIError
from infragenius.ai.service import AIService
from infragenius.core.config import AIConfig
from infragenius.core.document import Document

from ..helpers import analyse
from .conftest import PIECES, running_cloud, serve

DOCKERFILE = "FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\nENV AWS_ACCESS_KEY_ID=AKIAQ3EGUZXHXMPLE7Q2\nRUN echo hi\n"


@pytest.fixture
def service(sqlite_url):
    with running_cloud(sqlite_url, monthly_quota={"professional": 2}) as cloud, serve(cloud.client.app) as base_url:
        cloud.base_url = base_url
        yield cloud


def test_client_gets_the_answer_through_the_service(service):
    key = service.account("professional")
    provider = CloudProvider(service.base_url, key, timeout_s=10)
    streamed: list[str] = []
    try:
        answer = provider.complete(
            [
                {"role": "system", "content": "You explain findings."},
                {"role": "user", "content": "Why is MAINTAINER deprecated?"},
            ],
            stream=streamed.append,
        )
    finally:
        provider.close()
    assert answer == "Pin the base image to a digest."
    assert streamed == PIECES  # streamed through the service, piece by piece
    (sent,) = service.upstream.received
    assert sent[-1] == {"role": "user", "content": "Why is MAINTAINER deprecated?"}
    assert service.usage(key).json()["by_kind"] == {"explain": 1}


def test_tier_gating_and_quota_exhaustion_reach_the_client_as_clear_messages(service):
    community = CloudProvider(service.base_url, service.account("community"), timeout_s=10)
    with pytest.raises(
        AIError, match=r"your plan does not include this \(HTTP 403\): the community tier does not include hosted AI"
    ):
        community.complete([{"role": "user", "content": "explain"}])
    community.close()

    pro = CloudProvider(service.base_url, service.account("professional"), timeout_s=10)
    assert pro.complete([{"role": "user", "content": "1"}]) == pro.complete([{"role": "user", "content": "2"}])
    with pytest.raises(AIError, match=r"\(HTTP 402\)"):
        pro.complete([{"role": "user", "content": "3"}])
    pro.close()

    bad = CloudProvider(service.base_url, "igk_000000000000_unknown", timeout_s=10)
    with pytest.raises(AIError, match=r"rejected the account key \(HTTP 401\)"):
        bad.complete([{"role": "user", "content": "x"}])
    bad.close()
    assert service.upstream.calls == 2


@pytest.fixture
def licensed(monkeypatch, tmp_path):
    """This machine holds a Professional license (signed as ``cloud admin issue-license`` does; the
    client gates the cloud provider on it) and keeps its config, data and audit files in tmp."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from infragenius.tiers import license as lic
    from infragenius.tiers import state

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    monkeypatch.setattr(lic, "shipped_keys", lambda: {"test-key": public})
    monkeypatch.setenv("INFRAGENIUS_LICENSE", lic.issue(pem, "test-key", subject="dev@acme.example", tier="enterprise"))
    monkeypatch.setenv("INFRAGENIUS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("INFRAGENIUS_DATA_DIR", str(tmp_path / "data"))
    for name in ("PROVIDER", "BASE_URL", "API_KEY", "MODEL", "ENABLED", "TIMEOUT_S", "CONTEXT"):
        monkeypatch.delenv(f"INFRAGENIUS_AI_{name}", raising=False)
    state.reset()
    yield
    state.reset()


def test_explain_in_the_editor_through_the_cloud(service, licensed):
    """What "Explain DF001 with AI" does in the language server: AIService with the cloud provider."""
    document = Document(uri="file:///w/Dockerfile", text=DOCKERFILE, language="dockerfile", path=None)
    finding = next(f for f in analyse(DOCKERFILE, "dockerfile") if f.code == "DF001")
    config = AIConfig(provider="infragenius-cloud", base_url=service.base_url, timeout_s=10, context="file")

    ai = AIService(config, api_key=service.account("professional"), use_cache=False)
    pieces: list[str] = []
    explanation = ai.explain(document, finding, stream=pieces.append)
    ai.close()
    assert (explanation.text, explanation.provider, explanation.note) == (
        "Pin the base image to a digest.",
        "infragenius-cloud",
        None,
    )
    assert "".join(pieces) == explanation.text
    assert "AKIAQ3EGUZXHXMPLE7Q2" not in json.dumps(service.upstream.received)  # redacted before and at the service

    gated = AIService(config, api_key=service.account("community"), use_cache=False)
    fallback = gated.explain(document, finding)
    gated.close()
    assert fallback.provider == "offline"  # the editor still gets the rule's own documentation
    assert "your plan does not include this (HTTP 403)" in fallback.note
    assert fallback.text.startswith("**DF001**")
