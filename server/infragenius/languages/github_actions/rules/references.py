"""References an expression makes to things the workflow defines (needs, steps, matrix, inputs,
context properties)."""

from __future__ import annotations

import difflib

from ....core.findings import Fix, Severity
from ....core.suggest import candidates, replace_fix
from ...yaml import Mapping, Scalar, Sequence
from .. import schema
from ..actions_table import ACTION_OUTPUTS
from ..expressions import Property, Variable, walk_expr
from ..values import did_you_mean
from ._base import ActionsRule


class UndefinedReference(ActionsRule):
    """A property that the workflow itself does not define: ``needs.<job>`` for a job not listed in
    ``needs``, ``steps.<id>`` for no step of the job, ``matrix.<key>`` absent from the matrix,
    ``inputs.<name>`` not declared by ``workflow_call``/``workflow_dispatch`` (in an input's
    ``default:``, only the inputs declared before it), ``secrets.<name>`` not declared by a workflow
    that only runs through ``workflow_call`` and lists its ``secrets:``, ``steps.<id>`` of a step
    that runs later. The value is always empty, which is rarely what was meant.

    Bad:

        jobs:
          test:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - run: echo ${{ needs.biuld.outputs.version }}

    Good:

        jobs:
          test:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - run: echo ${{ needs.build.outputs.version }}
    """

    code = "GA026"
    name = "undefined-reference"
    message = "Reference to something the workflow does not define"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("actionlint:expression",)
    fixable = True

    def check_workflow(self, wf, ctx):
        jobs = {job.id: job for job in wf.jobs}
        inputs = _declared_inputs(wf)
        for site in wf.expressions:
            if site.ast is None:
                continue
            job = jobs.get(site.job_id) if site.job_id is not None else None
            for node in walk_expr(site.ast):
                if isinstance(node, Property) and _is_event_inputs(node.obj):
                    known = _dispatch_inputs(wf)
                    if known is not None and node.name != "*" and node.name.lower() not in known:
                        listed = ", ".join(f'"{k}"' for k in sorted(known)) or "none"
                        yield self.finding(
                            site.range(node.start, node.end),
                            f'"github.event.inputs.{node.name}" is not a workflow_dispatch input; defined are: {listed}',
                        )
                    continue
                if (
                    isinstance(node, Property)
                    and isinstance(node.obj, Property)
                    and site.place == "on.workflow_call.outputs.value"
                ):
                    yield from self._job_output(wf, jobs, site, node)
                if isinstance(node, Property) and job is not None:
                    yield from self._needs_output(wf, job, site, node)
                if not isinstance(node, Property) or not isinstance(node.obj, Variable):
                    continue
                context, name = node.obj.name.lower(), node.name
                if name == "*":
                    continue
                known = self._known(context, job, site, inputs)
                if known is None or name.lower() in known:
                    continue
                if context == "steps" and job is not None and name.lower() in _step_ids(job):
                    yield self.finding(
                        site.range(node.start, node.end),
                        f'"steps.{name}" is not available here: step "{name}" runs later (or is this step); its outputs are empty',
                    )
                    continue
                listed = ", ".join(f'"{k}"' for k in sorted(known)) or "none"
                yield self.finding(
                    site.range(node.start, node.end),
                    f'"{context}.{name}" is not defined; defined are: {listed}{did_you_mean(name, known)}',
                    fix=_rename(site, node, candidates(name, known)),
                )

    def _job_output(self, wf, jobs, site, node):
        """``jobs.<id>.outputs.<name>`` in a workflow_call output: the job and output must exist."""
        inner = node.obj  # jobs.<id>.outputs
        if not (isinstance(inner.obj, Property) and isinstance(inner.obj.obj, Variable)):
            return
        if inner.obj.obj.name.lower() != "jobs" or inner.name.lower() != "outputs":
            return
        job_id = inner.obj.name
        job = next((j for j in wf.jobs if j.id.lower() == job_id.lower()), None)
        if job is None:
            yield self.finding(
                site.range(inner.obj.start, inner.obj.end), f'job "{job_id}" is not defined in this workflow'
            )
            return
        outputs = job.get("outputs")
        if isinstance(outputs, Mapping) and node.name != "*":
            names = {k.value.lower() for k, _ in outputs.items() if isinstance(k, Scalar)}
            if node.name.lower() not in names:
                yield self.finding(
                    site.range(node.start, node.end),
                    f'job "{job.id}" has no output "{node.name}"{did_you_mean(node.name, names)}',
                    fix=_rename(site, node, candidates(node.name, names)),
                )
        elif outputs is None:
            yield self.finding(site.range(node.start, node.end), f'job "{job.id}" defines no outputs')

    def _needs_output(self, wf, job, site, node):
        """``needs.<job>.outputs.<name>``: the needed job must declare that output."""
        inner = node.obj
        if not (isinstance(inner, Property) and inner.name.lower() == "outputs" and isinstance(inner.obj, Property)):
            return
        target = inner.obj
        if not (isinstance(target.obj, Variable) and target.obj.name.lower() == "needs") or node.name == "*":
            return
        needed = next((j for j in wf.jobs if j.id.lower() == target.name.lower()), None)
        if needed is None or needed.node is None or needed.get("uses") is not None:
            return  # undefined (reported elsewhere) or a reusable workflow whose outputs we do not read
        outputs = needed.get("outputs")
        names = (
            {k.value.lower() for k, _ in outputs.items() if isinstance(k, Scalar)}
            if isinstance(outputs, Mapping)
            else None
        )
        if outputs is None:
            names = set()
        if names is not None and node.name.lower() not in names:
            listed = ", ".join(f'"{n}"' for n in sorted(names)) or "none"
            yield self.finding(
                site.range(node.start, node.end),
                f'job "{needed.id}" has no output "{node.name}" (its outputs: {listed}){did_you_mean(node.name, names)}',
                fix=_rename(site, node, candidates(node.name, names)),
            )

    def _known(self, context, job, site, inputs):
        if context == "inputs" and site.place == "on.workflow_call.inputs.default":
            return _inputs_before(site)
        if context == "inputs":
            return inputs
        if context == "secrets":
            return _declared_secrets(site.workflow)
        if job is None or job.node is None:
            return None
        if context == "needs":
            needs = job.get("needs")
            items = needs.items if isinstance(needs, Sequence) else [needs] if needs is not None else []
            if not all(isinstance(i, Scalar) and "${{" not in i.value for i in items):
                return None
            return {i.value.lower() for i in items}
        if context == "steps" and site.path[2:3] in (("steps",), ("outputs",), ("environment",)):
            ids = _step_ids(job)
            if ids is None or site.path[2:3] != ("steps",):
                return ids  # job outputs and environment are evaluated after every step
            # inside a step: only the steps before it have run
            here = next((s for s in job.steps if s.node.start <= site.scalar.start < s.node.end), None)
            if here is None:
                return ids
            before = _step_ids(job, until=here.index)
            return before
        if context == "matrix":
            return _matrix_keys(job)
        return None


