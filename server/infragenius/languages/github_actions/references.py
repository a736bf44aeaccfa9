"""Find references in workflows: the inverse of go-to-definition. On a job id (its key, a ``needs:``
item, ``needs.<job>`` in an expression) every ``needs:`` item and expression naming it; on a step
``id:`` or ``steps.<id>`` the expressions of that job reading it; on a matrix key, input, ``env``
variable, secret or job output (declaration or use) every expression reading it.

Each expression is resolved with go-to-definition's own resolver, so both features agree on scopes
(a step's ``env`` shadowing the job's, step ids visible only to later steps)."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from . import symbols
from .definition import definition, reference_chains, resolve_chain
from .model import ExprSite, Workflow

Target = tuple[None, Range]
Pair = tuple[Range, Range]  # (declaring key, reference)


def references(
    document: Document, wf: Workflow | None, position: Position, include_declaration: bool
) -> list[Target] | None:
    if not isinstance(wf, Workflow) or wf.root is None:
        return None
    index = _index(wf)
    declarations = _declarations_at(document, wf, index, position)
    if not declarations:
        return None
    found = sorted({ref for decl, ref in index if decl in declarations}, key=lambda r: (r.start, r.end))
    first = sorted(declarations, key=lambda r: (r.start, r.end)) if include_declaration else []
    return [(None, rng) for rng in first + found] or None


def _declarations_at(document: Document, wf: Workflow, index: list[Pair], position: Position) -> set[Range]:
    """The declaring keys of what the cursor names: a reference's targets, or the declaration the
    cursor sits on (a job key, a step id, an ``env``/matrix/input/secret/output key)."""
    targets = definition(document, wf, position) or []
    if targets:
        return {t[1] for t in targets}
    for decl in [d for d, _ in index] + _declared(wf):
        if decl.start <= position <= decl.end:
            return {decl}
    return set()


def _declared(wf: Workflow) -> list[Range]:
    """Every declaring key, read or not: a declaration nothing reads still answers itself."""
    keys = [k for k, _ in symbols.inputs(wf) + symbols.secrets(wf) + symbols.pairs(wf.root.get("env"))]
    for job in wf.jobs:
        keys.append(job.key)
        keys.extend(k for k, _ in symbols.matrix_keys(job) + symbols.job_outputs(job) + symbols.pairs(job.get("env")))
        for step in job.steps:
            sid = symbols.step_id(step)
            keys.extend([sid] if sid is not None else [])
            keys.extend(k for k, _ in symbols.pairs(step.get("env")))
    return [k.range for k in keys]


def _index(wf: Workflow) -> list[Pair]:
    pairs: list[Pair] = []
    if wf.kind == "workflow":
        for job in wf.jobs:
            for item in symbols.needs_items(job):
                needed = symbols.find_job(wf, item.value)
                if needed is not None and needed is not job:
                    pairs.append((needed.key.range, item.range))
    for site in wf.expressions:
        try:
            pairs.extend(_site_pairs(wf, site))
        except Exception:  # noqa: BLE001, S112 (a half-typed expression: nothing read from it)
            continue
    return pairs


def _site_pairs(wf: Workflow, site: ExprSite) -> list[Pair]:
    """Each name of each reference chain in the expression, with the key it resolves to."""
    job = symbols.find_job(wf, site.job_id)
    out: list[Pair] = []
    for segments in reference_chains(site):
        if len(segments) < 2:
            continue
        context = (segments[0][0] or "").lower()
        for length in range(2, len(segments) + 1):
            names = [s[0] for s in segments[:length]]
            if any(n is None for n in names) or (context == "steps" and length > 2):
                break
            _, start, end = segments[length - 1]
            for key in resolve_chain(wf, site, job, context, names[1:]):  # type: ignore[arg-type]
                out.append((key.range, site.range(start, end)))
    return out
