"""Every real-world file in ../shared/corpus is analysed without a crash, with valid, stable results.

For each corpus kind whose language is registered: no IG002 (parser crash), no crashed rule, every
range (findings, related locations, fix edits) inside the document, and a second analysis by a fresh
engine gives identical findings (checked on every third file, to stay quick). Kinds whose language
is not available are skipped.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infragenius.core.config import Config
from infragenius.core.detect import detect
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.rules import REGISTRY

from ..conftest import corpus_dir
from ..robustness.invariants import analysis_problems, signature

pytestmark = pytest.mark.corpus

# corpus kind -> (language id, suffixes analysed as that language when detection by path says nothing:
# actionlint's testdata and GitLab include libraries are not at the paths detection knows, and plain
# Kubernetes manifests are known by their content only).
KINDS = {
    "compose": ("compose", ()),  # by path, or by content (a top-level services: with service keys)
    "dockerfile": ("dockerfile", ()),
    "terraform": ("terraform", (".tf",)),
    "helm": ("helm", ()),
    "github-actions": ("github-actions", (".yml", ".yaml")),
    "gitlab-ci": ("gitlab-ci", (".yml", ".yaml")),
    "kubernetes": ("kubernetes", (".yml", ".yaml")),  # plain manifests have no path of their own
}
# Whole kind, both passes, in CPU seconds of the process (its native threads included: Helm renders on
# threads of its own): wall time on the shared 2-core machine follows the load (x2.5 at a load of 8), CPU
# time does not. Helm: each of the 353 templates (24 charts since the corpus's batch 2) is analysed alone,
# as the editor opens it; past the first two, the templates of one chart share one render of it (and one
# marked render: render.shares_whole), and the chart copies Helm renders are kept between renders
# (mirror.py): 7.6 s of CPU (20 s before those two), inside the default.
BUDGET_S = {"dockerfile": 10.0}
DEFAULT_BUDGET_S = 20.0
STABILITY_EVERY = 3  # re-analyse every third file with a fresh engine: keeps the suite quick


def corpus_files(root: Path, language: str, suffixes: tuple[str, ...]) -> list[tuple[Path, str]]:
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        found = detect(path)
        if found is None and path.suffix.lower() in suffixes:
            found = language
        if found == language:
            files.append((path, language))
    return files


def analyse(engine: Engine, path: Path, language: str):
    document = Document(path.resolve().as_uri(), decode(path.read_bytes()), language, path=path)
    return engine.analyse(document, use_cache=False)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_corpus_kind(kind: str) -> None:
    root = corpus_dir(kind)
    language, suffixes = KINDS[kind]
    if REGISTRY.language(language) is None:
        pytest.skip(
            f"language {language!r} is not available (not built yet, or its package failed to load: see the log)"
        )
    files = corpus_files(root, language, suffixes)
    assert files, f"no {language} files found under {root}"

    started = time.process_time()
    first, second = Engine(Config()), Engine(Config())
    problems: list[str] = []
    for index, (path, lang) in enumerate(files):
        rel = path.relative_to(root)
        a = analyse(first, path, lang)
        problems += [f"{rel}: {p}" for p in analysis_problems(a)]
        if index % STABILITY_EVERY:
            continue
        b = analyse(second, path, lang)
        if signature(a) != signature(b):
            problems.append(f"{rel}: a second analysis gave different findings")
    elapsed = time.process_time() - started

    assert not problems, f"{len(problems)} problems in {len(files)} {language} files:\n" + "\n".join(problems[:30])
    budget = BUDGET_S.get(kind, DEFAULT_BUDGET_S)
    assert elapsed < budget, f"{len(files)} {language} files took {elapsed:.1f} s of CPU (budget {budget} s)"
