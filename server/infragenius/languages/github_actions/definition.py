"""Go-to-definition in workflows: a job named in ``needs:`` and the names an expression reads
(``needs.<job>[.outputs.<name>]``, ``jobs.<job>.outputs.<name>``, ``steps.<id>``, ``matrix.<key>``,
``inputs.<name>``, ``env.<NAME>``, ``secrets.<NAME>``) jump to the key that declares them; a
``docker/build-push-action`` step's ``file``/``context`` opens the Dockerfile (``links.py``).

Targets are ``(None, key range, origin range)`` (the same document), the origin being the name
under the cursor. Nothing is answered for a name the workflow does not declare.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.document import Document, Position, Range
from ..yaml import Scalar, path_at, string_value
from . import symbols
from .expressions import Expr, ExprError, Index, Literal, Property, Variable, parse_expression, walk_expr
from .links import FileTarget, dockerfile_target
from .model import ExprSite, Job, Workflow

Target = tuple[None, Range, Range]
Segment = tuple[str | None, int, int]  # a name of a reference chain and its inner offsets


def definition(document: Document, wf: Workflow | None, position: Position) -> list[Target] | list[FileTarget] | None:
    if not isinstance(wf, Workflow) or wf.root is None:
        return None
    site = _site_at(wf, position)
    if site is not None:
        return _expression_target(wf, site, position) or None
    return _needs_target(wf, document.offset_at(position)) or dockerfile_target(wf, position)


# -- ``needs:`` values ----------------------------------------------------------------------------
def _needs_target(wf: Workflow, offset: int) -> list[Target] | None:
    chain = path_at(wf.root, offset)
    if len(chain) < 4 or wf.kind != "workflow":
        return None
    key, node = chain[-1]
    if not isinstance(node, Scalar) or key is node:
        return None
    keys = [string_value(k) for k, _ in chain]
    listed = keys[-1] is None and len(chain) == 5  # an item of ``needs: [a, b]``
    if keys[1] != "jobs" or keys[3] != "needs" or not (listed or len(chain) == 4):
        return None
    job = symbols.find_job(wf, node.value)
    if job is None or job.id.lower() == (keys[2] or "").lower():
        return None
    return [(None, job.key.range, node.range)]


# -- expressions ----------------------------------------------------------------------------------
def _site_at(wf: Workflow, position: Position) -> ExprSite | None:
    for site in wf.expressions:
        rng = site.full_range
        if rng.start <= position <= rng.end:
            return site
    return None


def parsed_tree(site: ExprSite) -> Expr | None:
    """The parsed expression; an unclosed ``${{`` is parsed as far as the value goes."""
    if site.ast is not None or site.embedded.closed:
        return site.ast
    try:
        return parse_expression(site.embedded.inner)
    except ExprError:
        return None


def chain_segments(node: Expr) -> list[Segment] | None:
    """``needs.build.outputs['v']`` -> needs, build, outputs, v with their offsets; a computed
    index is a segment without a name. None when the chain does not start at a context."""
    parts: list[Segment] = []
    while True:
        if isinstance(node, Property):
            parts.append((node.name if node.name != "*" else None, node.end - len(node.name), node.end))
            node = node.obj
        elif isinstance(node, Index):
            index = node.index
            if isinstance(index, Literal) and index.kind == "string":
                parts.append((str(index.value), index.start + 1, index.end - 1))
            else:
                parts.append((None, index.start, index.end))
            node = node.obj
        elif isinstance(node, Variable):
            parts.append((node.name, node.start, node.end))
            return parts[::-1]
        else:
            return None


def reference_chains(site: ExprSite) -> Iterator[list[Segment]]:
    """The segments of every reference chain in the expression (sub-chains included)."""
    tree = parsed_tree(site)
    if tree is None:
        return
    for node in walk_expr(tree):
        segments = chain_segments(node) if isinstance(node, (Property, Index, Variable)) else None
        if segments:
            yield segments


def reference_at(site: ExprSite, position: Position) -> tuple[list[str], Range] | None:
    """The names of the reference up to the one under the cursor (``["needs", "build"]`` on
    ``build`` of ``needs.build.outputs.v``) and that name's range."""
    best: tuple[list[str], Range] | None = None
    best_length = 0
    for segments in reference_chains(site):
        if len(segments) <= best_length:
            continue
        for i, (name, start, end) in enumerate(segments):
            rng = site.range(start, end)
            if rng.start <= position <= rng.end:
                names = [s[0] for s in segments[: i + 1]]
                if all(n is not None for n in names):
                    best, best_length = (names, rng), len(segments)  # type: ignore[assignment]
                break
    return best


def _expression_target(wf: Workflow, site: ExprSite, position: Position) -> list[Target]:
    found = reference_at(site, position)
    if found is None or len(found[0]) < 2:
        return []
    names, origin = found
    context, rest = names[0].lower(), names[1:]
    job = symbols.find_job(wf, site.job_id)
    keys = resolve_chain(wf, site, job, context, rest)
    return [(None, key.range, origin) for key in keys]


def resolve_chain(wf: Workflow, site: ExprSite, job: Job | None, context: str, rest: list[str]) -> list[Scalar]:
    if context in ("needs", "jobs"):
        return _job_reference(wf, rest)
    if context == "steps" and job is not None:
        in_steps = site.path[2:3] == ("steps",)
        if not in_steps and site.path[2:3] not in (("outputs",), ("environment",)):
            return []  # the steps context exists only in steps, job outputs and environment.url
        for step in symbols.steps_before(job, site.scalar.start, in_steps):
            sid = symbols.step_id(step)
            if sid is not None and sid.value.lower() == rest[0].lower():
                return [sid]
        return []
    if len(rest) != 1:
        return []
    name = rest[0]
    if context == "matrix" and job is not None:
        direct = symbols.named(symbols.matrix_keys(job, rows=False), name)
        found = direct[:1] or symbols.named(symbols.matrix_keys(job), name)
        return [k for k, _ in found]
    if context == "inputs":
        return [k for k, _ in symbols.named(symbols.inputs(wf), name)]
    if context == "secrets":
        return [k for k, _ in symbols.named(symbols.secrets(wf), name)][:1]
    if context == "env":
        step = symbols.step_at(job, site.scalar.start) if job is not None and site.path[2:3] == ("steps",) else None
        for _, env in symbols.env_scopes(wf, job, step, site.scalar.start):
            found = symbols.named(symbols.pairs(env), name)
            if found:
                return [found[0][0]]
    return []


def _job_reference(wf: Workflow, rest: list[str]) -> list[Scalar]:
    """``needs.<job>`` -> the job's key; ``.outputs`` -> its ``outputs:`` key; ``.outputs.<name>``
    -> that output's key."""
    job = symbols.find_job(wf, rest[0])
    if job is None:
        return []
    if len(rest) == 1:
        return [job.key]
    if rest[1].lower() != "outputs" or job.node is None:
        return []
    if len(rest) == 2:
        key = job.node.key_node("outputs")
        return [key] if isinstance(key, Scalar) else []
    found = symbols.named(symbols.job_outputs(job), rest[2])
    return [found[0][0]] if found and len(rest) == 3 else []
