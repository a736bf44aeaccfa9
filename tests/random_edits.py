"""Random edits of a file's lines, as typing makes them: the series the reuse tests
(``tests/*/test_reuse.py``) hold to a fresh analysis after every step."""

from __future__ import annotations

import random
from collections.abc import Sequence


def random_edit(lines: list[str], rng: random.Random, inserted: Sequence[str], typed: Sequence[str]) -> None:
    """One edit in place: insert one of ``inserted`` (``\\n`` splits it into lines), delete a line,
    type one of ``typed`` over a character, or duplicate a line."""
    at = rng.randrange(len(lines))
    choice = rng.random()
    if choice < 0.3:
        lines[at:at] = rng.choice(inserted).split("\n")
    elif choice < 0.5 and len(lines) > 3:
        del lines[at]
    elif choice < 0.8:
        column = rng.randrange(len(lines[at]) + 1)
        lines[at] = lines[at][:column] + rng.choice(typed) + lines[at][column + 1 :]
    else:
        lines.insert(at, lines[rng.randrange(len(lines))])
