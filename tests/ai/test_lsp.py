"""The AI code actions end to end: ``infragenius lsp`` over stdio (pytest-lsp) with the fake model."""

from __future__ import annotations

import json
import sys
from typing import Union

import pytest_lsp
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

TEXT = "FROM alpine:3.20\nMAINTAINER Jane <j@x.io>\nRUN echo hi\n"
RIGHT_FIX = json.dumps(
    {
        "explanation": "Use a LABEL.",
        "edits": [
            {"start_line": 2, "end_line": 2, "new_text": 'LABEL org.opencontainers.image.authors="Jane <j@x.io>"'}
        ],
    }
)


def _converter():
    """pygls' converter, except that a CodeAction carrying a command stays a CodeAction (lsprotocol
    2025.0.0 turns every object with a "command" key into a Command; editors tell them apart by the
    key's type, as the LSP spec says)."""
    converter = default_converter()

    def code_action_or_command(obj, _):
        kind = lsp.Command if isinstance(obj.get("command"), str) else lsp.CodeAction
        return converter.structure(obj, kind)

    union = Union[lsp.Command, lsp.CodeAction]  # noqa: UP007 - the exact type lsprotocol registers its hook for
    converter.register_structure_hook(union, code_action_or_command)
    return converter


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=_converter)
    client.published = []
    client.applied = []

    def publish(client: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        client.published.append(params)

    def apply_edit(client: LanguageClient, params: lsp.ApplyWorkspaceEditParams) -> lsp.ApplyWorkspaceEditResult:
        client.applied.append(params)
        return lsp.ApplyWorkspaceEditResult(applied=True)

    def message_request(client: LanguageClient, params: lsp.ShowMessageRequestParams):
        client.asked.append(params)  # dismissed, unless the test queued a reply
        return lsp.MessageActionItem(title=client.replies.pop(0)) if client.replies else None

    client.asked = []
    client.replies = []  # titles of the actions to pick, in order
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[lsp.WINDOW_SHOW_MESSAGE_REQUEST] = message_request
    features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[lsp.WORKSPACE_APPLY_EDIT] = apply_edit
    register_lsp_features(client, features)
    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "infragenius.lsp"], client_factory=make_client)
)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, tmp_path, base_url: str):
    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=tmp_path.as_uri(),
            initialization_options={
                "ai": {"provider": "openai-compatible", "base-url": base_url, "model": "fake-model"}
            },
        )
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
    return uri, df001, {a.title: a for a in actions}


async def test_explain_action_streams_then_shows_in_hover(client: LanguageClient, tmp_path, fake):
    fake.answer("MAINTAINER is deprecated: use an OCI LABEL.")
    uri, _, actions = await _open(client, tmp_path, fake.base_url)
    explain = actions["Explain DF001 with AI"]
    assert explain.kind == "quickfix.infragenius.ai" and explain.edit is None
    assert explain.command.command == "infragenius.ai.explain"
    assert list(explain.command.arguments) == [{"uri": uri, "version": 1, "code": "DF001", "line": 1, "column": 0}]

    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=explain.command.command, arguments=explain.command.arguments)
    )
    assert result == {
        "markdown": "MAINTAINER is deprecated: use an OCI LABEL.",
        "provider": "openai-compatible",
        "cached": False,
        "note": None,
        "caution": None,
    }
    assert fake.requests[0]["stream"] is True
    (reports,) = [r for token, r in client.progress_reports.items() if token.startswith("infragenius-ai-")]
    assert reports[0].title == "InfraGenius: explaining DF001" and reports[-1].kind == "end"

    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=1, character=3))
    )
    assert "**AI explanation (DF001)**\n\nMAINTAINER is deprecated: use an OCI LABEL." in hover.contents.value
    assert hover.contents.value.startswith("**DF001**")  # the rule docs stay first


async def test_fix_action_applies_a_verified_fix(client: LanguageClient, tmp_path, fake):
    fake.answer(RIGHT_FIX)
    uri, _, actions = await _open(client, tmp_path, fake.base_url)
    fix = actions["Fix DF001 with AI (verified, unsafe)"]
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=fix.command.command, arguments=fix.command.arguments)
    )
    assert result["applied"] is True and result["source"] == "ai"
    assert result["reason"] == "verified: DF001 is gone and no new finding appears"
    (applied,) = client.applied
    changes = applied.edit.document_changes or []
    edits = [e for change in changes for e in change.edits] or applied.edit.changes[uri]
    assert [(e.range.start.line, e.range.end.line, e.new_text) for e in edits] == [
        (1, 1, 'LABEL org.opencontainers.image.authors="Jane <j@x.io>"')
    ]


async def test_a_provider_that_is_down_gives_one_message_and_the_rule_docs(client: LanguageClient, tmp_path, fake):
    from .conftest import status

    fake.answer(status(503))
    _, _, actions = await _open(client, tmp_path, fake.base_url)
    explain = actions["Explain DF001 with AI"]
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=explain.command.command, arguments=explain.command.arguments)
    )
    assert result["provider"] == "offline" and "HTTP 503" in result["note"]
    assert result["markdown"].startswith("**DF001** `maintainer-deprecated`")
    warnings = [m.message for m in client.messages if m.type == lsp.MessageType.Warning]
    assert len(warnings) == 1 and warnings[0].startswith("InfraGenius AI unavailable: ")
    # diagnostics go on
    assert any(d.code == "DF001" for p in client.published for d in p.diagnostics)


async def test_review_is_offered_on_request_and_returns_separate_diagnostics(client: LanguageClient, tmp_path, fake):
    fake.answer(json.dumps({"findings": [{"line": 3, "message": "echo does nothing", "explanation": "Remove it."}]}))
    uri, df001, actions = await _open(client, tmp_path, fake.base_url)
    assert "Review this file with AI" not in actions  # never in the light bulb: it sends the whole file
    offered = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=df001.range,
            context=lsp.CodeActionContext(diagnostics=[], only=["source.infragenius.ai.review"]),
        )
    )
    (review,) = offered
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=review.command.command, arguments=review.command.arguments)
    )
    (diag,) = result["diagnostics"]
    assert (diag["code"], diag["source"], diag["severity"], diag["message"]) == (
        "ai-review",
        "infragenius-ai",
        3,
        "echo does nothing",
    )
    assert diag["range"] == {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 11}}
    assert diag["data"] == {"explanation": "Remove it."}


async def test_a_wrong_ai_fix_is_not_applied_and_the_rule_fix_is_offered(client: LanguageClient, tmp_path, fake):
    fake.answer(
        json.dumps({"explanation": "x", "edits": [{"start_line": 2, "end_line": 2, "new_text": "MAINTANER Jane"}]})
    )
    _, _, actions = await _open(client, tmp_path, fake.base_url)
    fix = actions["Fix DF001 with AI (verified, unsafe)"]
    result = await client.workspace_execute_command_async(
        lsp.ExecuteCommandParams(command=fix.command.command, arguments=fix.command.arguments)
    )
    assert result["source"] == "rule" and result["applied"] is False  # the test client picks no action
    assert result["reason"] == (
        "AI fix rejected: the fixed file no longer parses (line 2: Unknown instruction: "
        "MAINTANER); offering the rule's own fix"
    )
    assert client.applied == []
    (asked,) = client.asked
    assert [a.title for a in asked.actions] == ["Apply: Replace MAINTAINER with LABEL"]
