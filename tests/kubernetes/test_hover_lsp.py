"""Kubernetes hover over stdio (issue 19 §2): the language server answers a hover on a manifest's field
with the schema's documentation, and on its apiVersion with the removal of that version."""

from __future__ import annotations

import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from ..lsp.lsptest import CONFIG, open_doc, published, start

MANIFEST = """apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: old
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Never
  containers:
    - name: web
      image: nginx:1.25
"""


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


async def _hover(client: LanguageClient, uri: str, line: int, column: int) -> lsp.Hover | None:
    return await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line, character=column)
        )
    )


async def test_hover_on_a_field_and_on_a_removed_api_version(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "k8s" / "app.yaml", MANIFEST, language_id="yaml")
    await published(client, uri)
    field = await _hover(client, uri, 10, 20)  # restartPolicy: Never
    assert field.contents.value.startswith("**`Pod.spec.restartPolicy`** `string`\n\n")
    assert "Allowed values: `Always`, `OnFailure`, `Never`" in field.contents.value
    assert field.range == lsp.Range(start=lsp.Position(line=10, character=17), end=lsp.Position(line=10, character=22))
    # on the removed apiVersion the rule's diagnostic comes first (K8 docs); the kind line has none
    kind = await _hover(client, uri, 1, 8)
    assert "Removed in Kubernetes 1.22: use networking.k8s.io/v1." in kind.contents.value
