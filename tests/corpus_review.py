"""What the corpus precision tests of each language share: one kind of ../shared/corpus analysed once, the
problems of its analyses, its warnings and errors as reviewed lines, and the counts of the findings below."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.detect import detect
from infragenius.core.document import Document, decode
from infragenius.core.engine import Analysis, Engine
from infragenius.core.findings import Finding, Severity

from .conftest import corpus_dir
from .robustness.invariants import analysis_problems


def analyse_corpus(kind: str, languages: Collection[str]) -> dict[str, Analysis]:
    """Each file of ``corpus/<kind>`` that detection gives one of ``languages``, by its path in the kind."""
    root = corpus_dir(kind)
    engine, found = Engine(Config()), {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = decode(path.read_bytes())
        language = detect(path, text)
        if language in languages:
            document = Document(path.resolve().as_uri(), text, language, path=path)
            found[path.relative_to(root).as_posix()] = engine.analyse(document, use_cache=False)
    return found


def problems(analyses: dict[str, Analysis]) -> list[str]:
    return [f"{name}: {problem}" for name, analysis in analyses.items() for problem in analysis_problems(analysis)]


def warnings_and_errors(analyses: dict[str, Analysis]) -> list[str]:
    """``file:line:column CODE message`` for each warning and error, sorted: the reviewed file's lines."""
    return sorted(
        f"{name}:{f.range.start.line + 1}:{f.range.start.column + 1} {f.code} {f.message}"
        for name, analysis in analyses.items()
        for f in analysis.findings
        if f.severity <= Severity.WARNING
    )


def reviewed(expected: Path) -> list[str]:
    """The reviewed lines of ``expected``, sorted (blank lines and ``#`` comments, the reasons, left out)."""
    return sorted(
        line for line in expected.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")
    )


def counts(analyses: dict[str, Analysis], kept: Callable[[Finding], bool]) -> dict[str, int]:
    """How many findings of each code ``kept`` keeps."""
    return dict(Counter(f.code for analysis in analyses.values() for f in analysis.findings if kept(f)))
