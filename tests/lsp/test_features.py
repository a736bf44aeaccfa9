"""End to end over stdio: the features, on one server shared by the module (each test uses its own files)."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, apply_text_edits, change_doc, edits_of, open_doc, ours, published, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

BAD = "FROM node:latest\nMAINTAINER Jane <jane@example.com>\nRUN echo hi\n"
EXPECTED_BAD = [("DF001", (1, 0, 1, 10)), ("DF002", (0, 5, 0, 16))]


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    lsp_client.init_result = await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


async def test_initialize_advertises_capabilities(client: LanguageClient):
    result = client.init_result
    caps = result.capabilities
    assert result.server_info.name == "infragenius"
    assert caps.text_document_sync.change == lsp.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close is True
    assert caps.hover_provider
    assert set(caps.code_action_provider.code_action_kinds) == {  # with the AI layer's (issue 19)
        "quickfix",
        "source.fixAll.infragenius",
        "quickfix.infragenius.ai",
        "source.infragenius.ai.review",
        "source.fixAll.infragenius.ai",
    }
    assert caps.diagnostic_provider.identifier == "infragenius"
    assert caps.position_encoding == lsp.PositionEncodingKind.Utf16


async def test_diagnostics_on_open(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    params = await published(client, uri)
    assert params.version == 1
    assert ours(params.diagnostics) == EXPECTED_BAD
    df001 = next(d for d in params.diagnostics if d.code == "DF001")
    assert df001.source == "infragenius"
    assert df001.severity == lsp.DiagnosticSeverity.Warning
    assert df001.message == "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
    assert df001.code_description.href == "https://infragenius.dev/rules/DF001"
    assert df001.data["version"] == 1
    assert df001.data["fix"]["title"] == "Replace MAINTAINER with LABEL"
    assert list(df001.tags) == [lsp.DiagnosticTag.Deprecated]  # the rule is tagged "deprecated"


async def test_hover_on_a_diagnostic_shows_the_rule_docs(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    await published(client, uri)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=text_id(uri), position=lsp.Position(line=1, character=4))
    )
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    text = hover.contents.value
    assert text.startswith("**DF001** `maintainer-deprecated` · warning")
    assert "MAINTAINER is deprecated; use a LABEL instead." in text
    assert "```dockerfile\nFROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n```" in text
    assert "`hadolint:DL4000`" in text and "`buildkit:MaintainerDeprecated`" in text
    assert "[Documentation](https://infragenius.dev/rules/DF001)" in text
    assert hover.range == lsp.Range(start=lsp.Position(line=1, character=0), end=lsp.Position(line=1, character=10))


async def _actions(client, uri, rng, diagnostics, only=None):
    return await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri), range=rng, context=lsp.CodeActionContext(diagnostics=diagnostics, only=only)
        )
    )


async def test_quick_fix_removes_its_finding(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    params = await published(client, uri)
    df001 = next(d for d in params.diagnostics if d.code == "DF001")
    actions = await _actions(client, uri, df001.range, [df001])
    fix = next(a for a in actions if a.title == "Replace MAINTAINER with LABEL")
    assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred is True
    assert fix.diagnostics[0].code == "DF001"
    fixed = apply_text_edits(BAD, edits_of(fix, uri))
    assert fixed == 'FROM node:latest\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\nRUN echo hi\n'
    change_doc(client, uri, fixed, 2)
    after = await published(client, uri, version=2)
    assert ours(after.diagnostics) == [("DF002", (0, 5, 0, 16))]


async def test_quick_fix_without_client_diagnostics_uses_the_analysis(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    await published(client, uri)
    rng = lsp.Range(start=lsp.Position(line=1, character=2), end=lsp.Position(line=1, character=2))
    actions = await _actions(client, uri, rng, [])
    assert "Replace MAINTAINER with LABEL" in [a.title for a in actions]


async def test_ignore_action_suppresses_the_finding(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    params = await published(client, uri)
    df002 = next(d for d in params.diagnostics if d.code == "DF002")
    actions = await _actions(client, uri, df002.range, [df002])
    ignore = next(a for a in actions if a.title == "Ignore DF002 on this line")
    edits = edits_of(ignore, uri)
    assert [(e.range.start.line, e.range.start.character, e.new_text) for e in edits] == [
        (0, 0, "# infragenius: ignore[DF002]\n")
    ]
    change_doc(client, uri, apply_text_edits(BAD, edits), 2)
    after = await published(client, uri, version=2)
    assert ours(after.diagnostics) == [("DF001", (2, 0, 2, 10))]


async def test_fix_all_applies_every_safe_fix(client: LanguageClient, tmp_path):
    text = "FROM alpine:3.20\nMAINTAINER a\nRUN true\nMAINTAINER b\n"
    uri = open_doc(client, tmp_path / "Dockerfile", text)
    await published(client, uri)
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=4, character=0))
    actions = await _actions(client, uri, whole, [], only=["source.fixAll"])
    assert [a.kind for a in actions] == ["source.fixAll.infragenius"]
    fixed = apply_text_edits(text, edits_of(actions[0], uri))
    assert fixed.count("LABEL org.opencontainers.image.authors=") == 2 and "MAINTAINER" not in fixed
    change_doc(client, uri, fixed, 2)
    after = await published(client, uri, version=2)
    assert ours(after.diagnostics) == []


async def test_broken_file_reports_a_syntax_error_and_keeps_serving(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", "FROM alpine:3.20\nFOOBAR x\n\x7f\\\n")
    params = await published(client, uri)
    ig001 = [d for d in params.diagnostics if d.code == "IG001"]
    assert ours(ig001, ("IG001",))[0] == ("IG001", (1, 0, 1, 6))
    assert ig001[0].severity == lsp.DiagnosticSeverity.Error
    # nonsense positions and unknown documents answer quietly
    far = lsp.Position(line=999, character=999)
    assert await client.text_document_hover_async(lsp.HoverParams(text_document=text_id(uri), position=far)) is None
    assert (
        await client.text_document_hover_async(
            lsp.HoverParams(text_document=text_id((tmp_path / "nope").as_uri()), position=far)
        )
        is None
    )
    change_doc(client, uri, "FROM node:latest\n", 2)
    assert ours((await published(client, uri, version=2)).diagnostics) == [("DF002", (0, 5, 0, 16))]


async def test_unsaved_sibling_buffer_updates_a_terraform_module(client: LanguageClient, tmp_path):
    (tmp_path / "main.tf").write_text('output "o" {\n  value = var.region\n}\n')
    (tmp_path / "variables.tf").write_text('variable "other" {}\n')
    main = open_doc(client, tmp_path / "main.tf", (tmp_path / "main.tf").read_text(), language_id="terraform")
    undeclared = ("TF001", (1, 10, 1, 20))
    assert ours((await published(client, main)).diagnostics, ("TF001",)) == [undeclared]
    variables = open_doc(client, tmp_path / "variables.tf", 'variable "other" {}\n', language_id="terraform")
    change_doc(client, variables, 'variable "region" {}\nvariable "other" {}\n', 2)  # not saved
    await published(client, main, predicate=lambda p: not ours(p.diagnostics, ("TF001",)))
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=text_id(variables)))
    n = len(client.published)  # closed unsaved: main.tf reads the file on disk again
    await published(client, main, predicate=lambda p: ours(p.diagnostics, ("TF001",)), after=n)


async def test_hover_away_from_diagnostics_asks_the_language(client: LanguageClient, tmp_path):
    (tmp_path / "variables.tf").write_text('variable "region" {\n  default = "eu-west-1"\n}\n')
    main = open_doc(client, tmp_path / "main.tf", 'output "o" {\n  value = var.region\n}\n', language_id="terraform")
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=text_id(main), position=lsp.Position(line=1, character=14))
    )
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    assert "`region`" in hover.contents.value and "eu-west-1" in hover.contents.value


async def test_untitled_buffer_uses_the_language_id(client: LanguageClient, tmp_path):
    uri = "untitled:Untitled-1"
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=uri, language_id="dockerfile", version=1, text="MAINTAINER Jane\nFROM node:latest\n"
            )
        )
    )  # content says nothing
    assert ours((await published(client, uri)).diagnostics) == [("DF001", (0, 0, 0, 10)), ("DF002", (1, 5, 1, 16))]


async def test_close_clears_diagnostics(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", BAD)
    await published(client, uri)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=text_id(uri)))
    cleared = await published(client, uri, predicate=lambda p: not p.diagnostics)
    assert cleared.version is None


async def test_positions_are_utf16_after_an_emoji(client: LanguageClient, tmp_path):
    text = "FROM --platform=😀 node:latest\nMAINTAINER 😀 Jane\n"
    uri = open_doc(client, tmp_path / "Dockerfile", text)
    params = await published(client, uri)
    # code points: node:latest is 18..29; the emoji takes two UTF-16 units
    assert ours(params.diagnostics) == [("DF001", (1, 0, 1, 10)), ("DF002", (0, 19, 0, 30))]
    df001 = next(d for d in params.diagnostics if d.code == "DF001")
    fix = next(a for a in await _actions(client, uri, df001.range, [df001]) if a.is_preferred)
    assert edits_of(fix, uri)[0].range.end == lsp.Position(line=1, character=18)
    fixed = apply_text_edits(text, edits_of(fix, uri))
    assert fixed.splitlines()[1] == 'LABEL org.opencontainers.image.authors="😀 Jane"'
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=text_id(uri), position=lsp.Position(line=0, character=20))
    )
    assert hover.contents.value.startswith("**DF002**")
