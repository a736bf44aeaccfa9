"""Where a finding on a rendered manifest belongs: the template line that wrote the rendered row,
and the values.yaml key that set the value when that line splices ``.Values`` in.

The template line comes from the marked render (``provenance``); without it (a template whose
marked output does not line up), from the only template line with the same key and enclosing keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...core.document import Document, Range
from ..yaml import Mapping, Node
from .chart import Chart
from .gotemplate import Action, Template
from .provenance import Lines

_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z0-9_.\-/]+|\"[^\"]+\"|'[^']+'):(?:\s|$)")
_ACTION = re.compile(r"\{\{.*?\}\}")


@dataclass(frozen=True)
class Origin:
    line: int | None  # 0-based template line; None: could not be placed
    range: Range | None  # on that line, from its indentation (after "- ") to its end
    value_path: tuple[str, ...] = ()  # the .Values path the line writes, when it is one
    value_key: Node | None = None  # its deepest key in values.yaml
    splice: bool = False  # the line only splices values in (``{{- toYaml .Values.x | nindent 4 }}``)
    define: tuple[str, Path, int] | None = None  # (name, file, 0-based line) of the define it includes


def origin_of(
    row: int, rendered: str, lines: Lines | None, template: Template, document: Document, chart: Chart
) -> Origin:
    """The origin of rendered row ``row`` of ``rendered``, written by ``template`` (``document``)."""
    line = lines.rows[row] if lines is not None and row < len(lines.rows) else None
    if line is None:
        line = _by_keys(row, rendered, document)
    if line is None or line >= len(document.lines):
        return Origin(None, None)
    text = document.line_text(line)
    splice = not _static(text).strip()
    path, key = _value(line, row, rendered, lines, template, document, chart, splice)
    return Origin(
        line, _line_range(text, line), path, key, splice, _included(_line_actions(line, template, document), chart)
    )


def _line_range(text: str, line: int) -> Range:
    start = len(text) - len(text.lstrip())
    if text.lstrip().startswith("- "):
        start += 2
    return Range.of(line, start, line, len(text.rstrip()))


# -- the value behind a line -------------------------------------------------------------------
def _value(line, row, rendered, lines, template, document, chart, splice) -> tuple[tuple[str, ...], Node | None]:
    """The ``.Values`` path the line's output actions write (through an enclosing ``with`` for
    ``.``) and, for a splice, the keys below it down to the rendered row; with its values.yaml key."""
    paths = {p for a in _line_actions(line, template, document) for p in _paths(a, template)}
    if len(paths) != 1:
        return (), None
    path = list(paths.pop())
    if splice and lines is not None:
        path += _keys_within_splice(row, rendered, lines, line)
    key = _deepest_key(chart.values, path)
    return tuple(path), key


def _line_actions(line: int, template: Template, document: Document) -> list[Action]:
    """The actions on template line ``line`` whose value is written out."""
    start = document.line_start(line)
    end = start + len(document.line_text(line))
    return [a for a in template.actions if start <= a.start < end and _writes(a)]


def _included(actions: list[Action], chart: Chart) -> tuple[str, Path, int] | None:
    """The ``define`` that the line's only ``include``/``template`` call writes, where it is."""
    names = {
        name.value
        for action in actions
        for call, name in zip(action.tokens, action.tokens[1:])
        if call.kind == "ident" and call.text in ("include", "template") and name.kind in ("string", "raw")
    }
    name = names.pop() if len(names) == 1 else None
    if name not in chart.defines:
        return None
    path, action = chart.defines[name]
    template = chart.templates.get(path)
    try:  # a define in a library or subchart: read for its line only
        text = template.text if template is not None else path.read_text("utf-8", "replace")
    except OSError:
        return None
    return name, path, text.count("\n", 0, action.start)


def _writes(action: Action) -> bool:
    """An action whose value is written out (not a block keyword, a comment or an assignment)."""
    return (
        not action.comment
        and action.keyword is None
        and not any(t.kind in ("declare", "assign") for t in action.tokens)
    )


