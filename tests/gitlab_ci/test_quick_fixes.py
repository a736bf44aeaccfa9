"""Every "did you mean" in a pipeline comes with its fix (cases that need a whole .gitlab-ci.yml)."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.document import Document
from infragenius.core.findings import apply_edits

from ..helpers import analyse

PIPELINE = """stages: [build, test]
.test-template:
  image: python:3.12
build:
  stage: build
  script: make
test:
  stage: test
  extends: .tests-template
  needs: ["biuld"]
  dependencies: [biuld]
  script: make test
"""


def _fix_all(text: str, tmp_path: Path) -> tuple[list, str]:
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(text)
    findings = [f for f in analyse(text, "gitlab-ci", path) if f.fix]
    doc = Document(uri=path.as_uri(), text=text, language="gitlab-ci")
    return findings, apply_edits(text, [e for f in findings for e in f.fix.edits], doc)


def test_needs_and_extends_typos_are_fixed(tmp_path):
    findings, fixed = _fix_all(PIPELINE, tmp_path)
    assert sorted((f.code, f.fix.title, f.fix.applicability) for f in findings) == [
        ("GL005", 'Replace "biuld" with "build"', "safe"),
        ("GL009", 'Replace ".tests-template" with ".test-template"', "safe"),
    ]
    assert '  extends: .test-template\n  needs: ["build"]\n' in fixed


def test_a_job_never_needs_itself_by_suggestion(tmp_path):
    text = "stages: [build]\nbiuld-docs:\n  stage: build\n  needs: [biuld]\n  script: make\n"
    findings, _ = _fix_all(text, tmp_path)
    assert findings == []


def test_a_reference_to_a_misspelt_key_is_fixed(tmp_path):
    text = ".setup:\n  script: [make deps]\ntest:\n  script:\n    - !reference [.setup, scripts]\n"
    findings, fixed = _fix_all(text, tmp_path)
    assert [(f.code, f.fix.applicability) for f in findings] == [("GL015", "safe")]
    assert "    - !reference [.setup, script]\n" in fixed


def test_a_misspelt_local_include_is_fixed_to_the_file_beside_it(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "build.yml").write_text("build:\n  script: make\n")
    text = "include:\n  - local: ci/buld.yml\n  - 'ci/biuld.yaml'\ntest:\n  script: make test\n"
    findings, fixed = _fix_all(text, tmp_path)
    assert [(f.code, f.fix.applicability) for f in findings] == [("GL014", "safe"), ("GL014", "safe")]
    assert fixed == "include:\n  - local: ci/build.yml\n  - 'ci/build.yml'\ntest:\n  script: make test\n"
