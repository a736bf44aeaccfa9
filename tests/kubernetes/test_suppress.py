"""Pragmas in a manifest (issue 19 §1): alone on its line, a pragma covers the key or list item below
it whole (a block scalar included); "Ignore CODE on this line" inside a block scalar goes above its key."""

from __future__ import annotations

from infragenius.core.document import Document
from infragenius.core.findings import apply_edits
from infragenius.languages.kubernetes.parse import parse
from infragenius.lsp.code_actions import ignore_edit

from ..helpers import analyse

POD = """apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: api:1.4.2
      env:
        # infragenius: ignore[K8019]
        - name: DB_PASSWORD
          value: hunter2-Secret-99
        - name: API_TOKEN
          value: ghp_abcdefghijklmnopqrstuvwxyz0123456789
"""

CONFIG_MAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  run.js: |
    const x = 1;
    console.log(x);
"""


def test_a_pragma_above_a_list_item_covers_the_whole_item():
    findings = [f for f in analyse(POD, "kubernetes") if f.code == "K8019"]
    assert [f.range.start.line for f in findings] == [13]  # only the other variable's


def test_ignore_inside_a_block_scalar_goes_above_its_key():
    doc = Document("file:///cm.yaml", CONFIG_MAP, "kubernetes")
    edit = ignore_edit(doc, parse(doc), 6, "K8999")
    assert apply_edits(CONFIG_MAP, [edit], doc).splitlines()[4:7] == [
        "data:",
        "  # infragenius: ignore[K8999]",
        "  run.js: |",
    ]


def test_ignore_outside_a_block_scalar_stays_at_the_end_of_the_line():
    doc = Document("file:///cm.yaml", CONFIG_MAP, "kubernetes")
    edit = ignore_edit(doc, parse(doc), 3, "K8022")
    assert apply_edits(CONFIG_MAP, [edit], doc).splitlines()[3] == "  name: scripts  # infragenius: ignore[K8022]"
