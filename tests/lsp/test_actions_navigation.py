"""End to end over stdio: go-to-definition and completion in a GitHub Actions workflow, positions in
UTF-16 (an emoji before each reference shifts UTF-16 columns one past code points)."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, change_doc, open_doc, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


def rng(line: int, start: int, end_line: int, end: int) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=line, character=start), end=lsp.Position(line=end_line, character=end))


WORKFLOW = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      version: ${{ steps.v.outputs.version }}
    steps:
      - id: v
        run: echo "version=1" >> "$GITHUB_OUTPUT"
  test:
    needs: [build]
    runs-on: ubuntu-latest
    steps:
      - run: echo "😀 ${{ needs.build.outputs.version }}"
"""


async def test_actions_definition_and_completion(client: LanguageClient, tmp_path):
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    uri = open_doc(client, path, WORKFLOW, language_id="yaml")
    # needs: [build] -> the job key
    [job] = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=lsp.Position(line=10, character=13))
    )
    assert job.target_uri == uri and job.target_range == rng(2, 2, 2, 7)
    assert job.origin_selection_range == rng(10, 12, 10, 17)
    # needs.build.outputs.version after the emoji: version is code points 45..52, UTF-16 46..53
    [output] = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=lsp.Position(line=13, character=48))
    )
    assert output.target_range == rng(5, 6, 5, 13) and output.origin_selection_range == rng(13, 46, 13, 53)
    # steps.v in the job outputs -> the step's id value
    [step] = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=text_id(uri), position=lsp.Position(line=5, character=26))
    )
    assert step.target_range == rng(7, 12, 7, 13)
    # nothing on a plain word
    assert (
        await client.text_document_definition_async(
            lsp.DefinitionParams(text_document=text_id(uri), position=lsp.Position(line=3, character=15))
        )
        is None
    )

    # half typed: "needs." (unterminated, after the emoji) offers the needed job
    change_doc(client, uri, WORKFLOW.replace('${{ needs.build.outputs.version }}"', "${{ needs."), 2)
    result = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=text_id(uri), position=lsp.Position(line=13, character=32))
    )
    assert [(i.label, i.kind) for i in result.items] == [("build", lsp.CompletionItemKind.Reference)]
    assert result.items[0].text_edit == lsp.TextEdit(range=rng(13, 32, 13, 32), new_text="build")

    # a new step key: replaces the typed word and adds ": "
    change_doc(client, uri, WORKFLOW.replace("      - id: v\n", "      - id: v\n        na\n"), 3)
    result = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=text_id(uri), position=lsp.Position(line=8, character=10))
    )
    name = next(i for i in result.items if i.label == "name")
    assert name.kind == lsp.CompletionItemKind.Property and name.detail == "step key"
    assert name.text_edit == lsp.TextEdit(range=rng(8, 8, 8, 10), new_text="name: ")
    assert "id" not in [i.label for i in result.items]
