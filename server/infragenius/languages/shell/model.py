"""The shell model: commands with their words, how they are connected, and where they are.

Offsets are code-point offsets into the script text given to ``parse_script`` (not bytes), so a
caller maps them to its own document positions by adding its base offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ...core.weak import WeakLink


@dataclass(frozen=True, slots=True)
class Word:
    """One shell word. ``value`` has quotes and escapes removed; expansions stay as written."""

    value: str
    raw: str
    start: int
    end: int
    is_static: bool  # no expansion at all: ``value`` is exactly what the command receives
    static_prefix: str  # ``value`` up to the first expansion (all of it when static)

    @property
    def opaque(self) -> bool:
        """Starts with an unquoted expansion: word splitting may turn it into any number of
        words, options included (``$FLAGS``). A quoted ``"$PKG"`` stays one word."""
        return not self.is_static and self.static_prefix == "" and not self.raw.startswith(('"', "'"))

    def shifted(self, by: int) -> Word:
        return Word(self.value, self.raw, self.start + by, self.end + by, self.is_static, self.static_prefix)


_OUTPUT_OPS = frozenset({">", ">>", ">|", "&>", "&>>", "<>"})
_INPUT_OPS = frozenset({"<", "<>"})
_DUP_OPS = frozenset({">&", "<&"})


@dataclass(frozen=True, slots=True)
class Redirect:
    """``> file``, ``2>>log``, ``<in``, ``&>out``, ``2>&1``, ``<<<word``, ``<<EOF``...

    ``op`` is the operator as written, without the descriptor. ``target`` is the file word, the
    descriptor of a duplication (``2>&1``: "1"), the here-string word or the heredoc delimiter; None
    for ``>&-`` / ``<&-`` (close). ``start``/``end`` cover the redirect as written (a heredoc: the
    operator and delimiter; its text is ``body``)."""

    op: str
    fd: int | None  # the descriptor written before the operator (``2>``), None when implied
    target: Word | None
    start: int
    end: int
    body: Word | None = None  # heredoc text, as written (static when nothing in it expands)
    compound: bool = False  # written after ``{ }``, ``( )``, a loop, if, case or function body

    @property
    def descriptors(self) -> tuple[int, ...]:
        """The descriptors this redirect sets: ``&>`` (and ``>&file``) set 1 and 2."""
        if self.fd is not None:
            return (self.fd,)
        if self.op in ("&>", "&>>") or (self.op == ">&" and self.target is not None and not _fd_word(self.target)):
            return (1, 2)
        return (0,) if self.op.startswith("<") else (1,)

    @property
    def writes_file(self) -> bool:
        """Opens ``target`` as a file for writing (``>``, ``>>``, ``>|``, ``&>``, ``>&file``)."""
        if self.op in _OUTPUT_OPS:
            return True
        return self.op == ">&" and self.target is not None and not _fd_word(self.target)

    @property
    def reads_file(self) -> bool:
        return self.op in _INPUT_OPS

    @property
    def appends(self) -> bool:
        return self.op in (">>", "&>>")

    @property
    def is_heredoc(self) -> bool:
        return self.op in ("<<", "<<-")

    def shifted(self, by: int) -> Redirect:
        return Redirect(
            self.op,
            self.fd,
            self.target.shifted(by) if self.target else None,
            self.start + by,
            self.end + by,
            self.body.shifted(by) if self.body else None,
            self.compound,
        )


def _fd_word(word: Word) -> bool:
    """A duplication's target names a descriptor (``2>&1``, ``>&-``) rather than a file."""
    return word.is_static and (word.value.isdigit() or word.value == "-")


# Constructs a command can sit in; a rule uses them to tell "cd in a subshell" from a plain cd.
SUBSHELL, LOOP, FUNCTION, CONDITIONAL, SUBSTITUTION, NESTED, BACKGROUND = (
    "subshell",
    "loop",
    "function",
    "conditional",
    "substitution",
    "nested",
    "background",
)


