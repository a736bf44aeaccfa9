"""Fix-all in a Kubernetes manifest and a Dockerfile over stdio (issue 19 §1): every safe fix in one
edit (misspelt fields, variables and stages, privilege escalation switched off); the unsafe ones
(a stage name that may be an image, the hardening edits) are left to the user's choice."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from lsptest import CONFIG, apply_text_edits, change_doc, edits_of, open_doc, ours, published, start, text_id
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  label:
    app: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.4.2
          imagepullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
              protocl: TCP
          securityContext:
            allowPrivilegeEscalation: true
"""

DOCKERFILE = """FROM golang:1.23 AS build
ENV APP_HOME=/app
WORKDIR $APP_HOEM
FROM alpine:3.20
COPY --from=biuld /app/bin /usr/local/bin/
COPY --from=builder /app/doc /usr/share/doc/app
"""


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory):
    await start(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


async def _fix_all(client, uri, text, version):
    whole = lsp.Range(
        start=lsp.Position(line=0, character=0), end=lsp.Position(line=len(text.splitlines()), character=0)
    )
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri),
            range=whole,
            context=lsp.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    (action,) = actions
    assert action.kind == "source.fixAll.infragenius"
    fixed = apply_text_edits(text, edits_of(action, uri))
    change_doc(client, uri, fixed, version)
    return fixed, await published(client, uri, version=version)


async def test_fix_all_in_a_kubernetes_manifest(client, tmp_path):
    uri = open_doc(client, tmp_path / "deploy.yaml", MANIFEST, language_id="yaml")
    before = await published(client, uri)
    assert [c for c, _ in ours(before.diagnostics, ("K8002", "K8029"))] == ["K8002", "K8029", "K8029", "K8029"]
    fixed, after = await _fix_all(client, uri, MANIFEST, 2)
    assert fixed == MANIFEST.replace("  label:", "  labels:").replace("imagepullPolicy", "imagePullPolicy").replace(
        "protocl", "protocol"
    ).replace("allowPrivilegeEscalation: true", "allowPrivilegeEscalation: false")
    assert ours(after.diagnostics, ("K8002", "K8029")) == []
    # the unsafe hardening fixes stay quick fixes of their own
    (root,) = [d for d in after.diagnostics if d.code == "K8003"]
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=text_id(uri), range=root.range, context=lsp.CodeActionContext(diagnostics=[root])
        )
    )
    (action,) = [a for a in actions if a.title.startswith("Set runAsNonRoot")]
    assert (action.title, action.is_preferred) == ("Set runAsNonRoot: true (unsafe)", False)
    assert "            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n" in apply_text_edits(
        fixed, edits_of(action, uri)
    )


async def test_fix_all_in_a_dockerfile(client, tmp_path):
    uri = open_doc(client, tmp_path / "Dockerfile", DOCKERFILE)
    before = await published(client, uri)
    assert [c for c, _ in ours(before.diagnostics, ("DF017", "DF036"))] == ["DF017", "DF017", "DF036"]
    fixed, after = await _fix_all(client, uri, DOCKERFILE, 2)
    assert fixed == DOCKERFILE.replace("$APP_HOEM", "$APP_HOME").replace("--from=biuld", "--from=build")
    assert ours(after.diagnostics, ("DF017", "DF036")) == [("DF017", (5, 5, 5, 19))]  # builder: the user's call
