"""Go-to-definition in GitLab CI: job names in ``needs:``, ``dependencies:``, ``extends:``,
``environment: on_stop:`` and ``!reference [job, key]`` jump to the job's key (also in a locally
included file), a job's ``stage:`` to its entry in ``stages:``, and a local ``include`` to the file; a ``docker build``'s ``-f`` or context opens the Dockerfile
(``links.py``)."""

from __future__ import annotations

from ...core.document import Document, Position, Range
from ..yaml import Mapping, Node, Scalar, Sequence, path_at, string_value
from .links import dockerfile_target
from .model import Job, Pipeline

# keywords under a job whose values name other jobs (``rules:`` items may carry ``needs:``)
_JOB_LISTS = frozenset({"needs", "dependencies", "extends"})
_FILE_START = Range.of(0, 0, 0, 0)


def definition(document: Document, pipeline: Pipeline | None, position: Position):
    if not isinstance(pipeline, Pipeline) or pipeline.root is None:
        return None
    found = target_of(pipeline, path_at(pipeline.root, document.offset_at(position)))
    return found or dockerfile_target(document, pipeline, position)


def target_of(pipeline: Pipeline, chain: list[tuple[Node | None, Node]]):
    """The target of the scalar ending ``chain`` (as ``path_at`` builds it); shared with references,
    which walks the chains of every scalar, included jobs' bodies too."""
    if len(chain) < 3:
        return None
    key, node = chain[-1]
    if not isinstance(node, Scalar) or key is node or not isinstance(node.value, str):
        return None
    if string_value(chain[1][0]) == "include":
        return _include(pipeline, node)
    reference = _reference_target(pipeline, chain, node)
    if reference is not None:
        return reference
    keyword, depth = _keyword(chain)
    if keyword in _JOB_LISTS and _job_keyword(chain, depth):
        return _job(pipeline, node.value, node)
    if keyword == "on_stop" and depth == 3 and string_value(chain[2][0]) == "environment":
        return _job(pipeline, node.value, node)
    if (
        keyword == "job"
        and depth >= 2
        and string_value(chain[depth - 2][0]) == "needs"
        and _job_keyword(chain, depth - 2)
    ):
        item = chain[depth - 1][1]
        if isinstance(item, Mapping) and ("project" in item or "pipeline" in item):
            return None  # a job of another project or pipeline: not in these files
        return _job(pipeline, node.value, node)
    if keyword == "stage" and depth == 2:  # a job's own stage
        return _stage(pipeline, node)
    return None


def _keyword(chain: list[tuple[Node | None, Node]]) -> tuple[str | None, int]:
    """The mapping key the scalar sits under, looking through one sequence (``needs: [a, b]``), and
    the index in the chain of the value under that key."""
    depth = len(chain) - 1
    if chain[depth][0] is None and depth >= 1:
        depth -= 1
    return string_value(chain[depth][0]), depth


def _job_keyword(chain: list[tuple[Node | None, Node]], depth: int) -> bool:
    """Is chain[depth] a keyword of the job itself, or of one of its ``rules:`` items?"""
    return depth == 2 or (depth == 4 and string_value(chain[2][0]) == "rules" and chain[3][0] is None)


def _job(pipeline: Pipeline, name: str, origin: Scalar):
    job = pipeline.jobs.get(name)
    if job is None or job.key is origin:
        return None
    return job.source, job.key.range, origin.range


def _reference_target(pipeline: Pipeline, chain, node: Scalar):
    """``!reference [.job, script]``: the first item names a job, the next ones keys inside it."""
    sequence = chain[-2][1] if chain[-1][0] is None else None
    if not isinstance(sequence, Sequence) or sequence.tag != "!reference":
        return None
    items = sequence.items
    index = next((i for i, item in enumerate(items) if item is node), None)
    if index is None or not all(isinstance(i, Scalar) for i in items[: index + 1]):
        return None
    job: Job | None = pipeline.jobs.get(items[0].value)
    if job is None:
        return None
    if index == 0:
        return job.source, job.key.range, node.range
    current: Node | None = job.body
    key: Node | None = None
    for item in items[1 : index + 1]:
        if not isinstance(current, Mapping):
            return None
        pair = current.pair(item.value)
        if pair is None:
            return None
        key, current = pair
    return (job.source, key.range, node.range) if key is not None else None


def _stage(pipeline: Pipeline, node: Scalar):
    stages = pipeline.stages_node
    if not isinstance(stages, Sequence):
        return None
    for item in stages.items:
        if isinstance(item, Scalar) and item.value == node.value:
            return None, item.range, node.range
    return None


def _include(pipeline: Pipeline, node: Scalar):
    for include in pipeline.includes:
        if include.kind != "local" or include.path is None or not include.node.contains(node.start):
            continue
        if include.target == node.value:
            return include.path, _FILE_START, node.range
    return None
