"""Stable fingerprints of findings: the same finding keeps its fingerprint when lines above it are added
or removed, so a baseline (``check --baseline``) and the Cloud's report history recognise it after it moved.

A finding is known by its rule, its file and two hashes of the text it sits on:

- ``context``: its line and the nearest non-blank line above and below, each normalised (surrounding
  whitespace dropped, inner runs of whitespace made one space), so re-indenting or adding blank lines
  changes nothing;
- ``line``: its line alone, to recognise it again when a neighbour was edited.

Two identical findings in one file (same rule, same text around them) get the same hashes; they are told
apart by ``occurrence`` (1, 2, ... in file order), so that they are counted, never merged.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from .document import Document
from .findings import Finding

VERSION = "v1"  # part of every stored fingerprint's name: a new scheme must not match old ones
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Fingerprint:
    code: str
    context: str  # hash of the line and its non-blank neighbours
    line: str  # hash of the line alone
    occurrence: int = 1  # among findings of this file with the same code and context

    @property
    def partial(self) -> str:
        """As SARIF's ``partialFingerprints`` value: the context hash and the occurrence."""
        return f"{self.context}:{self.occurrence}"


def normalise(line: str) -> str:
    return _SPACES.sub(" ", line.strip())


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _neighbour(lines: list[str], start: int, step: int) -> str:
    index = start + step
    while 0 <= index < len(lines):
        text = normalise(lines[index])
        if text:
            return text
        index += step
    return ""


def fingerprints(document: Document, findings: list[Finding]) -> list[Fingerprint]:
    """One fingerprint per finding, in the order given (occurrences are numbered in that order)."""
    lines = document.lines
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for finding in findings:
        row = finding.range.start.line
        own = normalise(lines[row]) if 0 <= row < len(lines) else ""
        context = _digest(finding.code, _neighbour(lines, row, -1), own, _neighbour(lines, row, 1))
        seen[(finding.code, context)] += 1
        out.append(Fingerprint(finding.code, context, _digest(finding.code, own), seen[(finding.code, context)]))
    return out


# (file, code, context hash, line hash): what a baseline or a stored report keeps of a finding
Key = tuple[str, str, str, str]


def matched(known: list[Key], found: list[Key]) -> list[bool]:
    """Which of ``found`` are among ``known``, each known finding standing for one found finding at most.
    First by context (a finding that moved), then by its line alone (one whose neighbour was edited)."""
    by_context = Counter((f, c, ctx) for f, c, ctx, _ in known)
    by_line = Counter((f, c, ln) for f, c, _, ln in known)
    hits = [False] * len(found)
    for i, (file, code, context, line) in enumerate(found):
        if by_context[(file, code, context)] > 0:
            by_context[(file, code, context)] -= 1
            by_line[(file, code, line)] -= 1
            hits[i] = True
    for i, (file, code, _, line) in enumerate(found):
        if not hits[i] and by_line[(file, code, line)] > 0:
            by_line[(file, code, line)] -= 1
            hits[i] = True
    return hits
