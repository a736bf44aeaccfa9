"""Rendered findings placed in values.yaml are shown with only the template open (issue 19): the server
publishes them to values.yaml's URI, without a version, and clears them when the template closes."""

from __future__ import annotations

import shutil
from pathlib import Path

from lsprotocol import types as lsp
from lsptest import open_doc, published, rendered, start
from pytest_lsp import LanguageClient

CASE = Path(__file__).parent.parent / "cases" / "helm" / "HM008" / "bad_splices"


def _spans(params: lsp.PublishDiagnosticsParams, code: str) -> list[tuple[int, int, int, int]]:
    return [
        (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in params.diagnostics
        if d.code == code
    ]


async def test_values_findings_are_published_when_only_the_template_is_open(client: LanguageClient, tmp_path):
    chart = tmp_path / "agent"
    shutil.copytree(CASE, chart)
    template, values = chart / "templates" / "daemonset.yaml", chart / "values.yaml"
    await start(client, tmp_path)
    uri = open_doc(client, template, template.read_text(), language_id="helm")
    full = await rendered(client, uri)
    assert _spans(full, "K8006") == []  # not on the template: on the value that causes it
    on_values = await published(client, values.as_uri(), predicate=lambda p: bool(p.diagnostics))
    assert on_values.version is None  # values.yaml is not open
    assert _spans(on_values, "K8006") == [(4, 6, 4, 9)]  # the `add:` key of agent.securityContext.capabilities
    (finding,) = [d for d in on_values.diagnostics if d.code == "K8006"]
    assert finding.message.endswith("(rendered from templates/daemonset.yaml:23 with default values)")
    assert [(r.location.uri, r.location.range.start.line) for r in finding.related_information or ()] == [
        (template.as_uri(), 22)
    ]
    seen = len(client.published)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    cleared = await published(client, values.as_uri(), after=seen)
    assert list(cleared.diagnostics) == []
