"""Every value a secret rule flags is redacted: the rules' own golden cases, through ``redact_lines``.

A finding of these rules points at a literal secret, so the lines it covers must come out of
redaction changed (rules that flag a name or a reference, such as DF035 or SH002, are not listed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from infragenius.ai.redact import Redactor
from infragenius.core.config import Config
from infragenius.core.detect import detect
from infragenius.core.document import Document
from infragenius.core.engine import Engine

CASES = Path(__file__).parents[1] / "cases"
VALUE_RULES = {
    "github-actions": ["GA034"],
    "gitlab-ci": ["GL012"],
    "kubernetes": ["K8019"],
    "terraform": ["TF140", "TF141", "TF142"],
}


def _bad_cases():
    for language, codes in VALUE_RULES.items():
        for code in codes:
            for case in sorted((CASES / language / code).glob("bad*")):
                if not case.name.endswith(".expected"):
                    yield pytest.param(language, code, case, id=f"{code}/{case.name}")


@pytest.mark.parametrize("language, code, case", list(_bad_cases()))
def test_flagged_values_are_redacted(language, code, case):
    files = sorted(p for p in case.rglob("*") if p.is_file()) if case.is_dir() else [case]
    engine = Engine(Config(select=[code]), root=case if case.is_dir() else case.parent)
    flagged = 0
    for path in files:
        text = path.read_text()
        document = Document(uri=path.resolve().as_uri(), text=text, language=None, path=path)
        document.language = detect(path, text) if case.is_dir() else language
        if document.language is None:
            continue
        redacted = Redactor().redact_lines(document.lines)
        for finding in engine.analyse(document, use_cache=False).findings:
            lines = range(finding.range.start.line, finding.range.end.line + 1)
            flagged += 1
            assert any(redacted[i] != document.line_text(i) for i in lines), (
                f"{path.name}:{finding.range.start.line + 1}: {finding.message}: "
                + " / ".join(document.line_text(i) for i in lines)
            )
    assert flagged
