"""Compose over stdio: the language server publishes a compose file's findings (with their fixes as code
actions), answers a hover on a key with the Compose Specification's documentation, and goes from a
``depends_on`` item to the service."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from ..lsp.lsptest import CONFIG, change_doc, open_doc, published, start, text_id

COMPOSE = """services:
  web:
    image: nginx:1.27
    depends_on: [db]
    restart: unless_stopped
  db:
    image: postgres:17
"""


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


async def test_diagnostics_hover_and_definition(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "compose.yaml", COMPOSE, language_id="dockercompose")
    params = await published(client, uri)
    found = [(d.code, d.range.start.line, d.range.start.character) for d in params.diagnostics]
    assert found == [("DC005", 4, 13)]
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri),
            range=params.diagnostics[0].range,
            context=lsp.CodeActionContext(diagnostics=params.diagnostics),
        )
    )
    assert 'Replace "unless_stopped" with "unless-stopped"' in [a.title for a in actions]

    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=text_id(uri), position=lsp.Position(line=2, character=6))
    )
    assert hover.contents.value.startswith("**image**\n\nSpecify the image to start the container from.")
    assert hover.range == lsp.Range(start=lsp.Position(line=2, character=4), end=lsp.Position(line=2, character=9))

    target = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=lsp.Position(line=3, character=18))
    )
    ranges = [(t.target_range if isinstance(t, lsp.LocationLink) else t.range) for t in target]
    assert ranges[0].start == lsp.Position(line=5, character=2)


MAIN = "services:\n  web:\n    image: nginx:1.27\n    depends_on: [cache]\n"
OVERRIDE = "services:\n  cache:\n    image: redis:7.4\n"


async def test_an_edit_of_the_override_rechecks_the_main_file(client: LanguageClient, tmp_path):
    """compose.yaml depends on a service its override defines: removing it there reports it here."""
    (tmp_path / "compose.yaml").write_text(MAIN, encoding="utf-8")
    (tmp_path / "compose.override.yaml").write_text(OVERRIDE, encoding="utf-8")
    main = open_doc(client, tmp_path / "compose.yaml", MAIN, language_id="dockercompose")
    override = open_doc(client, tmp_path / "compose.override.yaml", OVERRIDE, language_id="dockercompose")
    assert [d.code for d in (await published(client, main)).diagnostics] == []
    await published(client, override)
    seen = len(client.published)
    change_doc(client, override, "services:\n  queue:\n    image: redis:7.4\n", 2)
    again = await published(client, main, after=seen)
    assert [(d.code, d.message) for d in again.diagnostics] == [
        ("DC003", 'service "web" depends on undefined service "cache"')
    ]
