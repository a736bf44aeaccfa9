"""Build the pipeline model from ``.gitlab-ci.yml`` and the local files it includes."""

from __future__ import annotations

import logging
from pathlib import Path

from ...core.context import Context
from ...core.document import Document
from ..yaml import Mapping, Node, Scalar, Sequence, parse_yaml
from .model import Include, Job, Pipeline, is_job_key, merge_extended, scalar_strings

log = logging.getLogger(__name__)
MAX_INCLUDES = 150  # GitLab's own limit per pipeline
MAX_EXTENDS_DEPTH = 11


def parse(document: Document, ctx: Context | None = None) -> Pipeline:
    stream = parse_yaml(document.text)
    if ctx is not None:
        for problem in stream.syntax_errors:
            ctx.syntax_error(problem.range, problem.message)
    root = _pipeline_root(stream)
    local_jobs = _jobs(root, None)
    jobs: dict[str, Job] = {}
    stages_node = root.get("stages") if root else None
    stages = [s.value for s in scalar_strings(stages_node)] if stages_node is not None else None

    includes: list[Include] = []
    incomplete = False
    if root is not None and ctx is not None:
        repo_root = _repo_root(document.path)
        included_jobs, included_stages, includes, incomplete = _follow_includes(root, repo_root, ctx, document.path)
        for job in included_jobs:
            jobs[job.name] = job
        if stages is None and included_stages is not None:
            stages = included_stages
    elif root is not None and root.get("include") is not None:
        incomplete = True
    for job in local_jobs:
        base = jobs.get(job.name)
        if base is not None and base.mapping is not None:
            job.effective = merge_extended(base.effective, job.effective)  # GitLab merges the two
        jobs[job.name] = job
    if document.path is not None and document.path.name != ".gitlab-ci.yml":
        incomplete = True  # an included fragment: the rest of the pipeline is elsewhere
    pipeline = Pipeline(root, stream, jobs, local_jobs, stages, stages_node, incomplete, includes)
    for job in jobs.values():
        _resolve_extends(job, pipeline)
    return pipeline


def _pipeline_root(stream) -> Mapping | None:
    """The pipeline document: the second one when the first is a ``spec:`` header."""
    docs = [d.root for d in stream.documents if d.root is not None]
    if len(docs) >= 2 and isinstance(docs[0], Mapping) and docs[0].keys() == ["spec"]:
        return docs[1] if isinstance(docs[1], Mapping) else None
    return docs[0] if docs and isinstance(docs[0], Mapping) else None


def _jobs(root: Mapping | None, source: Path | None) -> list[Job]:
    if root is None:
        return []
    jobs = []
    for key, value in root.items():
        if isinstance(key, Scalar) and isinstance(key.value, str) and is_job_key(key.value, value):
            job = Job(key.value, key, value, source)
            if isinstance(value, Mapping):
                job.effective = dict(_pairs(value))
            jobs.append(job)
    return jobs


def _pairs(mapping: Mapping):
    for k, v in mapping.items():
        if isinstance(k, Scalar):
            yield k.value, v


# -- includes ----------------------------------------------------------------------------------
def _include_entries(node: Node | None) -> list[tuple[str, str, Node]]:
    """(kind, target, node) for each include entry; unreadable shapes are skipped."""
    if node is None:
        return []
    items = node.items if isinstance(node, Sequence) else [node]
    out = []
    for item in items:
        if isinstance(item, Scalar) and isinstance(item.value, str):
            kind = "remote" if item.value.startswith(("http://", "https://")) else "local"
            out.append((kind, item.value, item))
        elif isinstance(item, Mapping):
            for kind in ("local", "remote", "project", "template", "component"):
                target = item.get(kind)
                if isinstance(target, Scalar):
                    out.append((kind, str(target.value), item))
                    break
    return out


def _repo_root(path: Path | None) -> Path | None:
    if path is None:
        return None
    folder = path.resolve().parent
    return _marked_root(folder) or folder


def _marked_root(folder: Path) -> Path | None:
    """The nearest folder holding ``.git`` or ``.gitlab-ci.yml``: where local includes start."""
    for candidate in [folder, *folder.parents]:
        if (candidate / ".git").exists() or (candidate / ".gitlab-ci.yml").is_file():
            return candidate
    return None


def _follow_includes(root: Mapping, repo_root: Path | None, ctx: Context, own: Path | None):
    jobs: list[Job] = []
    stages: list[str] | None = None
    includes: list[Include] = []
    incomplete = False
    seen: set[Path] = {own.resolve()} if own else set()
    # without a repository marker the root is a guess: a file missing there proves nothing
    certain = repo_root is not None and _marked_root(repo_root) == repo_root
    queue = [(root, True)]
    while queue and len(includes) < MAX_INCLUDES:
        mapping, top = queue.pop(0)
        for kind, target, node in _include_entries(mapping.get("include")):
            include = Include(kind, target, node)
            if top:
                includes.append(include)
            if kind != "local" or repo_root is None or "$" in target:
                incomplete = True
                continue
            paths = _expand_local(repo_root, target)
            include.root = repo_root
            include.found = bool(paths)
            include.checked = bool(paths) or certain
            if not paths:
                incomplete = True
            for path in paths:
                include.path = path
                if path.resolve() in seen:
                    continue
                seen.add(path.resolve())
                text = ctx.workspace.read_text(path)
                if text is None:
                    incomplete = True
                    continue
                sub = _pipeline_root(parse_yaml(text))
                if sub is None:
                    continue
                jobs.extend(_jobs(sub, path))
                sub_stages = sub.get("stages")
                if sub_stages is not None:
                    stages = [s.value for s in scalar_strings(sub_stages)]
                queue.append((sub, False))
    return jobs, stages, includes, incomplete


def _expand_local(repo_root: Path, target: str) -> list[Path]:
    relative = target.lstrip("/")
    if any(ch in relative for ch in "*?["):
        return sorted(p for p in repo_root.glob(relative) if p.is_file())
    path = repo_root / relative
    return [path] if path.is_file() else []


# -- extends -----------------------------------------------------------------------------------
def extends_targets(job: Job) -> list[Scalar]:
    mapping = job.mapping
    return scalar_strings(mapping.get("extends")) if mapping is not None else []


def _resolve_extends(job: Job, pipeline: Pipeline, stack: tuple[str, ...] = ()) -> dict[str, Node]:
    """Effective keywords: parents merged in order, then the job's own keys (GitLab's semantics:
    hashes deep-merged, lists replaced)."""
    if job.mapping is None:
        return {}
    targets = extends_targets(job)
    if not targets:
        return job.effective
    if job.name in stack or len(stack) > MAX_EXTENDS_DEPTH:
        job.extends_ok = False
        return job.effective
    merged: dict[str, Node] = {}
    for target in targets:
        parent = pipeline.jobs.get(target.value)
        if parent is None or parent.mapping is None:
            job.extends_ok = False
            continue
        merged = merge_extended(merged, _resolve_extends(parent, pipeline, (*stack, job.name)))
        job.extends_ok = job.extends_ok and parent.extends_ok
    merged = merge_extended(merged, {k: v for k, v in job.effective.items() if k != "extends"})
    job.effective = merged
    return merged
