"""Suggestions for a misspelt name, and the fix that puts one in place.

Every "did you mean" in the rules comes from here, so the message and its fix agree: the message
names the best candidate; the fix is safe when that candidate is the only plausible one and unsafe
when another known name is about as close: then the user chooses, and the fix carries one
alternative per other candidate (the editor offers one action each; the CLI applies none of them).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .document import Range
from .findings import Edit, Fix

# A runner-up this close to the best score is as plausible: "biuld" -> "build", but "lint" -> "list" or "line"?
AMBIGUOUS_MARGIN = 0.1


def candidates(word: str, choices: Iterable[str], cutoff: float = 0.6) -> tuple[str, ...]:
    """The known names ``word`` may be a misspelling of, best first; empty when none is close.

    A name that differs only in case is the one answer. Otherwise every choice scoring at least
    ``cutoff`` and within ``AMBIGUOUS_MARGIN`` of the best one is a candidate.
    """
    # a set iterates in hash order, which changes from run to run: its equally close names are taken
    # alphabetically, so the same file gets the same hint (sequences keep their own order)
    choices = sorted(choices) if isinstance(choices, (set, frozenset)) else list(dict.fromkeys(choices))
    if word in choices:
        return ()
    same_case = [c for c in choices if c.lower() == word.lower()]
    if same_case:
        return (same_case[0],)
    scored = []
    for choice in choices:
        matcher = difflib.SequenceMatcher(None, word, choice)
        # the cheap upper bounds first, as difflib.get_close_matches does
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            scored.append((matcher.ratio(), choice))
    if not scored:
        return ()
    scored.sort(key=lambda pair: -pair[0])  # stable: equal scores keep the order of ``choices``
    best = scored[0][0]
    return tuple(choice for score, choice in scored if score >= best - AMBIGUOUS_MARGIN)


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    found = candidates(word, choices, cutoff)
    return found[0] if found else None


@dataclass(frozen=True)
class ChoiceFix(Fix):
    """The fix for the best candidate, with the fixes for the others as ``alternatives``."""

    alternatives: tuple[Fix, ...] = ()


def replace_fix(rng: Range, old: str, found: Iterable[str], quote: str = "") -> Fix | None:
    """Replace ``old`` at ``rng`` with the best of ``found`` (wrapped in ``quote``): safe with one
    candidate; unsafe with several, each of the others an unsafe alternative."""
    found = tuple(found)
    if not found:
        return None
    fixes = [Fix(f'Replace "{old}" with "{c}"', (Edit(rng, f"{quote}{c}{quote}"),), "unsafe") for c in found]
    if len(found) == 1:
        return Fix(fixes[0].title, fixes[0].edits, "safe")
    return ChoiceFix(fixes[0].title, fixes[0].edits, "unsafe", alternatives=tuple(fixes[1:]))


def did_you_mean(found: Iterable[str], quote: str = '"') -> str:
    """The message's hint: ``did you mean "x"?`` for the best candidate, "" for none."""
    found = tuple(found)
    return f"did you mean {quote}{found[0]}{quote}?" if found else ""
