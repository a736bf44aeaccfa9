"""Hover: what a GitLab CI keyword does, and where an extended or needed job is defined."""

from __future__ import annotations

from ...core.document import Document, Position
from ..yaml import Scalar, path_at
from .model import Pipeline

KEYWORD_DOCS: dict[str, str] = {
    "after_script": "Commands that run after each job, including failed ones, in a separate shell.",
    "allow_failure": "Let the pipeline continue when this job fails (`true`, or `exit_codes:`).",
    "artifacts": "Files and directories to attach to the job (`paths`, `reports`, `expire_in`, `when`).",
    "before_script": "Commands that run before `script`, in the same shell.",
    "cache": "Files to keep between jobs and pipelines (`key`, `paths`, `policy`).",
    "coverage": "A regular expression that extracts code coverage from the job log.",
    "default": "Default values for keywords of every job (`image`, `before_script`, `tags`, ...).",
    "dependencies": "Jobs of earlier stages whose artifacts this job downloads (empty list: none).",
    "environment": "The environment this job deploys to (`name`, `url`, `action`, `on_stop`).",
    "extends": "Jobs or hidden templates whose configuration this job inherits (merged in order).",
    "image": "The Docker image the job runs in. Pin a version tag or digest.",
    "include": "Configuration from other files: `local`, `project`, `remote`, `template`, `component`.",
    "inherit": "Whether the job inherits `default:` keywords and global `variables`.",
    "interruptible": "Whether a newer pipeline may cancel this job while it runs.",
    "needs": "Jobs this one waits for (a DAG): it starts as soon as they finish, regardless of stages.",
    "only": "Legacy: when to create the job. Prefer `rules`; cannot be combined with it.",
    "except": "Legacy: when not to create the job. Prefer `rules`; cannot be combined with it.",
    "parallel": "Run N copies of the job (1-200), or one per `matrix` combination.",
    "release": "Create a GitLab release (`tag_name`, `description`, `assets`).",
    "resource_group": "Allow only one job of this group to run at a time (deployments).",
    "retry": "How many times to retry the job on failure (0-2), optionally only `when` certain failures.",
    "rules": "Conditions (`if`, `changes`, `exists`) deciding whether and how the job runs; first match wins.",
    "script": "The shell commands the job runs. Required unless the job uses `trigger` or `run`.",
    "secrets": "CI/CD secrets from an external provider (Vault, Azure Key Vault, GCP Secret Manager).",
    "services": "Additional containers (databases, docker:dind) linked to the job's container.",
    "stage": "The stage the job belongs to; must be listed in `stages` (default: `test`).",
    "stages": "The ordered list of stages. Default: .pre, build, test, deploy, .post.",
    "tags": "Runner tags: which runners may pick up the job.",
    "timeout": "How long the job may run before it is stopped (e.g. `1h 30m`).",
    "trigger": "Start a downstream pipeline (another project, or a child pipeline from a file).",
    "variables": "CI/CD variables for the job or the pipeline. Never put secrets here: use masked variables.",
    "when": "When to run: on_success, on_failure, always, manual, delayed (with start_in), never.",
    "workflow": "Pipeline-level `rules` and `name`: whether a pipeline is created at all.",
}


def hover(document: Document, pipeline: Pipeline | None, position: Position) -> str | None:
    if pipeline is None or pipeline.root is None:
        return None
    chain = path_at(pipeline.root, document.offset_at(position))
    if not chain:
        return None
    key, node = chain[-1]
    if key is node and isinstance(node, Scalar):
        doc = KEYWORD_DOCS.get(str(node.value))
        if doc and (len(chain) <= 3):
            return f"**{node.value}** (GitLab CI)\n\n{doc}"
        job = pipeline.jobs.get(str(node.value))
        if job is not None and len(chain) == 2:
            return f"**Job `{job.name}`** — stage `{pipeline.job_stage(job)}`"
    if isinstance(node, Scalar) and isinstance(node.value, str):
        target = pipeline.jobs.get(node.value)
        if target is not None and node is not target.key:
            where = f"{target.source.name}:" if target.source else "line "
            return f"**Job `{target.name}`** defined at {where}{target.key.start_pos.line + 1}, stage `{pipeline.job_stage(target)}`"
    return None