@dataclass(eq=False)
class Command:
    """A simple command after unwrapping ``sudo``/``env``/``nice``... wrappers.

    Back-references (``pipeline``, ``parent``, ``nested_in``, ``script``) are weak (``core/weak.py``):
    the ``Script`` owns its commands and pipelines, so a script dropped from the parse cache is freed
    by reference counting. Hold the ``Script`` while using its commands."""

    name: Word | None
    args: tuple[Word, ...]
    start: int
    end: int
    assignments: tuple[tuple[str, Word | None], ...] = ()  # ``VAR=value cmd`` and ``env VAR=value cmd``
    wrappers: tuple[Word, ...] = ()  # the wrapper command names that were removed, outermost first
    contexts: frozenset[str] = frozenset()
    op_before: str | None = None  # "&&", "||", ";", "|", "|&" joining it to the previous command
    pipeline: Pipeline | None = WeakLink()  # type: ignore[assignment]
    pipe_index: int = 0
    # the command whose argument holds this one (``$(...)``, ``<(...)``)
    parent: Command | None = WeakLink()  # type: ignore[assignment]
    substitution: str | None = None  # "$(", "`", "<(", ">(" when inside such an argument
    # the ``sh -c`` command whose script holds this one
    nested_in: Command | None = WeakLink()  # type: ignore[assignment]
    # in the order the shell applies them: those of enclosing compound statements (``{ ...; } > f``,
    # ``while ...; done < f``; outermost first), then the command's own. Never among ``args``.
    redirects: tuple[Redirect, ...] = ()
    script: Script | None = WeakLink()  # type: ignore[assignment]  # the script that owns it
    # memo of derived facts, keyed by the name word they were computed for (unwrapping changes it);
    # a value pointing back at the command does so weakly (``PackageCommand.command``)
    _memo: dict = field(default_factory=dict, repr=False)

    @property
    def program(self) -> str | None:
        """Basename of the command name when static (``/usr/bin/apt-get`` -> ``apt-get``)."""
        name = self.name
        if name is None or not name.is_static:
            return None
        memo = self._memo.get("program")
        if memo is not None and memo[0] is name:
            return memo[1]
        value = name.value
        program = value.rsplit("/", 1)[-1] if "/" in value else value
        program = program or value
        self._memo["program"] = (name, program)
        return program

    def memo(self, key: str, compute):
        """``compute(self)``, cached on this command (scripts are cached and shared: compute once)."""
        found = self._memo.get(key)
        if found is not None and found[0] is self.name:
            return found[1]
        value = compute(self)
        self._memo[key] = (self.name, value)
        return value

    def stdout_redirect(self) -> Redirect | None:
        """The redirect that decides where standard output goes (the last one setting descriptor 1)."""
        return next((r for r in reversed(self.redirects) if 1 in r.descriptors), None)

    @property
    def words(self) -> tuple[Word, ...]:
        return ((self.name,) if self.name else ()) + self.args

    def arg_values(self) -> list[str]:
        return [w.value for w in self.args]

    def assignment(self, name: str) -> Word | None:
        for key, value in self.assignments:
            if key == name:
                return value
        return None

    def has_assignment(self, name: str) -> bool:
        return any(key == name for key, _ in self.assignments)

    def __repr__(self) -> str:  # short, for test failures
        return f"Command({self.program or (self.name.raw if self.name else None)!r}, {[w.raw for w in self.args]!r})"


@dataclass(eq=False, slots=True, weakref_slot=True)
class Pipeline:
    """Two or more commands joined by ``|`` / ``|&``."""

    commands: list[Command] = field(default_factory=list)
    operators: list[tuple[str, int, int]] = field(default_factory=list)  # ("|", start, end)

    @property
    def start(self) -> int:
        return self.commands[0].start if self.commands else 0

    @property
    def end(self) -> int:
        return self.commands[-1].end if self.commands else 0


@dataclass(eq=False, slots=True, weakref_slot=True)
class Script:
    text: str
    commands: tuple[Command, ...] = ()
    pipelines: tuple[Pipeline, ...] = ()
    has_error: bool = False  # tree-sitter found a syntax error (the model is best effort)
    redirects: tuple[Redirect, ...] = ()  # every redirect of the script (``sh -c`` scripts too), in source order
    # ``NAME=value`` statements that run no command, and those of ``export``/``local``/``declare``:
    # (name, value or None for ``NAME=``, offset of the statement), in source order
    assignments: tuple[tuple[str, Word | None, int], ...] = ()

    def find(self, *programs: str) -> Iterator[Command]:
        """Commands whose program is one of ``programs``."""
        wanted = set(programs)
        return (c for c in self.commands if c.program in wanted)

    def uses(self, *programs: str) -> bool:
        return next(self.find(*programs), None) is not None

    def cd_targets(self) -> list[tuple[Command, Word | None]]:
        """Every ``cd`` with its target word (None for a bare ``cd``)."""
        out = []
        for cmd in self.find("cd"):
            target = next(
                (w for w in cmd.args if not (w.is_static and w.value.startswith("-") and w.value != "-")), None
            )
            out.append((cmd, target))
        return out
