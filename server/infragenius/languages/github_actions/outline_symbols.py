"""The outline of a workflow (``on``, ``env``, ``permissions``, jobs and their steps) or of an action
(``inputs``, ``outputs``, ``runs`` and a composite action's steps)."""

from __future__ import annotations

from ...core.document import Document
from ..yaml import Mapping, Node, Scalar, Sequence
from ..yaml.outline_symbols import Symbol, first_line, named_pairs, pair_symbol, symbol, text
from .model import Job, Workflow


def symbols(document: Document, model: object) -> list[Symbol] | None:
    if not isinstance(model, Workflow) or model.root is None:
        return None
    build = _action_entry if model.kind == "action" else _workflow_entry
    out = [build(model, key, value) for key, value in named_pairs(model.root)]
    return [item for item in out if item is not None]


def _workflow_entry(wf: Workflow, key: Scalar, value: Node) -> Symbol | None:
    name = key.value
    if name == "on":
        return pair_symbol(key, value, "event", children=_events(wf))
    if name == "env":
        return pair_symbol(key, value, "namespace", children=_keys(value, "variable"))
    if name == "permissions":
        return pair_symbol(key, value, "key", text(value), _keys(value, "property", with_value=True))
    if name == "jobs":
        # the model's jobs are those of the first ``jobs:``; a duplicate key's range drops them
        return pair_symbol(key, value, "namespace", children=[_job(job) for job in wf.jobs])
    return None


def _action_entry(wf: Workflow, key: Scalar, value: Node) -> Symbol | None:
    name = key.value
    if name in ("inputs", "outputs"):
        return pair_symbol(key, value, "namespace", children=_keys(value, "variable"))
    if name == "runs":
        using = text(value.get("using")) if isinstance(value, Mapping) else None
        steps = value.get("steps") if isinstance(value, Mapping) else None
        return pair_symbol(key, value, "namespace", using, _steps(steps))
    return None


def _events(wf: Workflow) -> list[Symbol]:
    out = []
    for name, (node, config) in wf.events().items():
        if isinstance(name, str) and name:
            out.append(pair_symbol(node, config, "event"))
    return out


def _keys(node: Node | None, kind: str, with_value: bool = False) -> list[Symbol]:
    return [pair_symbol(k, v, kind, text(v) if with_value else None) for k, v in named_pairs(node)]


def _job(job: Job) -> Symbol:
    detail = text(job.get("name")) or text(job.get("runs-on")) or text(job.get("uses"))
    return pair_symbol(job.key, job.node, "class", detail, _steps(job.get("steps")))


def _steps(node: Node | None) -> list[Symbol]:
    if not isinstance(node, Sequence):
        return []
    return [_step(item, index) for index, item in enumerate(node.items) if isinstance(item, Mapping)]


def _step(node: Mapping, index: int) -> Symbol:
    """Named by ``name:``, else ``uses:``, else the first line of ``run:`` (``step N`` otherwise)."""
    label, where = f"step {index + 1}", None
    for key in ("name", "uses", "run"):
        value = text(node.get(key))
        if value is not None:
            # a script is picked by its key: its text may span many lines
            label, where = (first_line(value), node.key_node(key)) if key == "run" else (value.strip(), node.get(key))
            break
    selection = where.range if where is not None else None
    return symbol(label or f"step {index + 1}", "method", node.range, selection, text(node.get("id")))