def _paths(action: Action, template: Template) -> list[tuple[str, ...]]:
    """The ``.Values`` paths an action writes; ``.`` counts only where it is the value itself
    (``toYaml .``), not the context handed to an ``include``."""
    calls = any(t.kind == "ident" and t.text in ("include", "template", "tpl") for t in action.tokens)
    out = []
    for token in action.tokens:
        parts = token.text.split(".")
        if token.kind == "field" and parts[0] in ("", "$") and len(parts) > 2 and parts[1] == "Values":
            out.append(tuple(parts[2:]))
        elif token.kind == "dot" and not calls:
            out.extend(_with_path(action, template))
    return out


def _with_path(action: Action, template: Template) -> list[tuple[str, ...]]:
    """``.`` inside ``{{ with .Values.x }}``: the path the innermost ``with`` tests."""
    for block in reversed(template.enclosing(action.start)):
        if block.keyword == "with":
            fields = [t.text.split(".") for t in block.tokens if t.kind == "field"]
            values = [tuple(p[2:]) for p in fields if p[0] in ("", "$") and len(p) > 2 and p[1] == "Values"]
            return values[:1] if len(values) == 1 else []
        if block.keyword in ("range", "define"):
            return []  # ``.`` is an item or the include's argument: unknown here
    return []


def _keys_within_splice(row: int, rendered: str, lines: Lines, line: int) -> list[str]:
    """The keys from the first row of the splice down to ``row`` (by indentation)."""
    rows = _rows(rendered)
    first = row
    while first > 0 and lines.rows[first - 1] == line and rows[first - 1].strip():
        first -= 1
    path = _key_path(rows[first : row + 1], row - first)
    return list(reversed(path))


def _deepest_key(values: Mapping | None, path: list[str]) -> Node | None:
    node: Node | None = values
    key = None
    for part in path:
        if not isinstance(node, Mapping) or node.get(part) is None:
            break
        key, node = node.key_node(part), node.get(part)
    return key


# -- without markers: the only line with the same keys ---------------------------------------
def _by_keys(row: int, rendered: str, template: Document) -> int | None:
    """The template line that wrote the rendered ``row``: the only line with the same YAML key, or
    among several the one whose enclosing keys match best (unknown or ambiguous: None)."""
    lines = _rows(rendered)
    if row >= len(lines) or _KEY.match(lines[row]) is None:
        return None
    key = _KEY.match(lines[row]).group(2)
    rendered_path = _key_path(lines, row)
    statics = [_static(line) for line in template.lines]
    candidates = [n for n, static in enumerate(statics) if (m := _KEY.match(static)) is not None and m.group(2) == key]
    need = min(3, len(rendered_path))  # the key and its parents must match, not just the key
    scored = sorted(((_common_prefix(_key_path(statics, n), rendered_path), n) for n in candidates), reverse=True)
    scored = [(score, n) for score, n in scored if score >= need]
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _rows(text: str) -> list[str]:
    """Rows as documents count them (newlines only; a ``\r`` before one is not part of the row)."""
    return [row.removesuffix("\r") for row in text.split("\n")]


def _static(line: str) -> str:
    """A template line with its actions blanked out (keeps columns)."""
    return _ACTION.sub(lambda m: " " * len(m.group()), line)


def _key_path(lines: list[str], row: int) -> list[str]:
    """Keys enclosing ``row`` by the column of each key (a list item's keys sit inside its parent
    even when the ``-`` is not indented), innermost first."""
    path: list[str] = []
    match = _KEY.match(lines[row])
    column = match.start(2) if match else len(lines[row]) - len(lines[row].lstrip())
    if match is None and lines[row].lstrip().startswith("-"):
        column += 1  # a list item without a key belongs to the key above it, even at its column
    if match:
        path.append(match.group(2))
    for i in range(row - 1, -1, -1):
        m = _KEY.match(lines[i])
        if m is None:
            continue
        if m.start(2) < column:
            path.append(m.group(2))
            column = m.start(2)
            if column == 0:
                break
    return path


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
