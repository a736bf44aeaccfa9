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
    Redirect,
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
_REDIRECTS = frozenset({"file_redirect", "herestring_redirect", "heredoc_redirect"})
_SIMPLE = frozenset({"command", "declaration_command", "unset_command"})  # statements that make one Command
# the statement a redirect after these applies to is their last part: ``a | b > f`` redirects b
_LAST_PART = frozenset({"pipeline", "list", "negated_command"})
_VARIABLE_FD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")  # ``{fd}>file``


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
    redirects = tuple(sorted(walker.redirects, key=lambda r: r.start))
    script = Script(
        text,
        tuple(walker.commands),
        tuple(walker.pipelines),
        tree.root_node.has_error or walker.error,
        redirects,
        tuple(walker.assignments),
    )
    for cmd in script.commands:
        cmd.script = script
    return script


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
        self.redirects: list[Redirect] = []  # every redirect, for the script
        self.assignments: list[tuple[str, Word | None, int]] = []  # statements that only assign
        # redirects written after a statement, waiting for the node they apply to (by node id)
        self._pending: dict[int, tuple[list[Redirect], list[Word]]] = {}
        self._enclosing: list[Redirect] = []  # redirects of the compound statements being walked

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

    # -- redirects -----------------------------------------------------------------------------
    def redirect(self, node, compound: bool) -> tuple[list[Redirect], list[Word]]:
        """The redirects of a ``file_redirect``/``herestring_redirect``/``heredoc_redirect`` node,
        and words tree-sitter hangs on it that are really arguments (``echo a > f b``: b)."""
        kind = node.type
        fd_node = node.child_by_field_name("descriptor")
        fd = int(self.raw(fd_node)) if fd_node is not None and self.raw(fd_node).isdigit() else None
        op_start = fd_node.end_byte if fd_node is not None else node.start_byte
        if kind == "heredoc_redirect":
            return self.heredoc(node, fd, op_start, compound), []
        if kind == "herestring_redirect":
            word = next((c for c in node.children if c.is_named and c is not fd_node and c.type != "ERROR"), None)
            target = self.word(word) if word is not None else None
            end = word.end_byte if word is not None else node.end_byte
            return [Redirect("<<<", fd, target, node.start_byte, end, compound=compound)], []
        dests = [c for i, c in enumerate(node.children) if node.field_name_for_child(i) == "destination"]
        op_end = dests[0].start_byte if dests else node.end_byte
        op = self.text[op_start:op_end].strip()  # raw text: tree-sitter splits ``<>`` and ``3<<<``
        target = self.word(dests[0]) if dests else None
        end = dests[0].end_byte if dests else node.end_byte
        extras = [self.word(d) for d in dests[1:] if not self._variable_fd(d)]
        return [Redirect(op, fd, target, node.start_byte, end, compound=compound)], extras

    def _variable_fd(self, node) -> bool:
        """``{fd}`` written against the next redirect (``{fd}>file``): not an argument."""
        after = self.text[node.end_byte : node.end_byte + 1]
        return bool(_VARIABLE_FD.fullmatch(self.raw(node))) and after in ("<", ">")

    def heredoc(self, node, fd: int | None, op_start: int, compound: bool) -> list[Redirect]:
        op = next((c.type for c in node.children if c.type in ("<<", "<<-")), "<<")
        start_node = next((c for c in node.children if c.type == "heredoc_start"), None)
        body_node = next((c for c in node.children if c.type == "heredoc_body"), None)
        target = None
        quoted = False
        if start_node is not None:
            raw = self.raw(start_node)
            quoted = any(q in raw for q in "'\"\\")
            value = raw.replace("'", "").replace('"', "").replace("\\", "")
            target = Word(value, raw, start_node.start_byte, start_node.end_byte, True, value)
        body = self.heredoc_body(body_node, quoted) if body_node is not None else None
        end = start_node.end_byte if start_node is not None else op_start + len(op)
        out = [Redirect(op, fd, target, node.start_byte, end, body, compound)]
        for child in _redirect_children(node):  # ``cat <<EOF > file``: the file is a redirect of cat too
            out += self.redirect(child, compound)[0]
        return out

    def heredoc_body(self, node, quoted: bool) -> Word:
        start, end = self.span(node)
        raw = self.text[start:end]
        first = next((c.start_byte for c in node.children if c.type in _EXPANSIONS), None) if not quoted else None
        static = first is None
        prefix = raw if static else self.text[start:first]
        masked = next((self.text[s:e] for s, e in self.masks if s < end and e > start), None)
        if masked is not None:  # a template value, even in a quoted heredoc: unknown
            static = False
            prefix = prefix.split(masked, 1)[0]
        return Word(raw, raw, start, end, static, prefix)

    def statement_redirects(self, node) -> None:
        """``body > f``: the redirects wait for the node they apply to (see ``_redirect_owner``)."""
        owner = _redirect_owner(node.child_by_field_name("body"))
        if owner is None:
            return
        compound = owner.type not in _SIMPLE
        found: list[Redirect] = []
        extras: list[Word] = []
        for child in _redirect_children(node):
            reds, more = self.redirect(child, compound)
            found += reds
            extras += more
        self.redirects += found
        pending = self._pending.setdefault(owner.id, ([], []))
        pending[0].extend(found)
        pending[1].extend(extras if not compound else ())

    def assignment(self, node) -> None:
        key = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if key is not None:
            self.assignments.append((self.raw(key), self.word(value) if value is not None else None, node.start_byte))

    # -- statements ----------------------------------------------------------------------------
    def walk(self, node, contexts: frozenset[str], depth: int) -> None:
        if depth > MAX_DEPTH:
            self.error = True
            return
        kind = node.type
        pending = self._pending.pop(node.id, None) if self._pending else None
        if kind in _SIMPLE:
            (self.command if kind == "command" else self.declaration)(node, contexts, depth, pending)
            return
        if kind == "variable_assignment":
            self.assignment(node)
        elif kind == "redirected_statement":
            self.statement_redirects(node)
        elif kind == "function_definition":  # ``f() { ...; } > log``
            own = [r for child in _redirect_children(node) for r in self.redirect(child, True)[0]]
            self.redirects += own
            pending = (pending[0] + own, []) if pending else (own, [])
        if not pending or not pending[0]:
            self._walk(node, kind, contexts, depth)
            return
        saved = len(self._enclosing)
        self._enclosing.extend(pending[0])
        try:
            self._walk(node, kind, contexts, depth)
        finally:
            del self._enclosing[saved:]

    def _walk(self, node, kind: str, contexts: frozenset[str], depth: int) -> None:
        if kind == "pipeline":
            self.pipeline(node, contexts, depth)
            return
        if kind in _SUBSTITUTIONS:
            # outside a command's words (``x="$(a | b)"``, ``for f in $(ls)``): no owning command;
            # its output is captured, so enclosing redirects do not apply inside
            saved, self._enclosing = self._enclosing, []
            try:
                self._children(node, contexts | {SUBSTITUTION}, depth)
            finally:
                self._enclosing = saved
            return
        inner = contexts
        if kind == "subshell":
            inner = contexts | {SUBSHELL}
        elif kind in _LOOPS:
            inner = contexts | {LOOP}
        elif kind == "function_definition":
            inner = contexts | {FUNCTION}
        elif kind in _CONDITIONALS:
            inner = contexts | {CONDITIONAL}
        self._children(node, inner, depth)

    def _children(self, node, contexts: frozenset[str], depth: int) -> None:
        for i, child in enumerate(node.children):
            if not child.is_named:
                if child.type in _LIST_OPS:
                    self._next_op = ";" if child.type in ("\n", ";;") else child.type
                    if child.type == "&" and self.commands:
                        self._mark_background(node, i)
                continue
            self.walk(child, contexts, depth + 1)

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

    def declaration(self, node, contexts: frozenset[str], depth: int, pending=None) -> None:
        keyword = node.children[0] if node.children else None
        if keyword is None:
            return
        s, e = self.span(keyword)
        name = Word(self.raw(keyword), self.raw(keyword), s, e, True, self.raw(keyword))
        args = tuple(self.word(c) for c in node.children[1:] if c.is_named) + tuple(pending[1] if pending else ())
        start, end = self.span(node)
        cmd = Command(name, args, start, end, contexts=contexts, op_before=self._take_op(), nested_in=self.nested_in)
        cmd.redirects = tuple(self._enclosing) + tuple(pending[0] if pending else ())
        for child in node.children[1:]:
            if child.type == "variable_assignment":
                self.assignment(child)
        self.commands.append(cmd)
        for child in node.children[1:]:
            self.substitutions(child, cmd, contexts, depth)

    def command(self, node, contexts: frozenset[str], depth: int, pending=None) -> None:
        name = None
        args: list[Word] = []
        assignments: list[tuple[str, Word | None]] = []
        arg_nodes = []
        redirects: list[Redirect] = []
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
            elif child.type in _REDIRECTS:
                arg_nodes.append(child)
                found, extras = self.redirect(child, False)
                redirects += found
                args += extras
        self.redirects += redirects
        if pending:
            redirects += pending[0]
            args += pending[1]
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
            redirects=tuple(self._enclosing) + tuple(redirects),
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
            enclosing, self._enclosing = self._enclosing, []  # its output is captured
            try:
                for child in node.children:
                    if child.is_named:
                        self.walk(child, contexts | {SUBSTITUTION}, depth + 1)
            finally:
                self._enclosing = enclosing
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
        self.redirects.extend(r.shifted(base) for r in inner.redirects)


