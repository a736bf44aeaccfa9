"""Baselines: adopt the linter on a large repository by recording today's findings once
(``check --write-baseline FILE``); later runs (``check --baseline FILE``) report and fail on new findings only.

Findings are recognised by their fingerprint (``core/fingerprints.py``), so one that moved with the lines
above it is still the baselined finding; two identical findings in a file are two entries, and a third
one is new. File names are stored relative to the baseline file's folder: the baseline works from any
working directory. The file is JSON, sorted, one entry per finding with its message, for review in a diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from ..core.config import ConfigError
from ..core.fingerprints import VERSION, Key, fingerprints, matched
from . import FileResult

FORMAT = 1


def keys(result: FileResult, root: Path) -> list[Key]:
    """The fingerprint keys of a file's findings, the file named relative to ``root``."""
    name = _relative(result, root)
    return [(name, p.code, p.context, p.line) for p in fingerprints(result.document, result.findings)]


def _relative(result: FileResult, root: Path) -> str:
    path = result.document.path
    if path is None:
        return result.filename
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def write(path: Path, results: list[FileResult]) -> int:
    """Record every finding of ``results`` in ``path``; returns how many."""
    root = path.parent
    entries = []
    for result in results:
        for (name, code, context, line), finding in zip(keys(result, root), result.findings, strict=True):
            entries.append(
                {"filename": name, "code": code, "message": finding.message, "context": context, "line": line}
            )
    entries.sort(key=lambda e: (e["filename"], e["code"], e["context"], e["message"]))
    document = {"tool": "infragenius", "format": FORMAT, "fingerprints": VERSION, "findings": entries}
    try:
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return len(entries)


def load(path: Path) -> list[Key]:
    """The findings a baseline file records. ConfigError (exit 2) when it cannot be used: a run that
    silently ignored its baseline would fail on every old finding, or pass on a wrong file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than Python recurses
        raise ConfigError(f"{path}: the baseline is not valid JSON ({exc})") from None
    return entries(document, str(path))


def entries(document: object, source: str) -> list[Key]:
    """The findings of a baseline document (the JSON ``--write-baseline`` writes, parsed), checked: also
    what the Cloud accepts as an organisation's shared baseline. ConfigError naming ``source`` otherwise."""
    if not isinstance(document, dict) or document.get("tool") != "infragenius":
        raise ConfigError(f"{source}: not an infragenius baseline (write one with --write-baseline)")
    if document.get("format") != FORMAT or document.get("fingerprints") != VERSION:
        raise ConfigError(f"{source}: a baseline of another infragenius version; write it again with --write-baseline")
    try:
        keys = [(e["filename"], e["code"], e["context"], e["line"]) for e in document["findings"]]
    except (KeyError, TypeError):
        raise ConfigError(f"{source}: a baseline entry lacks filename, code, context or line") from None
    if not all(isinstance(part, str) for key in keys for part in key):
        raise ConfigError(f"{source}: a baseline entry's filename, code, context and line must be strings")
    return keys


def apply(path: Path, known: list[Key], results: list[FileResult]) -> list[FileResult]:
    """``results`` without the findings ``known`` records; each result counts what it lost in ``baselined``."""
    root = path.parent
    found = [(result, key) for result in results for key in keys(result, root)]
    hits = iter(matched(known, [key for _, key in found]))
    out = []
    for result in results:
        kept = [finding for finding in result.findings if not next(hits)]
        out.append(replace(result, findings=kept, baselined=len(result.findings) - len(kept)))
    return out
