"""The pipeline model: jobs with their effective keywords after ``extends`` and local includes.

A pipeline is often spread over several files. Local includes are followed (through the workspace, so
unsaved editor buffers count); remote, project, template and component includes cannot be read
offline, so the pipeline is marked *incomplete* and the rules that need the whole picture (undefined
jobs, stages, extends targets) stay silent rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..yaml import Mapping, Node, Scalar, Sequence, YamlStream
from .keywords import DEFAULT_STAGES, RESERVED_TOP_LEVEL


@dataclass
class Job:
    name: str
    key: Scalar  # the job's key node (for positions)
    body: Node  # the job's value as written (a mapping for a well-formed job)
    source: Path | None  # file the job comes from (None: the analysed document)
    effective: dict[str, Node] = field(default_factory=dict)  # keyword -> node after extends (deep-merged)
    extends_ok: bool = True  # every extends target was found (effective is complete)

    @property
    def hidden(self) -> bool:
        return self.name.startswith(".")

    @property
    def mapping(self) -> Mapping | None:
        return self.body if isinstance(self.body, Mapping) else None

    def get(self, keyword: str) -> Node | None:
        return self.effective.get(keyword)


@dataclass
class Pipeline:
    root: Mapping | None
    stream: YamlStream
    jobs: dict[str, Job]  # the analysed document's jobs and those of local includes
    local_jobs: list[Job]  # jobs written in the analysed document
    stages: list[str] | None  # declared stages (None: not declared anywhere we could read)
    stages_node: Node | None
    incomplete: bool  # some include could not be read: cross-references are unknown
    includes: list[Include] = field(default_factory=list)

    @property
    def known_stages(self) -> list[str]:
        return self.stages if self.stages is not None else list(DEFAULT_STAGES)

    def stage_index(self, stage: str) -> int | None:
        stages = [".pre", *[s for s in self.known_stages if s not in (".pre", ".post")], ".post"]
        return stages.index(stage) if stage in stages else None

    def job_stage(self, job: Job) -> str:
        node = job.get("stage")
        return node.value if isinstance(node, Scalar) and isinstance(node.value, str) else "test"


@dataclass
class Include:
    kind: str  # local | remote | project | template | component
    target: str
    node: Node
    path: Path | None = None  # resolved local file
    found: bool = False
    checked: bool = False  # looked up from a known repository root (a miss is then certain)
    root: Path | None = None  # the repository root a local target is relative to


def merge_extended(base: dict[str, Node], own: dict[str, Node]) -> dict[str, Node]:
    """A job's keywords over those of the job it ``extends``, as GitLab merges them: hashes
    (``variables:``, ``cache:``, ``artifacts:``) key by key at every depth, the job's own winning;
    lists (``script:``, ``tags:``, ``rules:``) and scalars replaced whole."""
    merged = dict(base)
    for keyword, node in own.items():
        merged[keyword] = _deep_merge(merged.get(keyword), node)
    return merged


def _deep_merge(base: Node | None, own: Node) -> Node:
    if not isinstance(base, Mapping) or not isinstance(own, Mapping) or base is own:
        return own
    own_pairs = {k.value: (k, v) for k, v in own.items() if isinstance(k, Scalar)}
    pairs: list[tuple[Node, Node]] = []
    for key, value in base.items():
        name = key.value if isinstance(key, Scalar) else None
        if name in own_pairs:
            own_key, own_value = own_pairs.pop(name)
            pairs.append((own_key, _deep_merge(value, own_value)))  # the job's key: positions point at it
        else:
            pairs.append((key, value))
    pairs += [(k, v) for k, v in own.items() if not isinstance(k, Scalar) or k.value in own_pairs]
    return Mapping(pairs, own.flow, own.start, own.end, own.start_pos, own.end_pos, own.tag, own.anchor)


def is_job_key(name: str, value: Node) -> bool:
    """GitLab treats every top-level key that is not a global keyword as a job."""
    return name not in RESERVED_TOP_LEVEL


def scalar_strings(node: Node | None) -> list[Scalar]:
    """The string scalars of a scalar or a sequence of scalars."""
    if isinstance(node, Scalar) and not node.is_null:
        return [node]
    if isinstance(node, Sequence):
        return [item for item in node.items if isinstance(item, Scalar) and not item.is_null]
    return []