def _shift_commands(script: Script, by: int) -> list[Command]:
    out = []
    for cmd in script.commands:
        cmd.name = cmd.name.shifted(by) if cmd.name else None
        cmd.args = tuple(w.shifted(by) for w in cmd.args)
        cmd.wrappers = tuple(w.shifted(by) for w in cmd.wrappers)
        cmd.assignments = tuple((k, v.shifted(by) if v else None) for k, v in cmd.assignments)
        cmd.redirects = tuple(r.shifted(by) for r in cmd.redirects)
        cmd.start += by
        cmd.end += by
        out.append(cmd)
    for pipe in script.pipelines:
        pipe.operators = [(op, s + by, e + by) for op, s, e in pipe.operators]
    return out


def _redirect_children(node):
    """The redirect nodes tree-sitter attaches to ``node`` (its ``redirect`` field)."""
    for i, child in enumerate(node.children):
        if node.field_name_for_child(i) == "redirect" and child.type in _REDIRECTS:
            yield child


def _redirect_owner(body):
    """The statement redirects written after ``body`` apply to: ``a && b > f`` and ``a | b > f``
    redirect b only (tree-sitter hangs the redirect on the whole list or pipeline)."""
    for _ in range(MAX_DEPTH):
        if body is None or body.type not in _LAST_PART:
            return body
        named = [c for c in body.children if c.is_named]
        body = named[-1] if named else None
    return None


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
