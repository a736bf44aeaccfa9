"""POSIX cron expressions as GitHub's ``schedule`` reads them (5 fields, UTC unless ``timezone``)."""

from __future__ import annotations

import itertools
import re

_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 6))
_NAMES = {
    3: {
        m: i + 1
        for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
    },
    4: {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))},
}
_ITEM = re.compile(r"^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/([0-9]+))?$")


def cron_problem(expr: str) -> str | None:
    """Why ``expr`` is not a valid schedule (or runs more often than GitHub allows), else None."""
    fields = expr.split()
    if len(fields) != 5:
        return f"it needs 5 fields (minute hour day-of-month month day-of-week), not {len(fields)}"
    for index, (text, (name, low, high)) in enumerate(zip(fields, _FIELDS)):
        for item in text.split(","):
            problem = _item_problem(item, index, name, low, high)
            if problem:
                return problem
    interval = _minute_interval(fields[0])
    if interval is not None and interval < 5:
        return f"it runs every {interval} minute(s); GitHub runs schedules at most every 5 minutes"
    return None


def _value(token: str, index: int) -> int | None:
    if token.isdigit():
        return int(token)
    names = _NAMES.get(index, {})
    return names.get(token.lower())


def _item_problem(item: str, index: int, name: str, low: int, high: int) -> str | None:
    m = _ITEM.match(item)
    if not m:
        return f'"{item}" is not a valid {name}'
    base, step = m.group(1), m.group(2)
    if step is not None and int(step) == 0:
        return f'step "/0" in the {name} field'
    if base == "*":
        return None
    bounds = base.split("-")
    values = [_value(b, index) for b in bounds]
    # Day of week 7 means Sunday in most crons, GitHub included.
    top = 7 if index == 4 else high
    for token, value in zip(bounds, values):
        if value is None:
            return f'"{token}" is not a valid {name}'
        if not low <= value <= top:
            return f'"{token}" is out of range for the {name} ({low}-{high})'
    if len(values) == 2 and values[0] > values[1]:
        return f'range "{base}" goes backwards in the {name} field'
    return None


def _minute_interval(field: str) -> int | None:
    """The shortest gap in minutes between two runs according to the minute field."""
    minutes: set[int] = set()
    for item in field.split(","):
        m = _ITEM.match(item)
        if not m:
            return None
        base, step = m.group(1), int(m.group(2) or 1)
        if base == "*":
            start, end = 0, 59
        elif "-" in base:
            start, end = (int(x) for x in base.split("-"))
        else:
            start = int(base)
            end = 59 if m.group(2) else start
        minutes.update(range(start, end + 1, step))
    if len(minutes) < 2:
        return None
    ordered = sorted(minutes)
    gaps = [b - a for a, b in itertools.pairwise(ordered)] + [ordered[0] + 60 - ordered[-1]]
    return min(gaps)
