"""Helm templates publish twice (issue 18): the template checks at once, the rendered findings after,
and never a pass of an older version after a newer version's."""

from __future__ import annotations

from lsprotocol import types as lsp
from lsptest import NEOVIM, change_doc, open_doc, published, start, text_id
from pytest_lsp import LanguageClient

TEMPLATE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {note: "{{ .Values.note }}"}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
"""


def _chart(root):
    files = {
        "web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
        "web/values.yaml": "replicaCount: 1\n",
        "web/templates/deployment.yaml": TEMPLATE,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / "web" / "templates" / "deployment.yaml"


def codes(params) -> list[str]:
    return sorted({d.code for d in params.diagnostics if d.code in ("HM003", "K8018")})


def has_rendered(params) -> bool:
    return "K8018" in codes(params)


async def test_template_checks_go_out_before_the_rendered_findings(client: LanguageClient, tmp_path):
    path = _chart(tmp_path)
    await start(client, tmp_path)
    uri = open_doc(client, path, TEMPLATE, language_id="helm")
    rendered = await published(client, uri, 1, predicate=has_rendered)
    passes = [codes(p) for p in client.published if p.uri == uri]
    assert passes == [["HM003"], ["HM003", "K8018"]]  # the second keeps the template-level findings
    assert rendered.version == 1


async def test_a_stale_render_never_publishes_after_a_newer_version(client: LanguageClient, tmp_path):
    path = _chart(tmp_path)
    await start(client, tmp_path)
    uri = open_doc(client, path, TEMPLATE, language_id="helm")
    for version in range(2, 7):  # quick edits, each a text Helm has not rendered yet
        change_doc(client, uri, f"# edit {version}\n{TEMPLATE}", version)
    await published(client, uri, 6, predicate=has_rendered)
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions == sorted(versions)  # no publication for version N arrives after N+1's
    last = [codes(p) for p in client.published if p.uri == uri and p.version == 6]
    assert last == [["HM003"], ["HM003", "K8018"]]


async def test_a_pull_answers_with_the_rendered_findings(client: LanguageClient, tmp_path):
    path = _chart(tmp_path)
    await start(client, tmp_path, caps=NEOVIM)
    uri = open_doc(client, path, TEMPLATE, language_id="helm")
    report = await client.text_document_diagnostic_async(lsp.DocumentDiagnosticParams(text_document=text_id(uri)))
    assert sorted({d.code for d in report.items if d.code in ("HM003", "K8018")}) == ["HM003", "K8018"]
    assert client.published == []  # pull mode pushes nothing, not even the quick pass
    again = await client.text_document_diagnostic_async(
        lsp.DocumentDiagnosticParams(text_document=text_id(uri), previous_result_id=report.result_id)
    )
    assert again.kind == "unchanged"


async def test_without_render_one_publication(client: LanguageClient, tmp_path):
    path = _chart(tmp_path)
    await start(client, tmp_path, settings={"helm": {"render": False}})
    uri = open_doc(client, path, TEMPLATE, language_id="helm")
    await published(client, uri, 1)
    change_doc(client, uri, f"# edit\n{TEMPLATE}", 2)
    await published(client, uri, 2)
    assert [(p.version, codes(p)) for p in client.published if p.uri == uri] == [(1, ["HM003"]), (2, ["HM003"])]
