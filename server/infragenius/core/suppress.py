"""Inline suppressions: ours and the peers' pragmas, mapped to our codes through rule aliases.

Ours: ``# infragenius: ignore[DF012,DF020]`` on the finding's line or alone on the line above (then it
covers the whole construct below, e.g. a multi-line RUN); ``# infragenius: ignore`` without codes
ignores everything there; ``# infragenius: ignore-file[...]`` anywhere covers the file.

Peers: ``# hadolint ignore=DL3008,DL3015`` (next instruction), ``# hadolint global ignore=DL3008``
(file), ``# tflint-ignore: rule_a, rule_b`` / ``all`` (next line), ``#checkov:skip=CKV_AWS_20:reason``
and ``#trivy:ignore:AVD-AWS-0086`` (the enclosing or next block, as the language decides),
``# zizmor: ignore[template-injection]`` (this line, or the construct below when alone on its line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .findings import Finding

ALL = "*"

_OURS = re.compile(r"(?:#|//)\s*infragenius:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?", re.I)
_HADOLINT = re.compile(r"#\s*hadolint\s+(global\s+)?ignore\s*=\s*([\w, -]+)", re.I)
_TFLINT = re.compile(r"(?:#|//)\s*tflint-ignore(-file)?:\s*([\w, -]+)", re.I)
_CHECKOV = re.compile(r"#\s*checkov:skip=([\w-]+)", re.I)
_ZIZMOR = re.compile(r"#\s*zizmor:\s*ignore\[([^\]]*)\]", re.I)
_TRIVY = re.compile(r"(?:#|//)\s*trivy:ignore:([\w-]+)", re.I)
# every pragma above names its tool: text without one of these words holds no pragma (substring
# tests of the lowered text: a case-insensitive regex alternation is 20x slower on a 10 KB file)
_TOOLS = ("infragenius", "hadolint", "tflint", "checkov", "zizmor", "trivy")


@dataclass(frozen=True)
class Pragma:
    line: int
    codes: frozenset[str]  # our codes, or {ALL}
    scope: str  # "line" (this line or the construct below), "block" (enclosing/next block), "file"
    tool: str
    own_line: bool  # the comment is alone on its line


Scope = Callable[[int, str], "tuple[int, int] | None"]


def find_pragmas(lines: Iterable[str], resolve_alias: Callable[[str, str], set[str]]) -> list[Pragma]:
    """Pragmas in the text. ``resolve_alias(tool, code)`` maps a peer code to our codes."""
    pragmas: list[Pragma] = []
    for number, line in enumerate(lines):
        if ("#" not in line and "//" not in line) or not mentions_pragma(line):
            continue
        own = line.lstrip().startswith(("#", "//"))
        for match in _OURS.finditer(line):
            kind, listed = match.group(1).lower(), match.group(2)
            codes = _codes(listed, lambda c: resolve_alias("infragenius", c))
            scope = "file" if kind == "ignore-file" else "line"
            pragmas.append(Pragma(number, codes, scope, "infragenius", own))
        for match in _HADOLINT.finditer(line):
            codes = _codes(match.group(2), lambda c: resolve_alias("hadolint", c))
            pragmas.append(Pragma(number, codes, "file" if match.group(1) else "line", "hadolint", own))
        for match in _TFLINT.finditer(line):
            codes = _codes(match.group(2), lambda c: resolve_alias("tflint", c), all_word="all")
            pragmas.append(Pragma(number, codes, "file" if match.group(1) else "line", "tflint", own))
        for match in _ZIZMOR.finditer(line):
            codes = _codes(match.group(1), lambda c: resolve_alias("zizmor", c))
            pragmas.append(Pragma(number, codes, "line", "zizmor", own))
        for match in _CHECKOV.finditer(line):
            pragmas.append(Pragma(number, frozenset(resolve_alias("checkov", match.group(1))), "block", "checkov", own))
        for match in _TRIVY.finditer(line):
            pragmas.append(Pragma(number, frozenset(resolve_alias("trivy", match.group(1))), "block", "trivy", own))
    return [p for p in pragmas if p.codes]


def mentions_pragma(text: str) -> bool:
    """Whether ``text`` may hold a pragma at all (one search of the whole text, not six per comment)."""
    lowered = text.lower()
    return any(tool in lowered for tool in _TOOLS)


def _codes(listed: str | None, resolve: Callable[[str], set[str]], all_word: str = "") -> frozenset[str]:
    if listed is None or not listed.strip():
        return frozenset({ALL})
    out: set[str] = set()
    for item in re.split(r"[,\s]+", listed.strip()):
        if not item:
            continue
        if all_word and item.lower() == all_word:
            return frozenset({ALL})
        out |= resolve(item)
    return frozenset(out)


def filter_findings(
    findings: list[Finding], lines: list[str], pragmas: list[Pragma], scope: Scope | None
) -> list[Finding]:
    """Drop the findings that a pragma covers."""
    if not pragmas:
        return findings
    file_wide: set[str] = set()
    spans: list[tuple[int, int, frozenset[str]]] = []
    for p in pragmas:
        if p.scope == "file":
            file_wide |= p.codes
            continue
        span = scope(p.line, p.tool) if scope else None
        if span is None:
            span = (_next_code_line(lines, p.line),) * 2 if p.own_line else (p.line, p.line)
        spans.append((span[0], span[1], p.codes))
    kept = []
    for f in findings:
        line = f.range.start.line
        if ALL in file_wide or f.code in file_wide:
            continue
        if any(lo <= line <= hi and (ALL in codes or f.code in codes) for lo, hi, codes in spans):
            continue
        kept.append(f)
    return kept


def _next_code_line(lines: list[str], line: int) -> int:
    for i in range(line + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith(("#", "//")):
            return i
    return line + 1
