"""``${{ }}`` expressions: syntax, contexts, functions, availability, conditions."""

from __future__ import annotations

from ....core.findings import Edit, Fix, Severity
from ....core.suggest import candidates, replace_fix
from .. import schema
from ..expressions import Call, Literal, Variable, is_constant, walk_expr
from ._base import ActionsRule


class ExpressionSyntax(ActionsRule):
    """An expression that does not parse: GitHub fails the workflow before running any job.

    Typical mistakes: double-quoted strings (expressions only take ``'single'`` quotes), ``=``
    instead of ``==``, a missing operand or parenthesis, ``${{`` never closed.

    Bad:

        if: ${{ github.ref == "refs/heads/main" }}

    Good:

        if: ${{ github.ref == 'refs/heads/main' }}
    """

    code = "GA020"
    name = "expression-syntax"
    message = "Invalid expression syntax"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:expression",)
    fixable = True
    workflow_only = False

    def check_workflow(self, wf, ctx):
        for site in wf.expressions:
            err = site.error
            if err is None:
                continue
            if err.offset < 0:  # unclosed ${{
                yield self.finding(site.full_range, "expression is not closed: ${{ without }}")
            else:
                end = max(err.end, err.offset + 1)
                if err.offset >= len(site.embedded.inner):  # at the end: point at the closing }}
                    rng = site.full_range
                    rng = type(rng)(rng.end._replace(column=max(rng.end.column - 2, 0)), rng.end)
                else:
                    rng = site.range(err.offset, min(end, len(site.embedded.inner)))
                yield self.finding(rng, f"invalid expression: {err.message}", fix=_quote_fix(site, err))


def _quote_fix(site, err) -> Fix | None:
    """Double-quoted string -> single-quoted (safe when it holds no quote or backslash)."""
    inner = site.embedded.inner
    if not err.message.startswith("strings must be in single quotes"):
        return None
    close = inner.find('"', err.offset + 1)
    literal = inner[err.offset + 1 : close] if close != -1 else ""
    if close == -1 or "'" in literal or "\\" in literal or site.scalar.style in ('"', "'"):
        return None
    rng = site.range(err.offset, close + 1)
    return Fix("Use single quotes", (Edit(rng, f"'{literal}'"),), "safe")


class UndefinedContext(ActionsRule):
    """A name in an expression that is not a context (``github``, ``env``, ``vars``, ``secrets``,
    ``inputs``, ``matrix``, ``steps``, ``needs``, ``job``, ``jobs``, ``runner``, ``strategy``).

    Bad:

        run: echo ${{ github_ref }}

    Good:

        run: echo ${{ github.ref }}
    """

    code = "GA021"
    name = "undefined-context"
    message = "Undefined context"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:expression",)
    fixable = True
    workflow_only = False

    def check_workflow(self, wf, ctx):
        for site in wf.expressions:
            if site.ast is None:
                continue
            for node in walk_expr(site.ast):
                if isinstance(node, Variable) and node.name.lower() not in schema.CONTEXTS:
                    found = _meant_context(node.name)
                    hint = f'; did you mean "{found[0]}"?' if found else ""
                    rng = site.range(node.start, node.end)
                    yield self.finding(
                        rng, f'undefined context "{node.name}"{hint}', fix=replace_fix(rng, node.name, found)
                    )


def _meant_context(name: str) -> tuple[str, ...]:
    """What an undefined context name stands for: ``github_ref`` is ``github.ref`` (a dot typed as
    an underscore), ``secret`` is ``secrets``; a name merely like a context ("github_x") gets none."""
    lowered = name.lower()
    context, _, rest = lowered.partition("_")
    properties = schema.CONTEXT_PROPERTIES.get(context)
    if rest and properties is not None and rest in properties[0]:
        return (f"{context}.{rest}",)
    return candidates(lowered, schema.CONTEXTS, cutoff=0.85)


class UnknownFunction(ActionsRule):
    """A call to a function that does not exist, or with the wrong number of arguments.

    Functions: ``contains``, ``startsWith``, ``endsWith``, ``format``, ``join``, ``toJSON``,
    ``fromJSON``, ``hashFiles``, ``case`` and the status functions ``success``, ``always``,
    ``cancelled``, ``failure``.

    Bad:

        if: ${{ startWith(github.ref, 'refs/tags/') }}

    Good:

        if: ${{ startsWith(github.ref, 'refs/tags/') }}
    """

    code = "GA022"
    name = "unknown-function"
    message = "Unknown function or wrong number of arguments"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:expression",)
    fixable = True
    workflow_only = False

    def check_workflow(self, wf, ctx):
        for site in wf.expressions:
            if site.ast is None:
                continue
            for node in walk_expr(site.ast):
                if not isinstance(node, Call):
                    continue
                spec = schema.FUNCTIONS.get(node.name.lower())
                rng = site.range(node.start, node.name_end)
                if spec is None:
                    found = candidates(node.name, [s[0] for s in schema.FUNCTIONS.values()])
                    hint = f'; did you mean "{found[0]}"?' if found else ""
                    yield self.finding(
                        rng, f'undefined function "{node.name}"{hint}', fix=replace_fix(rng, node.name, found)
                    )
                    continue
                spelling, low, high = spec
                count = len(node.args)
                if count < low or (high is not None and count > high):
                    want = f"{low}" if low == high else f"at least {low}" if high is None else f"{low} to {high}"
                    yield self.finding(rng, f'"{spelling}" takes {want} argument(s) but {count} given')
                elif spelling == "case" and count % 2 == 0:
                    yield self.finding(
                        rng,
                        '"case" takes pairs of condition and value followed by a default value (an odd number of arguments)',
                    )
                elif spelling == "fromJSON" and isinstance(node.args[0], Literal) and node.args[0].kind == "string":
                    problem = _json_problem(node.args[0].value)
                    if problem:
                        arg = node.args[0]
                        yield self.finding(site.range(arg.start, arg.end), f"fromJSON() gets invalid JSON: {problem}")


