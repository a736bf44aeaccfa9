"""The file excerpt of a prompt is cut from the file redacted around it (issue 16 §2)."""

from __future__ import annotations

from pathlib import Path

from infragenius.ai import prompts
from infragenius.ai.prompts import file_excerpt, finding_range
from infragenius.ai.redact import Redactor
from infragenius.core.document import Document
from infragenius.core.findings import Finding

LINES = ['variable "db_password" {'] + ["  # why"] * 14 + ['  default = "Pw22!abcXq"', "}"] + ["# more"] * 30
DOCUMENT = Document(
    uri="file:///tmp/p/main.tf", text="\n".join(LINES), language="terraform", path=Path("/tmp/p/main.tf")
)
FINDING = Finding("TF000", "Something at line 26", finding_range(25, 25))  # its window starts at the default


def test_a_window_below_the_variable_line_still_hides_its_default():
    excerpt = file_excerpt(DOCUMENT, FINDING, "window", "explain", Redactor())
    assert excerpt.startswith(
        'File main.tf, lines 16-36 (numbered):\n```hcl\n16 |   default = "REDACTED_SECRET_1"\n17 | }\n'
    )
    assert "variable" not in excerpt and "Pw22!abcXq" not in excerpt


def test_nothing_sent_still_teaches_the_redactor_the_files_secrets():
    redactor = Redactor()
    assert file_excerpt(DOCUMENT, FINDING, "none", "explain", redactor) == ""
    assert redactor.redact("the default Pw22!abcXq is weak") == "the default REDACTED_SECRET_1 is weak"


def test_a_huge_file_is_redacted_only_around_the_excerpt(monkeypatch):
    monkeypatch.setattr(prompts, "REDACTION_CONTEXT", 12)
    redactor = Redactor()
    lines = ["token: ghp_FakeTokenForTests0123456789abcdefABCD"] + LINES[1:]
    document = Document(uri="file:///tmp/p/x.yaml", text="\n".join(lines), language="kubernetes")
    file_excerpt(document, Finding("K8000", "m", finding_range(40, 40)), "window", "explain", redactor)
    assert redactor.secrets == {}  # line 1 lies 29 lines above the window: not looked at
