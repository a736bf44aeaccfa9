"""No secret reaches a model from the language server either: "Explain/Fix with AI" on the planted
Dockerfile (``fixtures/planted``), every finding's actions run against the recording fake model."""

from __future__ import annotations

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient, client_capabilities

from .test_lsp import client  # noqa: F401 - the language server over stdio, as a fixture
from .test_planted_secrets import PIECE, PLANTED, planted


async def test_explain_and_fix_actions_send_no_secret(client: LanguageClient, tmp_path, fake):
    text = (PLANTED / "Dockerfile").read_text()
    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=tmp_path.as_uri(),
            initialization_options={"ai": {"provider": "openai-compatible", "base-url": fake.base_url, "model": "m"}},
        )
    )
    uri = (tmp_path / "Dockerfile").as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="dockerfile", version=1, text=text)
        )
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = [d for p in client.published for d in p.diagnostics]
    for diagnostic in diagnostics:
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=diagnostic.range,
                context=lsp.CodeActionContext(diagnostics=[diagnostic]),
            )
        )
        for action in actions or []:
            if (
                isinstance(action, lsp.CodeAction)
                and action.command
                and action.command.command.startswith("infragenius.ai.")
            ):
                await client.workspace_execute_command_async(
                    lsp.ExecuteCommandParams(command=action.command.command, arguments=action.command.arguments)
                )
    assert diagnostics and len(fake.raw) >= len(diagnostics)  # an explanation and a fix asked for each finding
    sent = "\n".join(fake.raw)
    leaked = [
        secret
        for _form, file, secret in planted()
        if file == "Dockerfile" and any(secret[i : i + PIECE] in sent for i in range(max(1, len(secret) - PIECE + 1)))
    ]
    assert leaked == []
