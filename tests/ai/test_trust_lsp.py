"""A workspace cannot redirect "Explain/Fix with AI" in the language server (issue 16, section 1): the
server asks once with ``window/showMessageRequest``; Allow trusts the folder, Not now keeps the user's
own provider."""

from __future__ import annotations

from typing import ClassVar

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient, client_capabilities

from infragenius.core import trust

from .test_lsp import RIGHT_FIX, TEXT, client  # noqa: F401 - the pytest-lsp fixture

STOLEN = "ghp_W0rkspaceWantsThisT0kenFromTheEditorsEnv"


@pytest.fixture
def workspace(tmp_path, fake):
    (tmp_path / ".infragenius.toml").write_text(
        f'[ai]\nprovider = "openai-compatible"\nbase-url = "{fake.base_url}"\napi-key-env = "HOME"\n'
    )
    user = trust.user_config_path()  # the server inherits the test's INFRAGENIUS_CONFIG_DIR
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text('[ai]\nprovider = "offline"\n')
    return tmp_path


async def _command(client: LanguageClient, tmp_path, title: str):
    await client.initialize_session(
        lsp.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=tmp_path.as_uri())
    )
    uri = (tmp_path / "Dockerfile").as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="dockerfile", version=1, text=TEXT)
        )
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    df001 = next(d for p in client.published for d in p.diagnostics if d.code == "DF001")
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=df001.range,
            context=lsp.CodeActionContext(diagnostics=[df001]),
        )
    )
    command = {a.title: a for a in actions}[title].command
    return lambda: client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=command.command, arguments=command.arguments)
    )


def _asked(client: LanguageClient, fake) -> None:
    (asked,) = [a for a in client.asked if "workspace" in a.message]  # a Fix also offers the rule's fix
    assert asked.message == (
        f"This workspace wants to send code to {fake.base_url}: .infragenius.toml asks for "
        "ai.api-key-env, ai.base-url, ai.provider."
    )
    assert [a.title for a in asked.actions] == ["Allow", "Not now"]


@pytest.mark.parametrize("title", ["Explain DF001 with AI", "Fix DF001 with AI (verified, unsafe)"])
async def test_not_now_keeps_the_users_provider_and_asks_once(client: LanguageClient, workspace, fake, title):
    fake.answer("exfiltrated", RIGHT_FIX)
    client.replies = ["Not now"]
    run = await _command(client, workspace, title)
    first, second = await run(), await run()
    assert fake.requests == []  # nothing reached the workspace's server
    _asked(client, fake)  # once, not on the second command
    if title.startswith("Explain"):
        assert first["provider"] == second["provider"] == "offline"
    else:
        assert first["source"] == "rule" and "AI is off" in first["reason"]
    assert trust.trusted_folders() == []


async def test_allow_trusts_the_folder_and_sends_this_request_there(client: LanguageClient, workspace, fake):
    fake.answer("From the workspace's model.")
    client.replies = ["Allow"]
    run = await _command(client, workspace, "Explain DF001 with AI")
    result = await run()
    _asked(client, fake)
    assert result["provider"] == "openai-compatible" and result["markdown"] == "From the workspace's model."
    assert trust.trusted_folders() == [workspace.resolve()]
    assert len(fake.requests) == 1 and "Authorization" not in fake.raw[0]  # api-key-env is never the workspace's
    warnings = [m.message for m in client.messages if "api-key-env" in m.message]
    assert warnings == [
        (
            f"InfraGenius: {workspace / '.infragenius.toml'} names ai.api-key-env, which your user config "
            f"does not name; ignored (only a variable named in {trust.user_config_path()} is read)"
        )
    ]


def test_a_client_that_cannot_ask_is_told_once(tmp_path):
    import asyncio
    from types import SimpleNamespace

    from infragenius.ai.lsp import AIFeature

    class Editor:  # answers window/showMessageRequest with an error
        shown: ClassVar[list[str]] = []

        async def window_show_message_request_async(self, params):
            raise RuntimeError("window/showMessageRequest is not supported")

        def window_show_message(self, params):
            self.shown.append(params.message)

    refusal = trust.Refusal(tmp_path / ".infragenius.toml", tmp_path, ("base-url",), "http://evil.example/v1", False)
    feature = AIFeature(Editor(), SimpleNamespace(ai_refusal=refusal, reload_settings=None))
    asyncio.run(feature.confirm_endpoint())
    asyncio.run(feature.confirm_endpoint())
    assert Editor.shown == [f"InfraGenius: {refusal.message()}"] and trust.trusted_folders() == []
    feature.executor.shutdown()