def _declared_inputs(wf) -> set[str] | None:
    """Input names of workflow_call/workflow_dispatch; None when unknown (an expression, a list)."""
    events = wf.events()
    if not events:
        return None
    names: set[str] = set()
    for event in ("workflow_call", "workflow_dispatch"):
        if event not in events:
            continue
        config = events[event][1]
        if config is None or isinstance(config, Scalar) and config.is_null:
            continue
        if not isinstance(config, Mapping):
            return None
        decl = config.get("inputs")
        if decl is None or isinstance(decl, Scalar) and decl.is_null:
            continue
        if not isinstance(decl, Mapping):
            return None
        names |= {k.value.lower() for k, _ in decl.items() if isinstance(k, Scalar)}
    return names


def _step_ids(job, until: int | None = None) -> set[str] | None:
    """Lower-case ids of the job's steps (those before step index ``until`` when given); None
    when an id is computed by an expression."""
    ids: set[str] = set()
    for step in job.steps:
        if until is not None and step.index >= until:
            break
        sid = step.get("id")
        if isinstance(sid, Scalar):
            if "${{" in sid.value:
                return None
            ids.add(sid.value.lower())
    return ids


def _inputs_before(site) -> set[str] | None:
    """In an input's ``default:``, only the inputs declared before it exist."""
    config = site.workflow.events().get("workflow_call", (None, None))[1]
    decl = config.get("inputs") if isinstance(config, Mapping) else None
    if not isinstance(decl, Mapping):
        return None
    names: set[str] = set()
    for key, spec in decl.items():
        if not isinstance(key, Scalar):
            return None
        if isinstance(spec, Mapping) and spec.get("default") is site.scalar:
            return names
        names.add(key.value.lower())
    return None


def _declared_secrets(wf) -> set[str] | None:
    """A workflow only called by others (``on: workflow_call`` alone) that declares ``secrets:`` gets
    those secrets and GITHUB_TOKEN; an undeclared one is empty unless the caller uses ``secrets:
    inherit``, which a workflow that lists its secrets does not expect."""
    events = wf.events()
    if list(events) != ["workflow_call"]:
        return None
    config = events["workflow_call"][1]
    if not isinstance(config, Mapping) or "secrets" not in {
        k.value for k, _ in config.items() if isinstance(k, Scalar)
    }:
        return None
    decl = config.get("secrets")
    if decl is None or isinstance(decl, Scalar) and decl.is_null:
        return {"github_token"}
    if not isinstance(decl, Mapping):
        return None
    return {"github_token"} | {k.value.lower() for k, _ in decl.items() if isinstance(k, Scalar)}


def _matrix_keys(job) -> set[str] | None:
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
    if not isinstance(matrix, Mapping):
        return None if matrix is not None or strategy is not None else set()
    keys: set[str] = set()
    for key, value in matrix.items():
        if not isinstance(key, Scalar) or "${{" in key.value:
            return None
        if key.value in ("include", "exclude"):
            if key.value == "exclude":
                continue
            if not isinstance(value, Sequence):
                return None
            for row in value.items:
                if not isinstance(row, Mapping):
                    return None
                keys |= {k.value.lower() for k, _ in row.items() if isinstance(k, Scalar)}
        else:
            keys.add(key.value.lower())
    return keys


