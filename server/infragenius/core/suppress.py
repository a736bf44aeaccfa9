"""Inline suppressions: ours and the peers' pragmas, mapped to our codes through rule aliases.

Ours: ``# infragenius: ignore[DF012,DF020]`` on the finding's line or alone on the line above (then it
covers the whole construct below, e.g. a multi-line RUN); ``# infragenius: ignore`` without codes
ignores everything there; ``# infragenius: ignore-file[...]`` anywhere covers the file.

Peers: ``# hadolint ignore=DL3008,DL3015`` (next instruction), ``# hadolint global ignore=DL3008``
(file), ``# tflint-ignore: rule_a, rule_b`` / ``all`` (next line), ``#checkov:skip=CKV_AWS_20:reason``
and ``#trivy:ignore:AVD-AWS-0086`` (the enclosing or next block, as the language decides),
``# zizmor: ignore[template-injection]`` (this line, or the construct below when alone on its line),
and ShellCheck's ``# shellcheck disable=SC2046,SC2086`` alone on its line in a shell script (a Dockerfile
``RUN``, an Actions ``run:``, a GitLab ``script:``): the next command, its continuation lines and the
``( ... )``, ``{ ... }``, ``if``/``for``/``while``/``case`` block it opens, as ShellCheck reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .findings import Finding

ALL = "*"

_OURS = re.compile(r"(?:#|//)\s*infragenius:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?", re.IGNORECASE)
_HADOLINT = re.compile(r"#\s*hadolint\s+(global\s+)?ignore\s*=\s*([\w, -]+)", re.IGNORECASE)
_TFLINT = re.compile(r"(?:#|//)\s*tflint-ignore(-file)?:\s*([\w, -]+)", re.IGNORECASE)
_CHECKOV = re.compile(r"#\s*checkov:skip=([\w-]+)", re.IGNORECASE)
_ZIZMOR = re.compile(r"#\s*zizmor:\s*ignore\[([^\]]*)\]", re.IGNORECASE)
_TRIVY = re.compile(r"(?:#|//)\s*trivy:ignore:([\w-]+)", re.IGNORECASE)
# ``# shellcheck disable=SC2046,2086 source=x``: other directives may follow on the same comment
_SHELLCHECK = re.compile(r"^\s*#\s*shellcheck\s+(?:\w+=\S*\s+)*?disable=([\w,-]+)", re.IGNORECASE)
# every pragma above names its tool: text without one of these words holds no pragma (substring
# tests of the lowered text: a case-insensitive regex alternation is 20x slower on a 10 KB file)
_TOOLS = ("infragenius", "hadolint", "tflint", "checkov", "zizmor", "trivy", "shellcheck")


@dataclass(frozen=True)
class Pragma:
    line: int
    codes: frozenset[str]  # our codes, or {ALL}
    scope: str  # "line" (this line or the construct below), "block" (enclosing/next block), "file",
    # "command" (the next shell command)
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
        shellcheck = _SHELLCHECK.match(line)  # a directive only counts alone on its line, as in ShellCheck
        if shellcheck is not None:
            codes = _codes(shellcheck.group(1), lambda c: resolve_alias("shellcheck", _sc_code(c)), all_word="all")
            pragmas.append(Pragma(number, codes, "command", "shellcheck", True))
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


def _sc_code(code: str) -> str:
    """ShellCheck takes ``SC2046`` and ``2046`` alike."""
    return f"SC{code}" if code.isdigit() else code.upper()


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
        if p.scope == "command":
            spans.append((*shell_command_span(lines, p.line), p.codes))
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


# What opens and closes a shell block on a line, quotes and comments left out: brackets, and the
# compound keywords in command position (``echo done`` is no ``done``).
_QUOTED = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_OPENER = re.compile(r"(?:^|[;&|({]|\b(?:then|do|else))\s*(?:-\s+)?(?:if|for|while|until|case|select)\b")
_CLOSER = re.compile(r"(?:^\s*(?:-\s+)?|[;&|]\s*)(?:fi|done|esac)\b(?=\s*(?:$|[;&|)}]))")
_MAX_COMMAND_LINES = 500
_DOCKERFILE_RUN = re.compile(r"\s*RUN\b", re.IGNORECASE)  # above a Dockerfile RUN: its whole script


def shell_command_span(lines: list[str], pragma_line: int) -> tuple[int, int]:
    """The lines of the shell command after ``pragma_line``: its backslash continuations (not past a
    ``;``, which ends the command, except above a Dockerfile ``RUN``: all of it), and the block it
    opens up to its close. A line less indented than the command ends it (the YAML block
    or list holding the script is over), so an unbalanced bracket cannot cover the rest of the file."""
    first = _next_code_line(lines, pragma_line)
    if first >= len(lines):
        return first, first
    indent = len(lines[first]) - len(lines[first].lstrip())
    brackets = keywords = 0
    whole = bool(_DOCKERFILE_RUN.match(lines[first]))
    last = min(len(lines), first + _MAX_COMMAND_LINES) - 1
    for number in range(first, last + 1):
        text = lines[number]
        if number > first and text.strip() and len(text) - len(text.lstrip()) < indent:
            return first, number - 1
        code = _COMMENT.sub("", _QUOTED.sub("''", text)).rstrip()
        for ch in code:  # a ``)`` with no ``(`` open is a ``case`` pattern's
            brackets = brackets + 1 if ch in "({" else max(0, brackets - 1) if ch in ")}" else brackets
        keywords = max(0, keywords + len(_OPENER.findall(code)) - len(_CLOSER.findall(code)))
        # ``a; \`` runs the next line as a command of its own, unless the whole RUN is the command
        continued = code.endswith("\\") and (whole or not code[:-1].rstrip().endswith(";"))
        if not (continued or brackets or keywords):
            return first, number
    return first, last
