"""Pragmas in a pipeline: alone on its line, a pragma covers the key or item below it whole."""

from __future__ import annotations

from ..helpers import analyse

PIPELINE = """build:
  # infragenius: ignore[SH103]
  script: |
    echo start
    curl -k https://example.com/a \\
      --retry 3
test:
  script:
    - curl -k https://example.com/b
"""


def test_a_pragma_above_a_script_block_covers_the_whole_script(tmp_path):
    findings = [f for f in analyse(PIPELINE, "gitlab-ci", tmp_path / ".gitlab-ci.yml") if f.code == "SH103"]
    assert [f.range.start.line for f in findings] == [8]  # only the other job's
