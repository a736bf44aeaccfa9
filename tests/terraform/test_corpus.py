"""The real modules and terragoat: no crash, no rule error, every finding inside the file."""

from __future__ import annotations

from infragenius.core.config import Config
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine

from ..conftest import corpus_dir


def test_corpus_analyses_cleanly() -> None:
    root = corpus_dir("terraform")
    engine = Engine(Config())
    count = 0
    for path in sorted(root.rglob("*.tf")):
        text = decode(path.read_bytes())
        doc = Document(uri=path.resolve().as_uri(), text=text, language="terraform", path=path)
        analysis = engine.analyse(doc, use_cache=False)
        assert analysis.rule_errors == [], path
        assert not [f for f in analysis.findings if f.code in ("IG001", "IG002")], path
        for f in analysis.findings:
            assert 0 <= f.range.start.line < doc.line_count and f.range.start <= f.range.end, (path, f)
        count += 1
    assert count > 200
