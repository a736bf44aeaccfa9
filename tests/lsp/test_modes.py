"""End to end over stdio: modes that need a server of their own (client kind, settings, debounce)."""

from __future__ import annotations

import asyncio

from lsprotocol import types as lsp
from lsptest import NEOVIM, change_doc, open_doc, ours, published, start, text_id
from pytest_lsp import LanguageClient

BAD = "FROM node:latest\nMAINTAINER Jane <jane@example.com>\nRUN echo hi\n"
EXPECTED_BAD = [("DF001", (1, 0, 1, 10)), ("DF002", (0, 5, 0, 16))]


async def test_edit_reanalyses_once_for_the_latest_version(client: LanguageClient, tmp_path):
    # a long debounce makes the burst deterministic: only the last version may be analysed
    await start(client, tmp_path, options={"debounce-ms": 500})
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    change_doc(client, uri, "FROM node:latest\n", 2)
    change_doc(client, uri, "FROM node:22-slim\nMAINTAINER Jane\n", 3)
    params = await published(client, uri, version=3)
    assert ours(params.diagnostics) == [("DF001", (1, 0, 1, 10))]
    await asyncio.sleep(0.5)
    assert [p.version for p in client.published if p.uri == uri] == [3]


async def test_pull_diagnostics_and_utf8_positions_for_neovim(client: LanguageClient, tmp_path):
    result = await start(client, tmp_path, caps=NEOVIM)
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8  # Neovim's first choice
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    report = await client.text_document_diagnostic_async(lsp.DocumentDiagnosticParams(text_document=text_id(uri)))
    assert report.kind == "full"
    assert ours(report.items) == EXPECTED_BAD
    again = await client.text_document_diagnostic_async(
        lsp.DocumentDiagnosticParams(text_document=text_id(uri), previous_result_id=report.result_id)
    )
    assert again.kind == "unchanged"
    change_doc(client, uri, "FROM node:latest\n", 2)
    report2 = await client.text_document_diagnostic_async(
        lsp.DocumentDiagnosticParams(text_document=text_id(uri), previous_result_id=report.result_id)
    )
    assert report2.kind == "full" and report2.result_id != report.result_id
    assert ours(report2.items) == [("DF002", (0, 5, 0, 16))]
    # the emoji is 4 UTF-8 bytes: node:latest (code points 18..29) is at bytes 21..32
    emoji = open_doc(client, tmp_path / "Dockerfile.emoji", "FROM --platform=😀 node:latest\n")
    report3 = await client.text_document_diagnostic_async(lsp.DocumentDiagnosticParams(text_document=text_id(emoji)))
    assert ours(report3.items) == [("DF002", (0, 21, 0, 32))]
    assert client.published == []  # pull mode: nothing pushed


async def test_settings_change_refreshes_diagnostics(client: LanguageClient, tmp_path):
    await start(client, tmp_path, settings={})
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    assert ours((await published(client, uri)).diagnostics) == EXPECTED_BAD
    client.set_configuration({"ignore": ["DF002"]}, section="infragenius")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    refreshed = await published(client, uri, predicate=lambda p: not any(d.code == "DF002" for d in p.diagnostics))
    assert ours(refreshed.diagnostics) == [("DF001", (1, 0, 1, 10))]

    # a bad setting: one error message, and the last good config stays
    client.set_configuration({"ignore": ["DF002"], "no-such-key": 1}, section="infragenius")
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
    for _ in range(200):
        if client.messages:
            break
        await asyncio.sleep(0.02)
    assert len(client.messages) == 1 and client.messages[0].type == lsp.MessageType.Error
    assert "unknown key 'no-such-key'" in client.messages[0].message
    change_doc(client, uri, BAD + "\n", 2)
    assert ours((await published(client, uri, version=2)).diagnostics) == [("DF001", (1, 0, 1, 10))]


async def test_config_file_and_initialization_options(client: LanguageClient, tmp_path):
    (tmp_path / ".infragenius.toml").write_text('ignore = ["DF001"]\n')
    await start(client, tmp_path, options={"severity": {"DF002": "error"}})
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    params = await published(client, uri)
    assert ours(params.diagnostics) == [("DF002", (0, 5, 0, 16))]
    assert next(d for d in params.diagnostics if d.code == "DF002").severity == lsp.DiagnosticSeverity.Error