def _json_problem(text: str) -> str | None:
    import json

    try:
        json.loads(text)
    except ValueError as exc:
        return f"{exc.msg} (offset {exc.pos})" if hasattr(exc, "msg") else str(exc)
    return None


# Paths whose value is an object (or null), never a string: printing them gives "Object"/"".
class ContextNotAvailable(ActionsRule):
    """A context or function used where GitHub does not provide it (see the "Context availability"
    table of GitHub's documentation): ``secrets`` in ``runs-on`` or a job ``if``, ``env`` in
    ``jobs.<id>.env``, ``steps`` outside steps, ``hashFiles`` outside steps, status functions
    outside ``if``.

    Bad:

        jobs:
          build:
            if: ${{ secrets.DEPLOY_KEY != '' }}
            runs-on: ${{ env.RUNNER }}

    Good:

        jobs:
          build:
            if: ${{ vars.DEPLOY_ENABLED == 'true' }}
            runs-on: ${{ vars.RUNNER }}
    """

    code = "GA023"
    name = "context-not-available"
    message = "Context not available here"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:expression",)

    def check_workflow(self, wf, ctx):
        for site in wf.expressions:
            if site.ast is None or site.place is None:
                continue
            contexts, functions = schema.AVAILABILITY[site.place]
            where = site.place.replace("jobs.", "jobs.<job_id>.").replace("steps.", "steps[*].")
            for node in walk_expr(site.ast):
                if isinstance(node, Variable):
                    name = node.name.lower()
                    if name in schema.CONTEXTS and name not in contexts:
                        listed = ", ".join(f'"{c}"' for c in contexts)
                        listed = f"available contexts are {listed}" if contexts else "no context is available there"
                        yield self.finding(
                            site.range(node.start, node.end),
                            f'context "{node.name}" is not available in "{where}"; {listed}',
                        )
                elif isinstance(node, Call):
                    name = node.name.lower()
                    if name in schema.SPECIAL_FUNCTIONS and name not in functions:
                        yield self.finding(
                            site.range(node.start, node.name_end),
                            f'function "{node.name}" is not available in "{where}"',
                        )


class AlwaysTrueIf(ActionsRule):
    """An ``if:`` with text outside ``${{ }}``: the value is a non-empty string, which is always true.

    ``if: ${{ a }} && ${{ b }}`` is the string "true && false" after substitution, so the step
    always runs. Write the whole condition inside one expression (or without ``${{ }}``).

    Bad:

        if: ${{ github.event_name == 'push' }} && ${{ github.ref == 'refs/heads/main' }}

    Good:

        if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    """

    code = "GA024"
    name = "always-true-if"
    message = "This if: condition is always true"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:if-cond",)

    def check_workflow(self, wf, ctx):
        seen: set[int] = set()
        for site in wf.expressions:
            if site.implicit or site.path[-1:] != ("if",) or id(site.scalar) in seen:
                continue
            emb, value = site.embedded, site.scalar.value
            if emb.start == 0 and emb.end == len(value):
                continue  # exactly one ${{ }}: evaluated as a condition
            seen.add(id(site.scalar))
            scalar = site.scalar
            if site.whole:  # only spaces or a newline (``if: |`` keeps one) around the expression
                message = (
                    "this if: condition is always true: the space or newline around ${{ }} makes it a non-empty string; "
                    "remove it (use `if: |-` or no block scalar)"
                )
            else:
                message = "this if: condition is always true: text outside ${{ }} makes it a non-empty string; put the whole condition in one expression"
            yield self.finding(
                scalar.range,
                message,
            )


class ConstantIf(ActionsRule):
    """An ``if:`` whose value never changes (``true``, ``false``, ``1 == 1``): the step or job
    always or never runs; remove the condition (or the step).

    Bad:

        - run: ./deploy.sh
          if: false

    Good:

        - run: ./deploy.sh
          if: github.ref == 'refs/heads/main'
    """

    code = "GA025"
    name = "constant-if"
    message = "Constant condition"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("actionlint:if-cond",)

    def check_workflow(self, wf, ctx):
        for site in wf.expressions:
            if site.ast is None or site.path[-1:] != ("if",) or not site.whole:
                continue
            if is_constant(site.ast):
                text = site.embedded.inner.strip()
                yield self.finding(site.scalar.range, f'constant condition "{text}"; remove the if: or the step')
