"""Saving a kustomization re-checks the open manifests it may turn into patches."""

from __future__ import annotations

from lsprotocol import types as lsp
from lsptest import open_doc, published, start
from pytest_lsp import LanguageClient

PATCH = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
    "      containers:\n      - name: web\n        resources:\n          limits: {memory: 1Gi}\n"
)


def k8_codes(params: lsp.PublishDiagnosticsParams) -> set[str]:
    return {str(d.code) for d in params.diagnostics}


async def test_saving_a_kustomization_rechecks_open_manifests(client: LanguageClient, tmp_path):
    await start(client, tmp_path)
    uri = open_doc(client, tmp_path / "web.yaml", PATCH, language_id="yaml")
    first = await published(client, uri)
    assert "K8031" in k8_codes(first)  # a Deployment without a selector, until a kustomization says patch
    seen = len(client.published)
    kustomization = tmp_path / "kustomization.yaml"
    kustomization.write_text("patches:\n- path: web.yaml\n")
    client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=kustomization.as_uri()))
    )
    again = await published(client, uri, after=seen)
    assert "K8031" not in k8_codes(again) and again.version == first.version
