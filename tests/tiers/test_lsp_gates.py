"""Tier gates in the language server (over stdio, pytest-lsp): AI code actions visible but disabled with
the reason, Fix all with AI, and an organisation policy the editor's settings cannot override."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pytest
import pytest_lsp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from infragenius.tiers import license as license_mod

from ..ai.test_lsp import make_client as ai_client

TEXT = "FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER app\nHEALTHCHECK CMD true\n"  # DF109: no rule fix
PINNED = json.dumps(
    {
        "explanation": "Pin it.",
        "edits": [{"start_line": 2, "end_line": 2, "new_text": "RUN apk add --no-cache curl=8.11.1-r0"}],
    }
)

_KEY = Ed25519PrivateKey.generate()
_PRIVATE = _KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)
_PUBLIC = _KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
_HOME = Path(tempfile.mkdtemp(prefix="infragenius-lsp-gates-"))
POLICY = _HOME / "policy.toml"
POLICY.write_text(
    'ignore = ["DF109"]\n[ai]\nprovider = "openai-compatible"\nbase-url = "https://llm.corp.example/v1"\n'
)
_BASE_ENV = {k: v for k, v in os.environ.items() if k != "INFRAGENIUS_LICENSE" and not k.startswith("INFRAGENIUS_AI_")}
_BASE_ENV.update(
    {
        "INFRAGENIUS_TEST_LICENSE_KEY": _PUBLIC.decode(),
        "INFRAGENIUS_CONFIG_DIR": str(_HOME / "config"),
        "INFRAGENIUS_DATA_DIR": str(_HOME / "data"),
        "INFRAGENIUS_AI_CACHE_DIR": str(_HOME / "cache"),
        "INFRAGENIUS_TEST_POLICY_FILE": str(_HOME / "no-policy.toml"),  # lsp_server.py: the system location
    }
)
_POLICY_ENV = {**_BASE_ENV, "INFRAGENIUS_TEST_POLICY_FILE": str(POLICY)}
_SERVER = [sys.executable, str(Path(__file__).with_name("lsp_server.py"))]
TIERS = ["community", "professional", "enterprise", "payg"]


def token(tier: str) -> str | None:
    return None if tier == "community" else license_mod.issue(_PRIVATE, "k-test", subject="dev@example.com", tier=tier)


def make_client() -> LanguageClient:
    client = ai_client()
    client.statuses = []

    @client.feature("infragenius/status")
    def status(ls, params):
        ls.statuses.append(
            params
            if isinstance(params, dict)
            else {k: getattr(params, k, None) for k in ("tier", "provider", "model", "quotaLeft", "message")}
        )

    return client


@pytest_lsp.fixture(config=ClientServerConfig(server_command=_SERVER, client_factory=make_client, server_env=_BASE_ENV))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=_SERVER, client_factory=make_client, server_env=_POLICY_ENV)
)
async def policy_client(lsp_client: LanguageClient):
    """A server on a machine with an organisation policy file."""
    yield
    await lsp_client.shutdown_session()


async def _status(client: LanguageClient, count: int = 1) -> dict:
    for _ in range(750):
        if len(client.statuses) >= count:
            return client.statuses[-1]
        await asyncio.sleep(0.02)
    raise AssertionError("no infragenius/status notification")


async def _open(client: LanguageClient, tmp_path, tier: str, ai: dict, **extra) -> str:
    options = {"ai": ai, **extra}
    if token(tier):
        options["licenseToken"] = token(tier)
    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=tmp_path.as_uri(),
            initialization_options=options,
        )
    )
    uri = (tmp_path / "Dockerfile").as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="dockerfile", version=1, text=TEXT)
        )
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def _actions(client: LanguageClient, uri: str, only=None) -> dict[str, lsp.CodeAction]:
    rng = lsp.Range(start=lsp.Position(line=1, character=0), end=lsp.Position(line=1, character=27))
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=lsp.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return {a.title: a for a in found or []}


def _state(action: lsp.CodeAction) -> str:
    return action.disabled.reason if action.disabled else f"enabled: {action.command.command}"


@pytest.mark.parametrize(
    "tier, expected",
    [
        ("community", "Requires Professional"),
        ("professional", "enabled: infragenius.ai.explain"),
        ("enterprise", "enabled: infragenius.ai.explain"),
        ("payg", "enabled: infragenius.ai.explain"),
    ],
)
async def test_cloud_model_actions_are_disabled_with_the_reason(client, tmp_path, tier, expected):
    uri = await _open(client, tmp_path, tier, {"provider": "infragenius-cloud"})
    assert (await _status(client))["tier"] == tier
    actions = await _actions(client, uri)
    assert _state(actions["Explain DF109 with AI"]) == expected
    fix = actions["Fix DF109 with AI (verified, unsafe)"]
    assert _state(fix) == expected.replace("explain", "fix")
    if tier == "community":
        assert fix.command is None  # nothing to run by mistake in a client that ignores "disabled"


@pytest.mark.parametrize(
    "tier, expected",
    [
        ("professional", "Requires Enterprise"),
        ("enterprise", "enabled: infragenius.ai.explain"),
    ],
)
async def test_on_prem_cloud_endpoint_needs_enterprise(client, tmp_path, tier, expected):
    uri = await _open(client, tmp_path, tier, {"provider": "infragenius-cloud", "base-url": "http://127.0.0.1:9/v1"})
    assert _state((await _actions(client, uri))["Explain DF109 with AI"]) == expected


async def test_custom_model_path_is_gated_for_community(client, tmp_path):
    uri = await _open(
        client, tmp_path, "community", {"provider": "embedded", "model-path": str(tmp_path / "tuned.gguf")}
    )
    assert _state((await _actions(client, uri))["Explain DF109 with AI"]) == "Requires Professional"


async def test_local_provider_actions_are_enabled_for_community(client, tmp_path, fake):
    uri = await _open(client, tmp_path, "community", {"provider": "openai-compatible", "base-url": fake.base_url})
    actions = await _actions(client, uri)
    assert _state(actions["Explain DF109 with AI"]) == "enabled: infragenius.ai.explain"
    assert "Fix all with AI (verified, unsafe)" not in actions  # a source action: only when asked for


@pytest.mark.parametrize(
    "tier, expected",
    [
        ("community", "Requires Professional"),
        ("professional", "enabled: infragenius.ai.fixAll"),
        ("enterprise", "enabled: infragenius.ai.fixAll"),
        ("payg", "Requires Professional"),
    ],
)
async def test_fix_all_action_per_tier(client, tmp_path, fake, tier, expected):
    uri = await _open(client, tmp_path, tier, {"provider": "openai-compatible", "base-url": fake.base_url})
    await _status(client)
    actions = await _actions(client, uri, only=["source.fixAll.infragenius.ai"])
    (action,) = actions.values()
    assert action.kind == "source.fixAll.infragenius.ai" and _state(action) == expected
    # the kinds editors ask for on save never get it: it would send the file to a model on every save
    assert "Fix all with AI (verified, unsafe)" not in await _actions(client, uri, only=["source.fixAll"])


async def test_fix_all_applies_verified_fixes_as_one_edit(client, tmp_path, fake):
    fake.answer(PINNED)
    uri = await _open(client, tmp_path, "professional", {"provider": "openai-compatible", "base-url": fake.base_url})
    await _status(client)
    actions = await _actions(client, uri, only=["source"])  # the editor's "Source Action..." menu
    action = actions["Fix all with AI (verified, unsafe)"]
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=action.command.command, arguments=action.command.arguments)
    )
    assert result == {
        "applied": True,
        "rejected": [],
        "fixed": [{"code": "DF109", "line": 1, "reason": "verified: DF109 is gone and no new finding appears"}],
    }
    (applied,) = client.applied
    assert applied.label == "Fix all with AI"
    edits = [e for change in applied.edit.document_changes or [] for e in change.edits] or applied.edit.changes[uri]
    assert [
        (e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text)
        for e in edits
    ] == [(1, 27, 1, 27, "=8.11.1-r0")]


async def test_fix_all_command_is_gated_on_the_server_too(client, tmp_path, fake):
    uri = await _open(client, tmp_path, "community", {"provider": "openai-compatible", "base-url": fake.base_url})
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command="infragenius.ai.fixAll", arguments=[{"uri": uri, "version": 1}])
    )
    assert result == {"applied": False, "reason": "Requires Professional", "fixed": [], "rejected": []}
    assert fake.requests == [] and client.applied == []


@pytest.mark.parametrize("tier", ["community", "professional", "enterprise"])
async def test_policy_cannot_be_overridden_from_editor_settings(policy_client, tmp_path, tier):
    """The policy file wants openai-compatible on the company endpoint and DF109 ignored; the user's
    settings ask for the Cloud and nothing ignored, at initialize and again later. A policy restricts
    whatever the license."""
    await _open(policy_client, tmp_path, tier, {"provider": "infragenius-cloud"}, ignore=[])
    status = await _status(policy_client)
    assert status["provider"] == "openai-compatible"
    seen = len(policy_client.statuses)
    policy_client.workspace_did_change_configuration(
        lsp.DidChangeConfigurationParams(
            settings={"infragenius": {"ai": {"provider": "infragenius-cloud"}, "ignore": [], "select": ["ALL"]}}
        )
    )
    await asyncio.sleep(0.5)
    assert policy_client.statuses[-1]["provider"] == "openai-compatible" and len(policy_client.statuses) >= seen
    diagnostics = [d.code for p in policy_client.published for d in p.diagnostics]
    assert "DF109" not in diagnostics[-5:]


async def test_a_license_with_wrong_claim_types_keeps_the_server_analysing(client, tmp_path):
    """Validly signed, but ``features`` is not a list: Community, diagnostics as usual, one message."""
    import jwt

    now = int(time.time())
    bad = jwt.encode(
        {
            "iss": "infragenius",
            "sub": "dev@example.com",
            "tier": "enterprise",
            "features": 5,
            "iat": now,
            "exp": now + 3600,
        },
        _PRIVATE,
        algorithm="EdDSA",
        headers={"kid": "k-test"},
    )
    uri = await _open(client, tmp_path, "community", {"provider": "offline"}, licenseToken=bad)
    status = await _status(client)
    expected = (
        "License not accepted: the license is invalid (the claim 'features' must be a list of strings, "
        "not 5). Using Community."
    )
    assert (status["tier"], status["message"]) == ("community", expected)
    assert "DF109" in [d.code for p in client.published for d in p.diagnostics]

    client.workspace_did_change_configuration(
        lsp.DidChangeConfigurationParams(settings={"infragenius": {"ai": {"provider": "offline"}}})
    )
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=TEXT + "MAINTAINER x\n")],
        )
    )
    for _ in range(250):
        if any(p.version == 2 for p in client.published):
            break
        await asyncio.sleep(0.02)
    assert "DF001" in [d.code for p in client.published if p.version == 2 for d in p.diagnostics]
    shown = [m.message for m in client.messages if "License not accepted" in m.message]
    assert shown == [f"InfraGenius: {expected}"]


@pytest.mark.parametrize(
    "tier, expected",
    [
        ("community", "Requires Professional"),
        ("professional", "enabled: infragenius.ai.review"),
    ],
)
async def test_review_follows_the_same_gate_as_explain_and_fix(client, tmp_path, tier, expected):
    """Issue 19: "Review this file with AI" was enabled where Explain/Fix were disabled by the tier."""
    uri = await _open(client, tmp_path, tier, {"provider": "infragenius-cloud"})
    await _status(client)
    (review,) = (await _actions(client, uri, only=["source.infragenius.ai.review"])).values()
    assert _state(review) == expected
    assert _state((await _actions(client, uri))["Explain DF109 with AI"]) == expected.replace("review", "explain")
    if tier == "community":
        assert review.command is None


async def test_the_ai_code_action_kinds_are_advertised(client, tmp_path):
    """Clients filter code actions by the advertised kinds (``editor.codeActionsOnSave``, menus)."""
    result = await client.initialize_session(
        lsp.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=tmp_path.as_uri())
    )
    kinds = list(result.capabilities.code_action_provider.code_action_kinds)
    assert kinds == [
        "quickfix",
        "source.fixAll.infragenius",
        "quickfix.infragenius.ai",
        "source.infragenius.ai.review",
        "source.fixAll.infragenius.ai",
    ]


async def test_a_locked_selection_is_told_once_per_session(client, tmp_path):
    """``select = ["CD"]`` on Community: one information message naming the tier, not one per settings change."""
    await _open(client, tmp_path, "community", {"provider": "offline"}, select=["CD", "DF"])
    await _status(client)
    client.workspace_did_change_configuration(
        lsp.DidChangeConfigurationParams(settings={"infragenius": {"select": ["CD", "DF"], "ignore": ["DF002"]}})
    )
    await asyncio.sleep(0.5)  # the change is applied (a pull of the section first); no second message follows
    expected = (Path(__file__).parent / "expected" / "locked_selection.txt").read_text().splitlines()[0]
    infos = [m.message for m in client.messages if m.type == lsp.MessageType.Info]
    assert infos == [f"InfraGenius: {expected.split(': ', 1)[1]}; those rules are not run."]
