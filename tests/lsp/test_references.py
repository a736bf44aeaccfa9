"""End to end over stdio: find references in a two-file Terraform module, positions in UTF-16."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, open_doc, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    lsp_client.init_result = await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


def rng(line: int, start: int, end: int) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=line, character=start), end=lsp.Position(line=line, character=end))


async def _references(client: LanguageClient, uri: str, line: int, character: int, declaration: bool):
    return await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=text_id(uri),
            position=lsp.Position(line=line, character=character),
            context=lsp.ReferenceContext(include_declaration=declaration),
        )
    )


async def test_terraform_references_across_files(client: LanguageClient, tmp_path):
    # the emoji is two UTF-16 units: columns after it shift by one more than in code points
    variables = tmp_path / "variables.tf"
    variables.write_text('/* 😀 */ variable "region" {\n  default = "eu-west-1"\n}\n', "utf-8")
    main = 'locals {\n  name = "😀-${var.region}"\n  copy = var.region\n}\n'
    uri = open_doc(client, tmp_path / "main.tf", main, language_id="terraform")
    found = await _references(client, uri, 1, 18, True)  # on var.region (UTF-16 15..25)
    assert [(loc.uri, loc.range) for loc in found] == [
        (variables.absolute().as_uri(), rng(0, 9, 26)),  # variable "region": code points 8..25
        (uri, rng(1, 15, 25)),
        (uri, rng(2, 9, 19)),
    ]
    found = await _references(client, uri, 2, 12, False)
    assert [(loc.uri, loc.range) for loc in found] == [(uri, rng(1, 15, 25)), (uri, rng(2, 9, 19))]
    assert await _references(client, uri, 0, 2, True) is None  # "locals": names nothing
    assert client.init_result.capabilities.references_provider
