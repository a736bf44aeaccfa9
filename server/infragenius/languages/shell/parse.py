"""Parse shell text with tree-sitter-bash into the ``Script`` model.

The parser is created once, on first use; results are cached by text. Parsing never raises: on any
internal failure the script comes back empty with ``has_error`` set.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .model import (
    BACKGROUND,
    CONDITIONAL,
    FUNCTION,
    LOOP,
    NESTED,
    SUBSHELL,
    SUBSTITUTION,
    Command,
    Pipeline,
    Script,
    Word,
)
from .wrappers import SHELLS, unwrap

_PARSER: Any = None
MAX_DEPTH = 150  # deeper trees (pathological input) are cut off rather than recursed into
MAX_NESTING = 3  # ``sh -c '... sh -c "..."'`` levels parsed as scripts

_EXPANSIONS = frozenset(
    {
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "arithmetic_expansion",
        "brace_expression",
    }
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SUBSTITUTIONS = frozenset({"command_substitution", "process_substitution"})
_LOOPS = frozenset({"while_statement", "for_statement", "c_style_for_statement", "until_statement"})
_CONDITIONALS = frozenset({"if_statement", "case_statement", "elif_clause", "else_clause"})
_LIST_OPS = frozenset({"&&", "||", ";", "&", ";;", "\n"})


def _parser():
    global _PARSER
    if _PARSER is None:
        import tree_sitter
        import tree_sitter_bash

        _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    return _PARSER


@lru_cache(maxsize=1024)
def parse_script(text: str, template: re.Pattern[str] | None = None) -> Script:
    """The shell model of ``text`` (cached; treat the result as read-only).

    ``template`` matches spans substituted before the shell runs (GitHub Actions ``${{ ... }}``,
    see ``GITHUB_EXPRESSION``): they parse as a variable expansion, so words holding one are not
    static, and offsets still point into ``text``."""
    try:
        return _parse(text, 0, frozenset(), None, template)
    except Exception:  # noqa: BLE001 - a linter must survive any input; the script is just unknown
        return Script(text, has_error=True)


GITHUB_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def _parse(
    text: str, depth: int, contexts: frozenset[str], nested_in: Command | None, template: re.Pattern[str] | None = None
) -> Script:
    masks = [m.span() for m in template.finditer(text) if m.end() - m.start() >= 2] if template is not None else []
    source = text
    if masks:
        chars = list(text)
        for start, end in masks:
            chars[start:end] = "$" + "_" * (end - start - 1)
        source = "".join(chars)
    # tree-sitter-bash's scanner crashes (segfault) on some astral code points, e.g. "{\U000fe1ab".
    # Non-ASCII characters are word characters to the shell, so each becomes an ASCII "x": the
    # parse is the same, and byte offsets are then code-point offsets into ``text``.
    data = source.encode("ascii") if source.isascii() else _NON_ASCII.sub("x", source).encode("ascii")
    tree = _parser().parse(data)
    walker = _Walker(text, depth, nested_in, masks, template)
    walker.walk(tree.root_node, contexts, 0)
    return Script(text, tuple(walker.commands), tuple(walker.pipelines), tree.root_node.has_error or walker.error)


class _Walker:
    def __init__(self, text: str, nesting: int, nested_in: Command | None, masks=(), template=None) -> None:
        self.text = text
        self.masks = masks
        self.template = template
        self.nesting = nesting
        self.nested_in = nested_in
        self.commands: list[Command] = []
        self.pipelines: list[Pipeline] = []
        self.error = False
        self._next_op: str | None = None

    # -- positions (the parsed bytes are ASCII: byte offsets are code-point offsets) ------------
    def span(self, node) -> tuple[int, int]:
        return node.start_byte, node.end_byte

    def raw(self, node) -> str:
        return self.text[node.start_byte : node.end_byte]

    # -- words ---------------------------------------------------------------------------------
    def word(self, node) -> Word:
        start, end = node.start_byte, node.end_byte
        raw = self.text[start:end]
        masked = next((self.text[s:e] for s, e in self.masks if s < end and e > start), None)
        if masked is None and node.type == "word" and "\\" not in raw:  # the common case: a plain word
            return Word(raw, raw, start, end, True, raw)
        parts: list[tuple[str, bool]] = []
        self._cook(node, parts)
        value = "".join(p for p, _ in parts)
        static = all(s for _, s in parts)
        prefix = []
        for p, s in parts:
            if not s:
                break
            prefix.append(p)
        static_prefix = "".join(prefix)
        if masked is not None:  # a template value, even inside single quotes: unknown
            static = False
            static_prefix = static_prefix.split(masked, 1)[0]
        return Word(value, raw, start, end, static, static_prefix)

    def _cook(self, node, parts: list[tuple[str, bool]]) -> None:
        kind = node.type
        if kind == "word" or kind == "number":
            parts.append((_unescape(self.raw(node)), True))
        elif kind == "raw_string":
            parts.append((self.raw(node)[1:-1], True))
        elif kind == "ansi_c_string":
            parts.append((self.raw(node)[2:-1], True))
        elif kind == "string":
            for child in node.children:
                if child.type == '"':
                    continue
                if child.type == "string_content":
                    parts.append((_unescape_dq(self.raw(child)), True))
                else:
                    parts.append((self.raw(child), child.type not in _EXPANSIONS and child.type != "translated_string"))
        elif kind == "concatenation":
            for child in node.children:
                self._cook(child, parts)
        else:
            parts.append((self.raw(node), False))

    # -- statements ----------------------------------------------------------------------------
    def walk(self, node, contexts: frozenset[str], depth: int) -> None:
        if depth > MAX_DEPTH:
            self.error = True
            return
        kind = node.type
        if kind == "command":
            self.command(node, contexts, depth)
            return
        if kind == "pipeline":
            self.pipeline(node, contexts, depth)
            return
        if kind in ("declaration_command", "unset_command"):
            self.declaration(node, contexts, depth)
            return
        inner = contexts
        if kind in _SUBSTITUTIONS:
            # outside a command's words (``x="$(a | b)"``, ``for f in $(ls)``): no owning command
            inner = contexts | {SUBSTITUTION}
        if kind == "subshell":
            inner = contexts | {SUBSHELL}
        elif kind in _LOOPS:
            inner = contexts | {LOOP}
        elif kind == "function_definition":
            inner = contexts | {FUNCTION}
        elif kind in _CONDITIONALS:
            inner = contexts | {CONDITIONAL}
        for i, child in enumerate(node.children):
            if not child.is_named:
                if child.type in _LIST_OPS:
                    self._next_op = ";" if child.type in ("\n", ";;") else child.type
                    if child.type == "&" and self.commands:
                        self._mark_background(node, i)
                continue
            self.walk(child, inner, depth + 1)

    def _mark_background(self, node, index: int) -> None:
        # ``a & b``: the command before ``&`` runs in the background
        prev = node.children[index - 1] if index > 0 else None
        if prev is None:
            return
        s, e = self.span(prev)
        for cmd in self.commands:
            if s <= cmd.start and cmd.end <= e:
                cmd.contexts = cmd.contexts | {BACKGROUND}

    def pipeline(self, node, contexts: frozenset[str], depth: int) -> None:
        pipe = Pipeline()
        for child in node.children:
            if child.type in ("|", "|&"):
                s, e = self.span(child)
                pipe.operators.append((child.type, s, e))
                self._next_op = child.type
                continue
            if not child.is_named:
                continue
            before = len(self.commands)
            self.walk(child, contexts, depth + 1)
            # the first top-level command a stage produced is the one in the pipe
            stage = next(
                (c for c in self.commands[before:] if c.parent is None and c.nested_in is self.nested_in), None
            )
            if stage is not None:
                stage.pipeline = pipe
                stage.pipe_index = len(pipe.commands)
                pipe.commands.append(stage)
        if len(pipe.commands) >= 2:
            self.pipelines.append(pipe)
        else:
            for cmd in pipe.commands:
                cmd.pipeline = None

    def declaration(self, node, contexts: frozenset[str], depth: int) -> None:
        keyword = node.children[0] if node.children else None
        if keyword is None:
            return
        s, e = self.span(keyword)
        name = Word(self.raw(keyword), self.raw(keyword), s, e, True, self.raw(keyword))
        args = tuple(self.word(c) for c in node.children[1:] if c.is_named)
        start, end = self.span(node)
        cmd = Command(name, args, start, end, contexts=contexts, op_before=self._take_op(), nested_in=self.nested_in)
        self.commands.append(cmd)
        for child in node.children[1:]:
            self.substitutions(child, cmd, contexts, depth)

    def command(self, node, contexts: frozenset[str], depth: int) -> None:
        name = None
        args: list[Word] = []
        assignments: list[tuple[str, Word | None]] = []
        arg_nodes = []
        for i, child in enumerate(node.children):
            field = node.field_name_for_child(i)
            if field == "name":
                inner = child.children[0] if child.children else child
                name = self.word(inner)
                arg_nodes.append(inner)
            elif field == "argument":
                args.append(self.word(child))
                arg_nodes.append(child)
            elif child.type == "variable_assignment":
                key = child.child_by_field_name("name")
                value = child.child_by_field_name("value")
                assignments.append((self.raw(key) if key else "", self.word(value) if value is not None else None))
                if value is not None:
                    arg_nodes.append(value)
            elif child.type in ("herestring_redirect", "file_redirect", "heredoc_redirect"):
                arg_nodes.append(child)
        start, end = self.span(node)
        if name is None:
            return  # assignments only: nothing runs
        cmd = Command(
            name,
            tuple(args),
            start,
            end,
            tuple(assignments),
            contexts=contexts,
            op_before=self._take_op(),
            nested_in=self.nested_in,
        )
        unwrap(cmd)
        self.commands.append(cmd)
        for child in arg_nodes:
            self.substitutions(child, cmd, contexts, depth)
        if cmd.program in SHELLS and self.nesting < MAX_NESTING:
            self.nested(cmd, contexts)

    def _take_op(self) -> str | None:
        op, self._next_op = self._next_op, None
        return op

    def substitutions(self, node, owner: Command, contexts: frozenset[str], depth: int) -> None:
        """Commands inside ``$(...)``/``<(...)`` of a word belong to ``owner``."""
        if depth > MAX_DEPTH:
            self.error = True
            return
        if node.type in _SUBSTITUTIONS:
            opener = node.children[0].type if node.children else "$("
            before = len(self.commands)
            saved, self._next_op = self._next_op, None
            for child in node.children:
                if child.is_named:
                    self.walk(child, contexts | {SUBSTITUTION}, depth + 1)
            self._next_op = saved
            for cmd in self.commands[before:]:
                if cmd.parent is None:
                    cmd.parent = owner
                    cmd.substitution = opener
            return
        for child in node.children:
            self.substitutions(child, owner, contexts, depth + 1)

    def nested(self, cmd: Command, contexts: frozenset[str]) -> None:
        """``sh -c 'script'``: parse the script too, when its text maps 1:1 onto the document."""
        script = _dash_c_script(cmd)
        if script is None:
            return
        base = script.start + 1
        inner = _parse(script.value, self.nesting + 1, contexts | {NESTED}, cmd, self.template)
        self.commands.extend(_shift_commands(inner, base))
        self.pipelines.extend(inner.pipelines)


def _shift_commands(script: Script, by: int) -> list[Command]:
    out = []
    for cmd in script.commands:
        cmd.name = cmd.name.shifted(by) if cmd.name else None
        cmd.args = tuple(w.shifted(by) for w in cmd.args)
        cmd.wrappers = tuple(w.shifted(by) for w in cmd.wrappers)
        cmd.assignments = tuple((k, v.shifted(by) if v else None) for k, v in cmd.assignments)
        cmd.start += by
        cmd.end += by
        out.append(cmd)
    for pipe in script.pipelines:
        pipe.operators = [(op, s + by, e + by) for op, s, e in pipe.operators]
    return out


def _dash_c_script(cmd: Command) -> Word | None:
    """The script word of ``sh [-e] [-o opt] -c 'script'``, when it maps 1:1 onto the text."""
    args = cmd.args
    i = 0
    while i < len(args):
        word = args[i]
        value = word.value
        if not word.is_static or not value.startswith(("-", "+")) or value in ("-", "--"):
            return None  # a script file or an operand before any -c
        if value.startswith("--"):  # --norc, --login
            i += 1
            continue
        flags = value[1:]
        takes = flags.count("o") + flags.count("O")  # ``-o pipefail`` takes the next word
        if "c" in flags:
            index = i + 1 + takes
            script = args[index] if index < len(args) else None
            if script is None:
                return None
            raw = script.raw
            exact = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"" and raw[1:-1] == script.value
            return script if script.is_static and exact else None
        i += 1 + takes
    return None


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            if text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _unescape_dq(text: str) -> str:
    if "\\" not in text:
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in '"\\$`\n':
            if text[i + 1] != "\n":
                out.append(text[i + 1])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