def _is_event_inputs(node) -> bool:
    return (
        isinstance(node, Property)
        and node.name.lower() == "inputs"
        and isinstance(node.obj, Property)
        and node.obj.name.lower() == "event"
        and isinstance(node.obj.obj, Variable)
        and node.obj.obj.name.lower() == "github"
    )


def _dispatch_inputs(wf) -> set[str] | None:
    """Inputs of workflow_dispatch when it is the only trigger (github.event.inputs is its payload)."""
    events = wf.events()
    if list(events) != ["workflow_dispatch"]:
        return None
    config = events["workflow_dispatch"][1]
    decl = config.get("inputs") if isinstance(config, Mapping) else None
    if decl is None:
        return set()
    if not isinstance(decl, Mapping):
        return None
    return {k.value.lower() for k, _ in decl.items() if isinstance(k, Scalar)}


class UnknownProperty(ActionsRule):
    """A property that the context does not have: ``github.events``, ``runner.OS_name``,
    ``steps.build.output`` (``outputs``), ``needs.build.results`` (``result``). The value is always
    empty.

    For ``github``, ``runner`` and ``job`` only a near miss of a known property is reported, since
    GitHub adds properties over time; ``strategy``, ``steps.<id>`` and ``needs.<id>`` are checked
    fully, and so are the outputs of a step running a popular action whose outputs are known
    (``steps.cache.outputs.hit`` for ``actions/cache``, which sets ``cache-hit``).

    Bad:

        if: ${{ github.events.pull_request.draft == false }}

    Good:

        if: ${{ github.event.pull_request.draft == false }}
    """

    code = "GA029"
    name = "unknown-property"
    message = "Unknown context property"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:expression",)
    fixable = True
    workflow_only = False

    def check_workflow(self, wf, ctx):
        jobs = {job.id: job for job in wf.jobs}
        for site in wf.expressions:
            if site.ast is None:
                continue
            for node in walk_expr(site.ast):
                if not isinstance(node, Property) or node.name == "*":
                    continue
                job = jobs.get(site.job_id) if site.job_id is not None else None
                if job is not None:
                    found = self._action_output(job, site, node)
                    if found is not None:
                        yield found
                        continue
                known, complete, what = self._known(node)
                if known is None:
                    continue
                name = node.name.lower()
                if name in known:
                    continue
                found = candidates(name, known)
                close = found[0] if found else None
                if complete or (close and difflib.SequenceMatcher(None, name, close).ratio() >= 0.8):
                    hint = f'; did you mean "{close}"?' if close else ""
                    rng = site.range(node.end - len(node.name), node.end)
                    yield self.finding(
                        rng, f'{what} has no property "{node.name}"{hint}', fix=_rename(site, node, found)
                    )

    def _action_output(self, job, site, node: Property):
        """``steps.<id>.outputs.<name>`` of a step running a popular action: the action must set it."""
        outputs = node.obj
        if not (
            isinstance(outputs, Property) and outputs.name.lower() == "outputs" and isinstance(outputs.obj, Property)
        ):
            return None
        step_ref = outputs.obj
        if not (isinstance(step_ref.obj, Variable) and step_ref.obj.name.lower() == "steps") or step_ref.name == "*":
            return None
        for step in job.steps:
            sid, uses = step.get("id"), step.get("uses")
            if isinstance(sid, Scalar) and sid.value.lower() == step_ref.name.lower():
                if not isinstance(uses, Scalar) or "@" not in uses.value:
                    return None
                action = uses.value.split("@", 1)[0].lower()
                known = ACTION_OUTPUTS.get(action)
                if known is None or node.name.lower() in known:
                    return None
                listed = ", ".join(f'"{o}"' for o in known) or "none"
                return self.finding(
                    site.range(node.end - len(node.name), node.end),
                    f'"{action}" (step "{sid.value}") sets no output "{node.name}"; its outputs: {listed}{did_you_mean(node.name, known)}',
                    fix=_rename(site, node, candidates(node.name, known)),
                )
        return None

    def _known(self, node: Property):
        obj = node.obj
        if isinstance(obj, Variable):
            entry = schema.CONTEXT_PROPERTIES.get(obj.name.lower())
            if entry is not None:
                return entry[0], entry[1], f'"{obj.name}"'
        if isinstance(obj, Property) and isinstance(obj.obj, Variable) and obj.name != "*":
            context = obj.obj.name.lower()
            if context == "steps":
                return schema.STEP_PROPERTIES, True, f'step "{obj.name}"'
            if context == "needs":
                return schema.NEEDS_PROPERTIES, True, f'job "{obj.name}" in needs'
        return None, False, ""


def _rename(site, node: Property, found: tuple[str, ...]) -> Fix | None:
    """Put the suggested name in place of the property's misspelt last part."""
    return replace_fix(site.range(node.end - len(node.name), node.end), node.name, found)
