"""Read a command's arguments as getopt would: combined short flags (``-qy``), values given as
``-o value``, ``-ovalue``, ``--opt=value`` or ``--opt value``, and the operands left over."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Word


@dataclass(frozen=True)
class OptionSpec:
    short_values: str = ""  # short options that take a value
    long_values: frozenset[str] = frozenset()  # long options that take a value (with the dashes)
    single_dash_long: bool = False  # ``-ldflags=...`` (Go): a single dash starts a long option
    short_rest: str = ""  # short options whose value is the rest of the word only (wget ``-nv``)


@dataclass(frozen=True)
class Option:
    name: str  # "-y", "--yes"
    value: str | None
    word: Word
    value_word: Word | None = None  # a separate word holding the value


@dataclass(frozen=True)
class ParsedArgs:
    options: tuple[Option, ...]
    operands: tuple[Word, ...]
    opaque: bool  # an argument is a bare expansion: options may hide in it

    def has(self, *names: str) -> bool:
        return any(o.name in names for o in self.options)

    def get(self, *names: str) -> list[Option]:
        return [o for o in self.options if o.name in names]

    def values(self, *names: str) -> list[str]:
        return [o.value for o in self.options if o.name in names and o.value is not None]

    def count(self, name: str) -> int:
        return sum(1 for o in self.options if o.name == name)


def parse_options(words: tuple[Word, ...] | list[Word], spec: OptionSpec, stop_at_operand: bool = False) -> ParsedArgs:
    options: list[Option] = []
    operands: list[Word] = []
    opaque = False
    i, n = 0, len(words)
    only_operands = False
    while i < n:
        word = words[i]
        text = word.static_prefix if not word.is_static else word.value
        full = word.value
        if word.opaque:
            opaque = True
        if only_operands or not text.startswith("-") or full == "-":
            operands.append(word)
            if stop_at_operand:
                only_operands = True
            i += 1
            continue
        if full == "--":
            only_operands = True
            i += 1
            continue
        if full.startswith("--") or (spec.single_dash_long and len(full) > 1):
            name, eq, value = full.partition("=")
            if eq:
                options.append(Option(name, value, word))
            elif name in spec.long_values and i + 1 < n:
                options.append(Option(name, words[i + 1].value, word, words[i + 1]))
                i += 1
            else:
                options.append(Option(name, None, word))
            i += 1
            continue
        # a cluster of short options
        j = 1
        while j < len(full):
            ch = full[j]
            rest = full[j + 1 :]
            if ch in spec.short_rest and rest:
                options.append(Option(f"-{ch}{rest}", None, word))
                break
            if ch in spec.short_values:
                if rest:
                    options.append(Option(f"-{ch}", rest.removeprefix("="), word))
                elif i + 1 < n:
                    options.append(Option(f"-{ch}", words[i + 1].value, word, words[i + 1]))
                    i += 1
                else:
                    options.append(Option(f"-{ch}", None, word))
                break
            if rest.startswith("="):  # ``-q=2``
                options.append(Option(f"-{ch}", rest[1:], word))
                break
            options.append(Option(f"-{ch}", None, word))
            j += 1
        i += 1
    return ParsedArgs(tuple(options), tuple(operands), opaque)
