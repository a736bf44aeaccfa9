"""Where a cursor sits in a YAML file (workflow, manifest), read from the text's indentation rather
than the YAML tree: while a key or a ``needs:`` item is half typed the file is often not valid YAML
(the parser drops the line), and the lines above the cursor still say which mapping it is in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# One entry of a line: a sequence dash, or a key with its colon (quoted keys included).
_DASH = re.compile(r"-(?:[ ]+|$)")
_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},\-][^:#]*?|-[^\s:#][^:#]*?)[ ]*:(?:[ ]+|$)""")
# What may follow a key whose value is the block below it: nothing, a comment, an anchor, a tag.
# (After ``|``/``>`` the lines below are text, never keys: such a key counts as having a value.)
_BLOCK_VALUE = re.compile(r"^(?:[&!][^\s]*[ ]*)*(?:#.*)?$")


@dataclass
class Outline:
    path: list[str]  # keys from the root; "-" for a sequence item (the cursor line's own included)
    lines: list[int]  # the line each entry of ``path`` is written on
    rest: str  # the text after the cursor line's last entry, up to the cursor
    column: int  # where ``rest`` starts on the cursor line
    value_key: bool  # the cursor line's last entry is a key: ``rest`` is its inline value


def entries(text: str, stop: int | None = None) -> tuple[list[tuple[int, str, bool]], int]:
    """The dashes and key of a line as (column, key or "-", has an inline value), and the column
    where the rest (the value) starts. Only what ends before ``stop`` counts."""
    limit = len(text) if stop is None else stop
    found: list[tuple[int, str, bool]] = []
    col = len(text) - len(text.lstrip(" "))
    while col < limit:
        dash = _DASH.match(text, col)
        if dash is not None and dash.end() <= limit:
            found.append((col, "-", False))
            col = dash.end()
            continue
        key = _KEY.match(text, col)
        if key is not None and key.end() <= limit and not text.startswith("${{", col):
            after = text[key.end() :]
            found.append((col, key.group("key").strip("\"'"), not _BLOCK_VALUE.match(after.strip())))
            col = key.end()
        break
    return found, col


def outline(line_text: Callable[[int], str], line: int, column: int) -> Outline | None:
    """The outline of the cursor at (line, column); None where the lines above are not a block
    structure this reads (text of a block scalar, a flow collection spread over lines)."""
    text = line_text(line)[:column]
    own, start = entries(text)
    rest = text[start:]
    inner = [name for _, name, _ in own]
    outer_lines: list[int] = []
    if own:
        level, dashed = own[0][0], own[0][1] == "-"
    else:
        level, dashed = len(text) - len(text.lstrip(" ")), False
    outer: list[str] = []
    for number in range(line - 1, -1, -1):
        if level == 0:
            break
        above = line_text(number)
        stripped = above.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(above) - len(above.lstrip(" "))
        if indent > level or (indent == level and not dashed):
            continue  # deeper, or a sibling of the cursor's line
        found, _ = entries(above)
        if not found or found[0][0] != indent:
            if indent < level:
                return None  # a less indented line that is no key: script text, a broken line
            continue
        for col, name, inline in reversed(found):
            if col > level or (col == level and (name == "-" or not dashed)):
                continue  # a sibling item (or a key of a sibling mapping)
            if name != "-" and inline:
                return None  # a key with a value on its line holds no block below it
            outer.append(name)
            outer_lines.append(number)
            level, dashed = col, name == "-"
    if level != 0:
        return None
    path, lines = outer[::-1] + inner, outer_lines[::-1] + [line] * len(inner)
    return Outline(path, lines, rest, start, bool(own) and own[-1][1] != "-")


def sibling_keys(line_text: Callable[[int], str], line_count: int, line: int, column: int) -> set[str]:
    """Keys written at ``column`` in the block mapping that holds (line, column), read from the text:
    a broken line nearby makes the parser drop keys that are still there."""
    found: set[str] = set()
    own, _ = entries(line_text(line)[:column])
    starts_item = bool(own) and own[-1][1] == "-"
    for step in (-1, 1):
        if step == -1 and starts_item:
            continue  # the cursor's line starts a new item: the lines above are other items
        number = line + step
        while 0 <= number < line_count:
            text = line_text(number)
            number += step
            stripped = text.strip()
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(text) - len(text.lstrip(" "))
            if indent > column:
                continue
            keys = {name for col, name, _ in entries(text)[0] if col == column and name != "-"}
            if indent < column:
                if step == -1:
                    found |= keys  # the first line of the cursor's item: "- id: x"
                break  # the block ends
            if text.lstrip(" ").startswith("-"):
                break  # a sequence at this column: not the mapping any more
            found |= keys
    return found
