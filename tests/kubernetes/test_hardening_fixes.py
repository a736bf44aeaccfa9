"""Fixes of the hardening findings (issue 19 §1): the field goes into the container's securityContext,
which is created when missing, at the file's indentation, in block or flow style; no fix where the
structure is unusual."""

from __future__ import annotations

from infragenius.core.config import Config
from infragenius.core.document import Document
from infragenius.core.findings import apply_edits

from ..helpers import analyse


def _fixed(text: str, code: str) -> tuple[list[tuple[str, str]], str]:
    findings = [f for f in analyse(text, "kubernetes", config=Config(select=[code])) if f.code == code]
    doc = Document("file:///pod.yaml", text, "kubernetes")
    fixed = apply_edits(text, [e for f in findings if f.fix for e in f.fix.edits], doc)
    return [(f.fix.title, f.fix.applicability) if f.fix else ("", "") for f in findings], fixed


def _pod(container: str) -> str:
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n" + container


WITHOUT_CONTEXT = _pod("""    - name: api
      image: api:1.4.2
      resources:
          limits: {memory: 64Mi}
""")


def test_a_missing_security_context_is_created_at_the_files_indentation():
    fixes, fixed = _fixed(WITHOUT_CONTEXT, "K8005")
    assert fixes == [("Drop ALL capabilities", "unsafe")]
    assert fixed == WITHOUT_CONTEXT + "      securityContext:\n          capabilities:\n              drop: [ALL]\n"


def test_a_field_goes_under_the_keys_of_an_existing_security_context():
    text = _pod("""    - name: api
      image: api:1.4.2
      securityContext:
        capabilities:
          drop: [ALL]
      # the next container
    - name: sidecar
      image: side:1.0
      securityContext:
        runAsNonRoot: true
        readOnlyRootFilesystem: true
""")
    fixes, fixed = _fixed(text, "K8004")
    assert fixes == [("Set readOnlyRootFilesystem: true", "unsafe")]
    assert "          drop: [ALL]\n        readOnlyRootFilesystem: true\n      # the next container\n" in fixed


def test_a_flow_security_context_gets_the_field_inside_its_braces():
    text = _pod("    - {name: api, image: api:1.4.2, securityContext: {runAsUser: 1000}}\n")
    fixes, fixed = _fixed(text, "K8004")
    assert fixes == [("Set readOnlyRootFilesystem: true", "unsafe")]
    assert fixed.endswith("securityContext: {runAsUser: 1000, readOnlyRootFilesystem: true}}\n")
    _, fixed = _fixed(_pod("    - name: api\n      image: api:1.4.2\n      securityContext: {}\n"), "K8003")
    assert fixed.endswith("      securityContext: {runAsNonRoot: true}\n")


def test_a_dropped_list_gets_all_first():
    text = _pod("""    - name: api
      image: api:1.4.2
      securityContext:
        capabilities:
          drop:
            - NET_ADMIN
""")
    _, fixed = _fixed(text, "K8005")
    assert fixed.endswith("          drop:\n            - ALL\n            - NET_ADMIN\n")


def test_privilege_escalation_is_switched_off_safely():
    text = _pod(
        "    - name: api\n      image: api:1.4.2\n      securityContext:\n        allowPrivilegeEscalation: true\n"
    )
    fixes, fixed = _fixed(text, "K8002")
    assert fixes == [("Set allowPrivilegeEscalation: false", "safe")]
    assert fixed.endswith("        allowPrivilegeEscalation: false\n")


def test_a_file_without_a_final_newline_and_with_crlf_lines():
    text = WITHOUT_CONTEXT.rstrip("\n").replace("\n", "\r\n")
    _, fixed = _fixed(text, "K8003")
    assert fixed.endswith("limits: {memory: 64Mi}\r\n      securityContext:\r\n          runAsNonRoot: true")


def test_no_fix_where_the_structure_is_unusual():
    null_context = _pod("    - name: api\n      image: api:1.4.2\n      securityContext:\n")
    assert _fixed(null_context, "K8004")[0] == [("", "")]
    block_scalar_last = _pod("    - name: api\n      image: api:1.4.2\n      args:\n        - |\n          run\n")
    assert _fixed(block_scalar_last, "K8004")[0] == [("", "")]
    root = _pod("    - name: api\n      image: api:1.4.2\n      securityContext:\n        runAsUser: 0\n")
    assert [f.fix for f in analyse(root, "kubernetes") if f.code == "K8003"] == [None]


def test_a_probe_skeleton_checks_the_first_numbered_port():
    text = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: api:1.4.2
          ports:
            - containerPort: 8080
        - name: no-port
          image: side:1.0
"""
    fixes, fixed = _fixed(text, "K8017")
    assert fixes == [("Add a readinessProbe (TCP check of port 8080)", "unsafe"), ("", "")]
    assert (
        "            - containerPort: 8080\n          readinessProbe:\n            tcpSocket:\n              port: 8080\n"
        in fixed
    )
