"""Expansions left unquoted in command arguments (ShellCheck SC2086 and SC2046).

An unquoted ``$VAR`` or ``$(cmd)`` is split on whitespace and each piece is expanded as a glob:
``rm -rf $DIR`` with ``DIR="/tmp/my dir"`` removes ``/tmp/my`` and ``dir``. Precision first, as
ShellCheck does: a variable the script only ever sets to one plain word (``V=1.2``), one the caller
knows about (a Dockerfile ARG/ENV, as hadolint tells ShellCheck), the shell's own numeric variables
and ``${#VAR}`` are left alone, and so are assignments (never split), ``[[ ]]``, ``case`` words,
``for`` lists (splitting there is the point) and ``sh -c '...'`` scripts (ShellCheck does not read
them). A command substitution known to print one plain word (``$(nproc)``, ``$(uname -m)``,
``$(dpkg --print-architecture)``, ``$(git merge-base main HEAD)``) is not reported either, nor a variable
set to the exit status ``$?`` (a number).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..model import NESTED, SUBSTITUTION, Command, Script, Word
from ..parse import parse_script
from .hits import Hit
from .words import Part, word_parts

# set by the shell, always one word without glob characters (ShellCheck's list of the same)
_SPACELESS_BUILTINS = frozenset(
    {"RANDOM", "LINENO", "SECONDS", "UID", "EUID", "PPID", "BASHPID", "OPTIND", "SHLVL", "COLUMNS", "LINES"}
)
_DECLARATIONS = frozenset({"export", "local", "declare", "typeset", "readonly"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\[[^]]*\])?\+?=")
_PLAIN_WORD = re.compile(r"^[^\s*?\[\]$`\"'\\]+$")  # expands to itself: no split, no glob
_ALTERNATE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*:?\+([^}]*)\}$")  # ``${DEBUG:+-v}``
_FOR_LIST = re.compile(r"\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([^;\n]*)")
# ``date`` formats without a space in their output (not ``%c``, nor the space-padded ``%e %k %l``)
_DATE_FORMAT = r"(?:[^\s'\"%\\$`]|%[sYmdHMSjuVGgyzZFTDIRUWwCNpq])+"
# commands whose output is one plain word (a number, an architecture name, a user id, a sha)
_ONE_WORD_OUTPUT = re.compile(
    r"^\s*(?:nproc\b[^|;&]*|uname\s+-[mnrsvpio]|arch|whoami|id\s+-[ug]n?(?:\s+[^\s|;&]+)?"
    r"|dpkg\s+--print-architecture|getconf\s+\w+|sysctl\s+-n\s+[\w.]+|date(?:\s+-u)?\s+\+"
    + _DATE_FORMAT
    + r"|git\s+rev-parse(?:\s+(?:--short(?:=\d+)?|--verify|--abbrev-ref|-q|--quiet))*\s+[^\s|;&-][^\s|;&]*"
    r"|git\s+merge-base(?!.*\s--(?:all|independent)\b)(?:\s+[^\s|;&]+)+)\s*$"
)
# ``$?``, ``$#``, ``$$``, ``$!``: numbers
_NUMERIC_SPECIALS = frozenset({"$?", "$#", "$$", "$!", "${?}", "${#}", "${$}", "${!}"})


def unquoted_expansions(script: Script, is_known: Callable[[str], bool] = lambda name: False) -> list[Hit]:
    """SC2086: ``$VAR`` unquoted in an argument or a redirect target. ``is_known(name)``: the caller
    knows the variable and that it holds one word (hadolint passes a Dockerfile's ARG/ENV names)."""
    plain = _PlainVariables(script, is_known)
    hits = []
    for word, part in _unquoted_parts(script):
        if part.kind != "var" or plain(part.text) or _plain_alternate(part.source):
            continue
        message = f'Double quote to prevent globbing and word splitting: "{part.source}"'
        hits.append(Hit(word.start + part.start, word.start + part.end, message))
    return hits


def unquoted_substitutions(script: Script) -> list[Hit]:
    """SC2046: ``$(cmd)`` or a backtick substitution unquoted in an argument: its output is split
    into words and globbed."""
    hits = []
    for word, part in _unquoted_parts(script):
        source = part.source
        if part.kind != "other" or source.startswith("$((") or not source.startswith(("$(", "`")):
            continue
        if _prints_one_plain_word(source):
            continue
        hits.append(Hit(word.start + part.start, word.start + part.end))
    return hits


_TESTS = frozenset({"test", "[", "true", "false"})


def _prints_one_plain_word(source: str) -> bool:
    """``$(cmd)`` or ```cmd``` prints one plain word, or nothing (``$((...))``: a number)."""
    if source.startswith("$(("):
        return True
    if not source.startswith(("$(", "`")):
        return False
    inner = source[2:-1] if source.startswith("$(") else source[1:-1]
    return bool(_ONE_WORD_OUTPUT.match(inner)) or _prints_at_most_one_plain_word(inner)


def _prints_at_most_one_plain_word(inner: str) -> bool:
    """``$(test "$arch" != riscv64 && echo '--with-lto')``, ``$(nproc || sysctl -n hw.ncpu || echo 1)``,
    ``$(lint > out.txt 2>&1; echo $?)``: tests, commands that print one plain word or write their
    output to a file, and ``echo``s of one plain word or a number. Unquoted on purpose in the first
    form: quoted, the empty output would become an empty argument."""
    script = parse_script(inner)
    if script.has_error or not script.commands:
        return False
    silent = [cmd for cmd in script.commands if _writes_output_to_a_file(cmd)]
    if {id(r) for r in script.redirects} - {id(r) for cmd in silent for r in cmd.redirects}:
        return False  # another redirect may send something to the output (``cat <<EOF``, ``{ }>&2``)
    for cmd in script.commands:
        if cmd.program in _TESTS or cmd.parent is not None or SUBSTITUTION in cmd.contexts or cmd in silent:
            continue  # a test, a command whose output a test's argument captures, or one that prints nothing
        if cmd.program == "echo" and len(cmd.args) == 1:
            arg = cmd.args[0]
            if not (_PLAIN_WORD.match(arg.value) if arg.is_static else arg.raw in _NUMERIC_SPECIALS):
                return False
        elif not _ONE_WORD_OUTPUT.match(inner[cmd.start : cmd.end]):
            return False
    return True


def _writes_output_to_a_file(cmd: Command) -> bool:
    redirect = cmd.stdout_redirect()
    return redirect is not None and redirect.writes_file


def _unquoted_parts(script: Script) -> Iterator[tuple[Word, Part]]:
    """The unquoted parts of every argument and redirect target of the script's own commands."""
    for cmd in script.commands:
        if NESTED in cmd.contexts:
            continue
        for word in _split_words(cmd):
            if "$" not in word.raw and "`" not in word.raw:
                continue
            for part in word_parts(word.raw):
                if not part.quoted and part.kind != "text":
                    yield word, part


def _split_words(cmd: Command) -> Iterator[Word]:
    """The words the shell splits: arguments (not assignments) and file redirect targets."""
    declaration = cmd.program in _DECLARATIONS
    for word in cmd.args:
        if not (declaration and _ASSIGNMENT.match(word.raw)):
            yield word
    for redirect in cmd.redirects:
        if redirect.target is not None and (redirect.writes_file or redirect.reads_file) and not redirect.compound:
            yield redirect.target


def _plain_alternate(source: str) -> bool:
    """``${DEBUG:+-v}``: empty, or the plain word written after ``+``."""
    found = _ALTERNATE.match(source)
    return found is not None and (found.group(1) == "" or bool(_PLAIN_WORD.match(found.group(1))))


class _PlainVariables:
    """Which variables hold one plain word: the shell's numeric ones, those the caller knows, and
    those the script only ever sets to a plain word (``V=1.2``, ``N=$((N+1))``, ``R="$V-$N"``,
    ``for arch in amd64 arm64``). A variable set nowhere in the script, or set once to anything
    else, is not plain."""

    def __init__(self, script: Script, is_known: Callable[[str], bool]) -> None:
        self.is_known = is_known
        self.values: dict[str, list[str | None]] = {}
        for name, value, _ in script.assignments:
            self.values.setdefault(name, []).append(value.raw if value is not None else "")
        for cmd in script.commands:
            for name, value in cmd.assignments:
                self.values.setdefault(name, []).append(value.raw if value is not None else "")
            if cmd.program == "read" or cmd.program == "mapfile":
                for word in cmd.args:
                    self.values.setdefault(word.value, []).append(None)  # whatever the input holds
        for match in _FOR_LIST.finditer(script.text.replace("\\\n", " ")):  # a list continued over lines
            items = match.group(2).split(" do")[0].split()
            for item in items or [None]:
                self.values.setdefault(match.group(1), []).append(item)
        self.memo: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        if name in _SPACELESS_BUILTINS or self.is_known(name):
            return True
        if name not in self.memo:
            self.memo[name] = False  # a variable set from itself is not plain
            values = self.values.get(name, [])
            self.memo[name] = bool(values) and all(self._plain(v) for v in values)
        return self.memo[name]

    def _plain(self, raw: str | None) -> bool:
        if raw is None:
            return False
        if raw == "" or _PLAIN_WORD.match(raw) or (raw.startswith("$((") and raw.endswith("))")):
            return True
        if (
            raw.startswith(("'", '"'))
            and raw.endswith(raw[0])
            and len(raw) >= 2
            and _PLAIN_WORD.match(raw[1:-1] or "x")
        ):
            return True
        return all(self._plain_part(p) for p in word_parts(raw))

    def _plain_part(self, part: Part) -> bool:
        if part.kind == "text":
            return bool(_PLAIN_WORD.match(part.text))
        if part.kind == "var":
            return self(part.text)
        return part.source in _NUMERIC_SPECIALS or _prints_one_plain_word(part.source)
