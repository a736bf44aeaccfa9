"""Shared by the bench scripts: where things are, which corpus files count, synthetic big Dockerfiles.

These are scripts, not tests (no ``test_`` prefix, no ``__init__.py``): run them with the project's
interpreter, e.g. ``.venv/bin/python tests/bench/bench.py``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("INFRAGENIUS_CORPUS", ROOT.parent / "shared" / "corpus"))
DOCKERFILE_CORPUS = CORPUS / "dockerfile"
DOCKERFILE_PATTERNS = (
    "Dockerfile",
    "Dockerfile.*",
    "*.Dockerfile",
    "*.dockerfile",
    "Containerfile",
    "Containerfile.*",
)
BIN = Path(sys.executable).parent

# The engine's languages and packs, wired as the infragenius command wires them (infragenius/app.py), for
# the scripts that analyse in-process; a checkout from before the composition root (a baseline) needs none.
with contextlib.suppress(ImportError):
    from infragenius.app import compose_engine

    compose_engine()


def tool(name: str) -> Path | None:
    """A console script installed next to the interpreter (infragenius, hadolint)."""
    path = BIN / name
    return path if path.exists() else None


def corpus_dockerfiles(root: Path = DOCKERFILE_CORPUS) -> list[Path]:
    """Every Dockerfile under the corpus, sorted, so that every run sees the same list."""
    if not root.is_dir():
        return []
    found = [p for p in root.rglob("*") if p.is_file() and any(fnmatch(p.name, pat) for pat in DOCKERFILE_PATTERNS)]
    return sorted(found)


def fallback_dockerfiles() -> list[Path]:
    """Project files to use when the corpus is absent (fewer and smaller, but the bench still runs)."""
    found = list((ROOT / "fixtures").rglob("Dockerfile*")) + list(
        (ROOT / "tests" / "cases" / "dockerfile").rglob("*.Dockerfile")
    )
    return sorted(p for p in found if p.is_file())


def _instruction_ends(text: str) -> list[int]:
    """0-based line numbers after which a complete instruction (or comment/blank line) ends."""
    from infragenius.core.document import Document
    from infragenius.languages.dockerfile.parse import parse

    doc = Document("untitled:synth", text, "dockerfile")
    model = parse(doc)
    return sorted({ins.full_range.end.line for ins in model.instructions})


def synth_dockerfile(sources: list[Path], lines: int) -> str:
    """A realistic Dockerfile of exactly ``lines`` lines, built deterministically from real ones.

    Whole source files are appended in order (each one is a set of complete stages); the last one is
    cut after a complete instruction and the rest padded with comment lines, so the result parses like
    a long multi-stage build rather than a truncated one.
    """
    out: list[str] = []
    texts = [p.read_text("utf-8", "replace").rstrip("\n").splitlines() for p in sources]
    texts = [t for t in texts if t]
    if not texts:
        raise SystemExit("no source Dockerfiles to build a synthetic file from")
    i = 0
    while len(out) < lines:
        chunk = texts[i % len(texts)] + [""]
        i += 1
        room = lines - len(out)
        if len(chunk) <= room:
            out.extend(chunk)
            continue
        ends = [e for e in _instruction_ends("\n".join(chunk)) if e + 1 <= room]
        if ends:
            out.extend(chunk[: ends[-1] + 1])
        while len(out) < lines:
            out.append(f"# padding line {len(out) + 1}")
    return "\n".join(out[:lines]) + "\n"
