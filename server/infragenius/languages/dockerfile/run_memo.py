"""What a rule learned from one RUN, kept for the next model of the document (issue 18).

Some rules read every RUN of the file (DF126 joins neighbours, DF129 counts the download tools of a
stage), so they cannot reuse their findings per instruction (reuse.py); what each of them needs
from one RUN, though, depends only on that RUN's text, the escape character, the SHELL in effect and
whether the stage's base image is Windows. Parsing the scripts of every RUN again at each keystroke
is most of such a rule's cost: a RUN with the same key in the previous model gives its value instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import Dockerfile, Instruction
from .reuse import instruction_texts
from .shell_view import is_windows_stage, stage_shell


class RunMemo:
    """One rule's values per RUN key in this model, falling back to those of the previous model."""

    def __init__(self, name: str, df: Dockerfile, previous: Any) -> None:
        self.df = df
        self.texts = instruction_texts(df)
        self.known: dict = previous.cache.get(name, {}) if isinstance(previous, Dockerfile) else {}
        self.made: dict = {}
        df.cache[name] = self.made

    def value(self, index: int, ins: Instruction, compute: Callable[[Instruction], Any]) -> Any:
        """``compute(ins)`` for the top-level instruction ``df.instructions[index]``, or the value a RUN
        with the same key got; a key that cannot be made (a malformed file) is computed each time."""
        try:
            df = self.df
            key = (self.texts[index], df.escape, tuple(stage_shell(df, ins)), is_windows_stage(df, ins.stage))
        except Exception:  # noqa: BLE001 - run_scripts copes with such files; so does compute
            return compute(ins)
        found = self.known.get(key, self.made.get(key, _MISSING))
        if found is _MISSING:
            found = compute(ins)
        self.made[key] = found
        return found


_MISSING = object()
