"""Map characters of a scalar's value back to offsets in the source text.

A rule that finds something inside a value (an expression in ``run: |``, a word in a quoted
string) needs the column in the file. Plain and literal scalars copy the source with indentation
removed; quoted scalars add quotes and escapes; folded scalars turn line breaks into spaces. We walk
the value and the source together: each value character is matched to the next equal source
character within a short look-ahead (which skips indentation, quotes and escape backslashes); when
no match is near (an escape such as ``\\n``, a folded break), the source position advances by one.
Blanks (indentation, line breaks) do not count against the look-ahead, however deep a line is indented.
"""

from __future__ import annotations

import re

from .nodes import Scalar

_LOOKAHEAD = 12
_BLANKS = re.compile(r"[ \t\r\n]*")


def scalar_offsets(node: Scalar, text: str) -> list[int]:
    """``offsets[i]`` is the document offset of ``node.value[i]``; one extra entry for the end."""
    value = node.value
    src = node.start
    end = node.end
    if node.style in ("'", '"'):
        src += 1  # opening quote
    elif node.style in ("|", ">"):
        nl = text.find("\n", src)
        src = nl + 1 if nl != -1 and nl < end else end  # the header line holds no content
    offsets = []
    for ch in value:
        # indentation and line breaks do not count against the look-ahead: a continuation line may
        # be indented by any amount (``--flag`` under ``- meson setup`` at column 28)
        limit = min(end, _past_blanks(text, src, end) + _LOOKAHEAD)
        found = text.find(ch, src, limit) if ch != "\n" or node.style in ("|", "") else -1
        if ch == "\n" and node.style in ("|", ""):
            found = text.find("\n", src, end)
        if found == -1:
            offsets.append(min(src, end))
            src += 1
        else:
            offsets.append(found)
            src = found + 1
    offsets.append(min(src, end) if node.style not in ("'", '"') else min(src, max(end - 1, node.start)))
    return offsets


def _past_blanks(text: str, start: int, end: int) -> int:
    """The first offset at or after ``start`` that is not a space, tab or line break."""
    return _BLANKS.match(text, start, max(start, end)).end()
