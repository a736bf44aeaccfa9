"""Checks inside Go templates: block balance, includes, .Values paths, functions, required."""

from __future__ import annotations

import re

from ....core.context import Context
from ....core.findings import Fix, Severity
from ....core.suggest import candidates, did_you_mean, replace_fix
from ..functions import KNOWN_FUNCTIONS
from ..gotemplate import KEYWORDS, Action, Token, value_paths
from ._base import HelmRule

GUARD_FUNCTIONS = frozenset(
    {"default", "hasKey", "dig", "required", "empty", "coalesce", "ternary", "kindIs", "typeIs"}
)
# What a ``.Values.a.b`` path can name: a key with a dash or a dot is read with ``index``.
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _hint(found: tuple[str, ...]) -> str:
    return " (" + did_you_mean(found, quote="'") + ")" if found else ""


def _suggest(ctx: Context, word: str, choices, start: int, quote: str = "") -> tuple[str, Fix | None]:
    """The message's hint for a misspelt ``word`` written at offset ``start`` (inside ``quote``),
    and the fix that puts the best candidate there."""
    found = candidates(word, choices, cutoff=0.7)
    end = start + len(word) + 2 * len(quote)
    return _hint(found), replace_fix(ctx.document.range_of(start, end), word, found, quote)


class UnbalancedBlock(HelmRule):
    """A template block is not closed, or ``end``/``else`` has no block.

    Helm refuses to render the chart ("unexpected EOF" or "unexpected {{end}}"). Reported at the
    action that opens the unclosed block, or at the stray ``end``.

    Bad:

        {{- if .Values.ingress.enabled }}
        apiVersion: networking.k8s.io/v1
        kind: Ingress

    Good:

        {{- if .Values.ingress.enabled }}
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        {{- end }}
    """

    code = "HM001"
    name = "unbalanced-block"
    message = "Unbalanced template block"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("helm-lint:templates",)

    def check_document(self, model, ctx):
        for action, problem in model.template.unbalanced:
            yield self.finding(self.span(ctx, action.start, action.end), problem)


def _named_calls(action: Action):
    """(keyword token, name token) for ``include "x"`` and ``template "x"`` in an action."""
    tokens = action.tokens
    for i, token in enumerate(tokens[:-1]):
        name = tokens[i + 1]
        complete = len(name.text) > 1 and name.text[-1] == name.text[0]  # an unterminated string is IG001's
        if (
            token.kind == "ident"
            and token.text in ("include", "template")
            and name.kind in ("string", "raw")
            and complete
        ):
            yield token, name


class UndefinedInclude(HelmRule):
    """``include`` or ``template`` names a template that no file of the chart defines.

    Helm fails to render: 'no template "x" associated with template "gotpl"'. Names are searched in
    every template of the chart and its subcharts: vendored under ``charts/``, or a ``file://``
    repository or same-named chart beside this one whose version fits (a monorepo such as
    bitnami/charts, before ``helm dependency build``). Nothing is reported when a dependency cannot be
    found (its defines are unknown).

    Bad:

        labels:
          {{- include "mychart.lables" . | nindent 4 }}

    Good:

        labels:
          {{- include "mychart.labels" . | nindent 4 }}
    """

    code = "HM002"
    name = "undefined-include"
    message = "Included template is not defined"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("helm-lint:templates",)
    fixable = True

    def check_document(self, model, ctx):
        chart = model.chart
        if chart is None or chart.incomplete_defines:
            return
        known = set(chart.defines) | set(model.template.defines) | _template_files(chart)
        for action in model.template.actions:
            for _, name in _named_calls(action):
                if name.value not in known:
                    hint, fix = _suggest(ctx, name.value, known, name.start, name.text[0])
                    if name.text != f"{name.text[0]}{name.value}{name.text[-1]}":
                        fix = None  # escapes: the token's text is not its value
                    yield self.finding(
                        self.span(ctx, name.start, name.end), f'Template "{name.value}" is not defined{hint}', fix=fix
                    )


def _template_files(chart) -> set[str]:
    """The chart's template files under the names Helm gives them (``web/templates/configmap.yaml``):
    ``include`` takes those too, as in a checksum of another manifest."""
    return {f"{chart.name}/{path.relative_to(chart.root).as_posix()}" for path in chart.templates}


def _guarded(action: Action, path: list[str], model) -> bool:
    """The reference sits in a pipeline with a defaulting function, or under an if/with (or the
    ``else if``/``else with`` branch) that tests the same path (or a prefix of it)."""
    if action.keyword in ("if", "with", "range") or action.is_else:
        return True  # the reference is the test itself
    if any(t.kind == "ident" and t.text in GUARD_FUNCTIONS for t in action.tokens):
        return True
    template = model.template
    for block in template.enclosing(action.start) + template.branches(action.start):
        if block.keyword in ("if", "with", "range") or block.is_else:
            for token in block.tokens:
                if token.kind == "field" and ".Values." in f".{token.text.lstrip('$')}":
                    tested = token.text.split(".")[2:]
                    if tested and path[: len(tested)] == tested or tested[: len(path)] == path:
                        return True
    return False


