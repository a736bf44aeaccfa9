"""End to end over stdio: textDocument/documentSymbol for a GitHub Actions workflow answers the
hierarchy (jobs > job > steps) with UTF-16 ranges (an emoji before a job name shifts its columns)."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, open_doc, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


WORKFLOW = """on: push
jobs:
  build:
    name: 😀 build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - {name: 😀, run: make}
  "😀test": {runs-on: ubuntu-latest, steps: [{run: make test, id: t}]}
"""


def span(r: lsp.Range) -> tuple[int, int, int, int]:
    return r.start.line, r.start.character, r.end.line, r.end.character


def tree(symbols: list[lsp.DocumentSymbol] | None) -> list[tuple]:
    return [(s.name, s.kind, s.detail, span(s.range), span(s.selection_range), tree(s.children)) for s in symbols or []]


async def test_workflow_outline_over_lsp(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / ".github" / "workflows" / "ci.yml", WORKFLOW, language_id="yaml")
    got = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(text_document=text_id(uri)))
    kind = lsp.SymbolKind
    assert tree(got) == [
        (
            "on",
            kind.Event,
            None,
            (0, 0, 0, 8),
            (0, 0, 0, 2),
            [
                ("push", kind.Event, None, (0, 4, 0, 8), (0, 4, 0, 8), []),
            ],
        ),
        (
            "jobs",
            kind.Namespace,
            None,
            (1, 0, 8, 70),
            (1, 0, 1, 4),
            [
                (
                    "build",
                    kind.Class,
                    "😀 build",
                    (2, 2, 7, 29),
                    (2, 2, 2, 7),
                    [
                        ("actions/checkout@v4", kind.Method, None, (6, 8, 6, 33), (6, 14, 6, 33), []),
                        # the emoji is two UTF-16 units: the step ends at 28 code points, 29 units
                        ("😀", kind.Method, None, (7, 8, 7, 29), (7, 15, 7, 17), []),
                    ],
                ),
                # the quoted key holds an emoji: UTF-16 columns run one past code points from there on
                (
                    "😀test",
                    kind.Class,
                    "ubuntu-latest",
                    (8, 2, 8, 70),
                    (8, 2, 8, 10),
                    [
                        ("make test", kind.Method, "t", (8, 45, 8, 68), (8, 46, 8, 49), []),
                    ],
                ),
            ],
        ),
    ]
