"""Analyse text or files in tests and print findings in the golden format."""

from __future__ import annotations

from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.detect import detect
from infragenius.core.document import Document, decode
from infragenius.core.engine import Engine
from infragenius.core.findings import Finding
from infragenius.tiers.state import allows


def analyse(
    text: str, language: str | None = None, path: str | Path | None = None, config: Config | None = None, **settings
) -> list[Finding]:
    path = Path(path) if path is not None else None
    if language is None:
        language = detect(path, text)
    cfg = (config or Config()).merged(settings) if settings else (config or Config())
    doc = Document(uri=(path.resolve().as_uri() if path else "untitled:test"), text=text, language=language, path=path)
    engine = Engine(cfg, root=path.parent if path else None, entitled=allows)  # the license the test sets
    return engine.analyse(doc, use_cache=False).findings


def analyse_file(path: Path, language: str | None = None, **settings) -> list[Finding]:
    text = decode(path.read_bytes())
    return analyse(text, language or detect(path, text), path, **settings)


def golden_line(f: Finding, prefix: str = "") -> str:
    s, e = f.range
    return f"{prefix}{s.line + 1}:{s.column + 1}-{e.line + 1}:{e.column + 1} {f.code} {f.message}"


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write ``{relative path: text}`` under ``root``, creating folders (multi-file test layouts)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