class UndefinedValue(HelmRule):
    """A ``.Values`` path is not defined in values.yaml.

    Helm renders a missing value as empty (or fails when the path goes through a string), so a typo in
    a value name silently drops configuration. Not reported when the reference is guarded by ``if``/
    ``with`` on the same path or piped through ``default``/``required``/``hasKey``/``dig``, when the
    parent is an empty map (an optional extension point), or for ``.Values.global``.

    Bad:

        image: "{{ .Values.image.repositroy }}:{{ .Values.image.tag }}"

    Good:

        image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
    """

    code = "HM003"
    name = "undefined-value"
    message = "Value is not defined in values.yaml"
    severity = Severity.WARNING
    tags = ("correctness", "no-peer")
    fixable = True

    def check_document(self, model, ctx):
        chart = model.chart
        if chart is None or chart.values is None or chart.is_library:
            return  # a library chart's templates run with the including chart's values
        for token, path, action in value_paths(model.template):
            if not path or path[0] == "global":
                continue
            status, node = chart.lookup(path)
            if status == "scalar":
                yield self.finding(
                    self.span(ctx, token.start, token.end),
                    f".Values.{'.'.join(path)} goes through a value that is not a map in values.yaml",
                    severity=Severity.ERROR,
                )
            elif status == "missing" and getattr(node, "pairs", None) and not _guarded(action, path, model):
                keys = [k for k in node.keys() if _FIELD_NAME.fullmatch(k)]  # noqa: SIM118 (a YAML mapping node: iterating it gives pairs)
                hint, fix = _suggest_key(ctx, chart, token, path, keys)
                yield self.finding(
                    self.span(ctx, token.start, token.end),
                    f".Values.{'.'.join(path)} is not defined in values.yaml{hint}",
                    fix=fix,
                )


def _suggest_key(ctx: Context, chart, token: Token, path: list[str], keys: list[str]) -> tuple[str, Fix | None]:
    """The hint and fix for the first key of ``path`` that its mapping lacks (the lookup stopped
    there, so the keys of that mapping are the ``keys`` given)."""
    depth = _found_depth(chart, path)
    if depth is None:
        return "", None
    prefix = token.text[: token.text.index(".Values.") + len(".Values.")]
    start = token.start + len(prefix) + sum(len(p) + 1 for p in path[:depth])
    return _suggest(ctx, path[depth], keys, start)


def _found_depth(chart, path: list[str]) -> int | None:
    """How many keys of ``path`` values.yaml has, one under the other."""
    for depth in range(len(path), -1, -1):
        status, _ = chart.lookup(path[:depth])
        if status == "found":
            return depth if depth < len(path) else None
    return None


def _function_tokens(action: Action):
    """Identifiers in function position (Go templates call any bare identifier)."""
    previous: Token | None = None
    for token in action.tokens:
        if (
            token.kind == "ident"
            and token.text not in KEYWORDS
            and not (previous is not None and previous.kind == "declare")
        ):
            yield token
        previous = token


class UnknownFunction(HelmRule):
    """A template calls a function that Helm does not provide.

    Helm rejects the template at parse time ('function "x" not defined'). Known functions: Go's
    template builtins, Sprig (without ``env``/``expandenv``, which Helm removes) and Helm's own
    (``include``, ``tpl``, ``required``, ``toYaml``, ``lookup``...).

    Bad:

        {{ .Values.name | upperr }}

    Good:

        {{ .Values.name | upper }}
    """

    code = "HM004"
    name = "unknown-function"
    message = "Unknown template function"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("helm-lint:templates",)
    fixable = True

    def check_document(self, model, ctx):
        for action in model.template.actions:
            if action.comment or action.keyword in ("define", "template", "block"):
                continue
            for token in _function_tokens(action):
                if token.text not in KNOWN_FUNCTIONS:
                    hint, fix = _suggest(ctx, token.text, KNOWN_FUNCTIONS, token.start)
                    yield self.finding(
                        self.span(ctx, token.start, token.end), f'Function "{token.text}" is not defined{hint}', fix=fix
                    )


class RequiredWithoutMessage(HelmRule):
    """``required`` is called without an error message.

    ``required`` takes the message first and the value second (``required "msg" .Values.x``, or
    ``.Values.x | required "msg"``). With one argument Helm fails with "wrong number of args"; with an
    empty message users get no hint of what to set.

    Bad:

        host: {{ required .Values.ingress.host }}

    Good:

        host: {{ required "ingress.host is required" .Values.ingress.host }}
    """

    code = "HM005"
    name = "required-without-message"
    message = "required needs an error message"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("helm-lint:templates",)

    def check_document(self, model, ctx):
        for action in model.template.actions:
            tokens = action.tokens
            for i, token in enumerate(tokens):
                if token.kind != "ident" or token.text != "required":
                    continue
                args = _operands(tokens, i + 1)
                piped = i > 0 and tokens[i - 1].kind == "pipe"
                if len(args) + piped < 2:
                    yield self.finding(
                        self.span(ctx, token.start, token.end),
                        'required needs a message and a value: required "why" .Values.x',
                    )
                elif args and args[0].kind in ("string", "raw") and not args[0].value.strip():
                    yield self.finding(
                        self.span(ctx, args[0].start, args[0].end),
                        "required has an empty message",
                        severity=Severity.WARNING,
                    )


def _operands(tokens: list[Token], start: int) -> list[Token]:
    """Operands of a command up to the next pipe or closing parenthesis (nested parens count as one)."""
    out: list[Token] = []
    depth = 0
    for token in tokens[start:]:
        if token.kind == "lparen":
            if depth == 0:
                out.append(token)
            depth += 1
        elif token.kind == "rparen":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            if token.kind == "pipe":
                break
            out.append(token)
    return out
