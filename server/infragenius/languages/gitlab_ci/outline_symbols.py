"""The outline of a pipeline, in file order: ``stages``, ``variables``, ``include``, ``workflow``,
``default`` and the jobs (hidden ``.jobs`` as interfaces) with their script and rules."""

from __future__ import annotations

from ...core.document import Document
from ..yaml import Mapping, Node, Scalar, Sequence
from ..yaml.nodes import STR
from ..yaml.outline_symbols import Symbol, named_pairs, pair_symbol, symbol, text
from .keywords import RESERVED_TOP_LEVEL
from .model import Job, Pipeline

INCLUDE_KINDS = ("local", "remote", "project", "template", "component")
JOB_PARTS = ("script", "rules", "trigger")  # the keywords a job's outline shows, when written in it


def symbols(document: Document, model: object) -> list[Symbol] | None:
    if not isinstance(model, Pipeline) or model.root is None:
        return None
    out = [_entry(model, key, value) for key, value in named_pairs(model.root)]
    return [item for item in out if item is not None]


def _entry(pipeline: Pipeline, key: Scalar, value: Node) -> Symbol | None:
    name = key.value
    if name == "stages":
        items = value.items if isinstance(value, Sequence) else [value]
        stages = [symbol(s.value, "constant", s.range) for s in items if text(s) is not None]
        return pair_symbol(key, value, "enum", children=stages)
    if name == "variables":
        variables = [pair_symbol(k, v, "variable") for k, v in named_pairs(value)]
        return pair_symbol(key, value, "namespace", children=variables)
    if name == "include":
        return pair_symbol(key, value, "module", children=_includes(value))
    if name in ("workflow", "default"):
        return pair_symbol(key, value, "namespace")
    if name in RESERVED_TOP_LEVEL:
        return None
    return _job(pipeline, key, value)


def _includes(node: Node) -> list[Symbol]:
    out = []
    for item in node.items if isinstance(node, Sequence) else [node]:
        if text(item) is not None and item.type == STR:  # a number names no file
            remote = item.value.startswith(("http://", "https://"))  # as GitLab reads a bare string
            out.append(symbol(item.value, "file", item.range, detail="remote" if remote else "local"))
        elif isinstance(item, Mapping):
            kind = next((k for k in INCLUDE_KINDS if text(item.get(k)) is not None), None)
            if kind is not None:
                target = item.get(kind)
                out.append(symbol(target.value, "file", item.range, target.range, kind))
    return out


def _job(pipeline: Pipeline, key: Scalar, value: Node) -> Symbol:
    job = pipeline.jobs.get(key.value)
    if job is None or job.key is not key:
        job = None  # a duplicate key: the model holds the other one
    parts = [pair_symbol(k, v, "property") for k, v in named_pairs(value) if k.value in JOB_PARTS]
    kind = "interface" if key.value.startswith(".") else "class"
    return pair_symbol(key, value, kind, _stage(job), parts)


def _stage(job: Job | None) -> str | None:
    """The job's stage: written or inherited through ``extends``; ``test`` (GitLab's default) only
    for a visible, well-formed job whose ``extends`` were all read."""
    if job is None or job.mapping is None:
        return None
    stage = text(job.get("stage"))
    if stage is not None:
        return stage
    return "test" if not job.hidden and job.extends_ok and job.get("stage") is None else None
