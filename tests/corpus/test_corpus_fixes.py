"""Fixes offered on real files apply cleanly: per file and rule, applying all of that rule's fixes
gives text that still parses as well as before (no new IG001, no IG002) and fewer findings of that rule.
"""

from __future__ import annotations

import time
from collections import defaultdict

import pytest

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.findings import apply_edits
from infragenius.core.rules import REGISTRY

from ..conftest import corpus_dir
from .test_corpus import KINDS, corpus_files

BUDGET_S: dict[str, float] = {}  # CPU seconds (see test_corpus.BUDGET_S), per kind needing more than the default
DEFAULT_BUDGET_S = 20.0


@pytest.mark.corpus
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_fixes_apply_cleanly(kind: str) -> None:
    root = corpus_dir(kind)
    language, suffixes = KINDS[kind]
    if REGISTRY.language(language) is None:
        pytest.skip(f"language {language!r} is not available")
    engine = Engine(Config())
    problems: list[str] = []
    fixes_checked = 0
    started = time.process_time()
    for path, lang in corpus_files(root, language, suffixes):
        text = decode(path.read_bytes())
        document = Document(path.resolve().as_uri(), text, lang, path=path)
        findings = engine.analyse(document, use_cache=False).findings
        by_code = defaultdict(list)
        for f in findings:
            if f.fix is not None:
                by_code[f.code].append(f)
        if not by_code:
            continue
        syntax_before = {f.message for f in findings if f.code == "IG001"}
        for code, fixable in sorted(by_code.items()):
            fixes_checked += len(fixable)
            rel = f"{path.relative_to(root)} {code}"
            try:
                fixed = apply_edits(text, [e for f in fixable for e in f.fix.edits], document)
            except Exception as exc:  # noqa: BLE001 - reported as a problem of this fix
                problems.append(f"{rel}: applying the fixes raised {exc!r}")
                continue
            after = engine.analyse(Document(document.uri, fixed, lang, path=path), use_cache=False).findings
            new_syntax = {f.message for f in after if f.code == "IG001"} - syntax_before
            if new_syntax or any(f.code == "IG002" for f in after):
                problems.append(f"{rel}: the fixed text no longer parses: {sorted(new_syntax)[:2]}")
            remaining = sum(1 for f in after if f.code == code)
            before = sum(1 for f in findings if f.code == code)
            if remaining >= before:
                problems.append(f"{rel}: {before} finding(s) before the fixes, {remaining} after")
    elapsed = time.process_time() - started
    assert not problems, f"{len(problems)} problems ({fixes_checked} fixes):\n" + "\n".join(problems[:30])
    budget = BUDGET_S.get(kind, DEFAULT_BUDGET_S)
    assert elapsed < budget, f"{fixes_checked} fixes took {elapsed:.1f} s of CPU (budget {budget} s)"
