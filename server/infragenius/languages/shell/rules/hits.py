"""What a shell check returns: a span of the script and the message to show there."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    start: int  # offsets into the script text given to ``parse_script``
    end: int
    message: str | None = None  # None: the rule's default message


def top_level(cmd) -> bool:
    """A command of the script itself: not inside ``$(...)`` nor an ``sh -c '...'`` script."""
    return cmd.parent is None and cmd.nested_in is None
