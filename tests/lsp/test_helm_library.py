"""Editing a library chart beside a chart (not yet vendored) re-checks the open templates that render with it."""

from __future__ import annotations

from lsptest import change_doc, open_doc, rendered, start
from pytest_lsp import LanguageClient

LIBRARY = '{{- define "common.image" -}}nginx:1.27.2{{- end -}}\n'
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: {{ include "common.image" . }}
"""


def _charts(root):
    files = {
        "common/Chart.yaml": "apiVersion: v2\nname: common\nversion: 2.31.10\ntype: library\n",
        "common/templates/_images.tpl": LIBRARY,
        "web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n- name: common\n"
        "  repository: oci://registry-1.docker.io/bitnamicharts\n  version: 2.x.x\n",
        "web/values.yaml": "{}\n",
        "web/templates/deployment.yaml": DEPLOYMENT,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def latest_tag(params) -> list[tuple[int, str]]:
    return [(d.range.start.line, d.message) for d in params.diagnostics if d.code == "K8018"]


async def test_a_library_edit_rechecks_its_dependents(client: LanguageClient, tmp_path):
    _charts(tmp_path)
    await start(client, tmp_path)
    web = open_doc(client, tmp_path / "web" / "templates" / "deployment.yaml", DEPLOYMENT, language_id="helm")
    assert latest_tag(await rendered(client, web)) == []
    opened = len(client.published)
    library = open_doc(client, tmp_path / "common" / "templates" / "_images.tpl", LIBRARY, language_id="helm")
    await rendered(client, web, after=opened)  # the open re-checks it too: let those passes out first
    seen = len(client.published)
    change_doc(client, library, LIBRARY.replace("nginx:1.27.2", "nginx:latest"), 2)  # unsaved
    again = await rendered(client, web, after=seen)
    assert latest_tag(again) == [
        (
            13,
            (
                "Image 'nginx:latest' of container 'web' of Deployment 'web' uses the latest tag"
                " (rendered with default values)"
            ),
        )
    ]


SUB_DEPLOYMENT = DEPLOYMENT.replace('{{ include "common.image" . }}', '"nginx:{{ .Values.tag }}"')


async def test_a_parent_values_edit_rechecks_its_subchart(client: LanguageClient, tmp_path):
    files = {
        "top/Chart.yaml": "apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 0.1.0\n",
        "top/values.yaml": "sub:\n  tag: 1.27.2\n",
        "top/charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        "top/charts/sub/values.yaml": "tag: 1.27.2\n",
        "top/charts/sub/templates/deployment.yaml": SUB_DEPLOYMENT,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    await start(client, tmp_path)
    sub = open_doc(client, tmp_path / "top/charts/sub/templates/deployment.yaml", SUB_DEPLOYMENT, language_id="helm")
    assert latest_tag(await rendered(client, sub)) == []
    opened = len(client.published)
    values = open_doc(client, tmp_path / "top/values.yaml", files["top/values.yaml"], language_id="helm")
    await rendered(client, sub, after=opened)  # the open re-checks it too: let those passes out first
    seen = len(client.published)
    change_doc(client, values, "sub:\n  tag: latest\n", 2)  # the parent's values win over the subchart's
    again = await rendered(client, sub, after=seen)
    assert [line for line, _ in latest_tag(again)] == [13]
