"""Hover text for workflow keys, events, contexts and expression functions."""

from __future__ import annotations

from ...core.document import Document, Position
from ..yaml import Scalar, path_at
from . import schema
from .expressions import Call, Property, Variable, walk_expr
from .model import Workflow

KEYS = {
    "name": "The name shown in the Actions tab (workflow, job or step).",
    "run-name": "The name of each workflow run; may use `github` and `inputs`.",
    "on": "The events that trigger the workflow, with their filters (`branches`, `paths`, `types`...).",
    "permissions": "Scopes of the GITHUB_TOKEN: `read`, `write` or `none` per scope, or `read-all`/`write-all`.",
    "env": "Environment variables for all steps below this level.",
    "defaults": "Default `shell` and `working-directory` for `run` steps.",
    "concurrency": "Only one run (or job) of the `group` at a time; `cancel-in-progress` cancels the older one.",
    "jobs": "The jobs of the workflow, by id. Jobs run in parallel unless ordered with `needs`.",
    "runs-on": "The runner: a GitHub-hosted label (`ubuntu-latest`, `windows-latest`, `macos-latest`), self-hosted labels, or `group`/`labels`.",
    "needs": "Jobs that must succeed before this one starts; their outputs are in `needs.<job>.outputs`.",
    "if": "Condition to run the job or step; an expression, `${{ }}` optional. Status functions: `success()`, `always()`, `cancelled()`, `failure()`.",
    "steps": "The sequence of steps; each has `uses` (an action) or `run` (a script).",
    "uses": "An action (`owner/repo@ref`, `./path`, `docker://image`) for a step; a reusable workflow (`owner/repo/.github/workflows/x.yml@ref`) for a job.",
    "run": "A script run by the step's shell (bash on Linux/macOS, pwsh on Windows). `${{ }}` is substituted before the shell runs: pass untrusted values through `env`.",
    "with": "Inputs of the action or reusable workflow.",
    "shell": "Shell for `run`: bash, sh, pwsh, powershell, cmd, python, or a custom command with `{0}`.",
    "working-directory": "Directory the `run` script starts in.",
    "id": "Step id, used as `steps.<id>.outputs` and `steps.<id>.outcome`.",
    "timeout-minutes": "Minutes before GitHub cancels the job or step (default 360 for a job).",
    "continue-on-error": "When true, a failure does not fail the job (or workflow).",
    "strategy": "Job matrix (`matrix`, `include`, `exclude`), `fail-fast`, `max-parallel`.",
    "matrix": "Variables whose combinations each run the job once; read them with `matrix.<key>`.",
    "container": "A container every step of the job runs in (`image`, `credentials`, `env`, `ports`, `volumes`, `options`).",
    "services": "Service containers (databases, caches) started for the job.",
    "outputs": "Values the job exposes to jobs that need it (`needs.<job>.outputs.<name>`).",
    "environment": "Deployment environment (`name`, `url`): protection rules and environment secrets apply.",
    "secrets": "Secrets passed to a reusable workflow, or `inherit`.",
    "snapshot": "Create a custom runner image from the job (`image-name`, `version`).",
}

CONTEXTS = {
    "github": "Information about the run and the event (`github.ref`, `github.sha`, `github.event`, `github.actor`...). Parts of `github.event` are controlled by outside contributors.",
    "env": "Environment variables set in the workflow, job or step.",
    "vars": "Configuration variables of the repository, organisation or environment.",
    "job": "The current job: `status`, `container`, `services`.",
    "jobs": "Outputs and results of jobs, only in `on.workflow_call.outputs`.",
    "steps": "Steps of this job with an `id`: `steps.<id>.outputs`, `.outcome`, `.conclusion`.",
    "runner": "The runner: `os`, `arch`, `name`, `temp`, `tool_cache`, `debug`.",
    "secrets": "Secrets of the repository/organisation/environment, and `GITHUB_TOKEN`.",
    "strategy": "Matrix strategy of the job: `fail-fast`, `job-index`, `job-total`, `max-parallel`.",
    "matrix": "The matrix values of this job run.",
    "needs": "Outputs and results of the jobs listed in `needs`.",
    "inputs": "Inputs of `workflow_call` / `workflow_dispatch`.",
}

FUNCTIONS = {
    "contains": "`contains(search, item)`: true if the string contains the substring (case-insensitive) or the array holds the item.",
    "startswith": "`startsWith(string, prefix)`: case-insensitive prefix test.",
    "endswith": "`endsWith(string, suffix)`: case-insensitive suffix test.",
    "format": "`format(template, args...)`: replaces `{0}`, `{1}`... in the template.",
    "join": "`join(array, separator=',')`: the array's items joined.",
    "tojson": "`toJSON(value)`: pretty-printed JSON.",
    "fromjson": "`fromJSON(string)`: parses JSON (build a matrix, convert to a number or boolean).",
    "hashfiles": "`hashFiles(patterns...)`: SHA-256 of the matching files; empty string when none match.",
    "success": "`success()`: no previous step (or needed job) failed or was cancelled. Default condition.",
    "always": "`always()`: run even when cancelled or after failures.",
    "cancelled": "`cancelled()`: the workflow was cancelled.",
    "failure": "`failure()`: a previous step (or needed job) failed.",
    "case": "`case(cond1, value1, ..., default)`: the value of the first true condition, else the default.",
}


def hover(document: Document, model: Workflow | None, position: Position) -> str | None:
    if model is None or model.root is None or model.kind == "dependabot":  # workflow docs do not apply there
        return None
    offset = document.offset_at(position)
    for site in model.expressions:
        if site.ast is None:
            continue
        rng = site.full_range
        if not (rng.start <= position <= rng.end):
            continue
        for node in walk_expr(site.ast):
            r = site.range(node.start, node.end)
            if not (r.start <= position <= r.end):
                continue
            if isinstance(node, Call) and site.range(node.start, node.name_end).end >= position:
                return FUNCTIONS.get(node.name.lower())
            if isinstance(node, Variable):
                text = CONTEXTS.get(node.name.lower())
                return f"**{node.name}** context: {text}" if text else None
            if isinstance(node, Property) and isinstance(node.obj, Variable):
                continue
    chain = path_at(model.root, offset)
    if not chain:
        return None
    key, node = chain[-1]
    if key is not None and key is node and isinstance(key, Scalar):
        keys = [k.value for k, _ in chain[:-1] if isinstance(k, Scalar)]
        if keys[:1] == ["on"] and len(keys) == 1 and key.value in schema.EVENT_TYPES:
            return f"**{key.value}** event" + _event_types(key.value)
        text = KEYS.get(key.value)
        return f"**{key.value}**: {text}" if text else None
    parent_key = chain[-1][0]
    if (
        isinstance(node, Scalar)
        and isinstance(parent_key, Scalar)
        and parent_key.value == "on"
        and node.value in schema.EVENT_TYPES
    ):
        return f"**{node.value}** event" + _event_types(node.value)
    return None


def _event_types(event: str) -> str:
    types = schema.EVENT_TYPES.get(event)
    return f"; activity types: {', '.join(types)}" if types else ""
