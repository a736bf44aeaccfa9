"""Helpers for the navigation tests: analyse a file on disk and find positions by marker text."""

from __future__ import annotations

import importlib
from pathlib import Path

from infragenius.core.config import Config
from infragenius.core.context import Context, Workspace
from infragenius.core.document import Document, Position


def analysed(path: Path, language: str, text: str | None = None) -> tuple[Document, object]:
    """(document, model) of ``path`` parsed the way the engine does (siblings read from disk), without
    loading the language's rules: navigation only needs the model."""
    text = path.read_text("utf-8") if text is None else text
    document = Document(uri=path.resolve().as_uri(), text=text, language=language, path=path)
    parse = importlib.import_module(f"infragenius.languages.{language.replace('-', '_')}.parse").parse
    return document, parse(document, Context(document, Config(), Workspace()))


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")


def at(text: str, needle: str, delta: int = 0, nth: int = 0) -> Position:
    """The position of the ``nth`` occurrence of ``needle`` plus ``delta`` code points."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    before = text[: offset + delta]
    line = before.count("\n")
    return Position(line, len(before) - (before.rfind("\n") + 1))
