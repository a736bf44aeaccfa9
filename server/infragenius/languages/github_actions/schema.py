"""What GitHub accepts in a workflow: keys, events and their filters, permissions, runners, contexts.

Sources: GitHub's "Workflow syntax for GitHub Actions", "Events that trigger workflows", "Contexts"
(the context availability table) and "Choosing the runner for a job" documentation pages.
"""

from __future__ import annotations

WORKFLOW_KEYS = ("name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs")
JOB_KEYS = (
    "name", "permissions", "needs", "if", "runs-on", "snapshot", "environment", "concurrency", "outputs", "env",
    "defaults", "steps", "timeout-minutes", "strategy", "continue-on-error", "container", "services", "uses",
    "with", "secrets",
)
# Keys a job that calls a reusable workflow may hold (GitHub rejects the others next to `uses`).
CALLER_JOB_KEYS = ("name", "uses", "with", "secrets", "needs", "if", "permissions", "strategy", "concurrency")
STEP_KEYS = (
    "id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env", "continue-on-error",
    "timeout-minutes",
)
ACTION_KEYS = ("name", "author", "description", "inputs", "outputs", "runs", "branding")

SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "concurrency": ("group", "cancel-in-progress"),
    "defaults": ("run",),
    "defaults.run": ("shell", "working-directory"),
    "environment": ("name", "url", "deployment"),
    "strategy": ("matrix", "fail-fast", "max-parallel"),
    "container": ("image", "credentials", "env", "ports", "volumes", "options"),
    "credentials": ("username", "password"),
    "runs-on": ("group", "labels"),
    "snapshot": ("image-name", "version"),
    "workflow_dispatch.input": ("description", "required", "default", "type", "options", "deprecationMessage"),
    "workflow_call.input": ("description", "required", "default", "type", "deprecationMessage"),
    "workflow_call.output": ("description", "value"),
    "workflow_call.secret": ("description", "required"),
    "workflow_call": ("inputs", "outputs", "secrets"),
    "workflow_dispatch": ("inputs",),
}

# Event name -> activity types (None: the event takes no `types`; () : any type, e.g. repository_dispatch).
EVENT_TYPES: dict[str, tuple[str, ...] | None] = {
    "branch_protection_rule": ("created", "edited", "deleted"),
    "check_run": ("created", "rerequested", "completed", "requested_action"),
    "check_suite": ("completed",),
    "create": None,
    "delete": None,
    "deployment": None,
    "deployment_status": None,
    "discussion": (
        "created", "edited", "deleted", "transferred", "pinned", "unpinned", "labeled", "unlabeled", "locked",
        "unlocked", "category_changed", "answered", "unanswered",
    ),
    "discussion_comment": ("created", "edited", "deleted"),
    "fork": None,
    "gollum": None,
    "image_version": ("created", "ready", "deleted"),
    "issue_comment": ("created", "edited", "deleted"),
    "issues": (
        "opened", "edited", "deleted", "transferred", "pinned", "unpinned", "closed", "reopened", "assigned",
        "unassigned", "labeled", "unlabeled", "locked", "unlocked", "milestoned", "demilestoned", "typed", "untyped",
    ),
    "label": ("created", "edited", "deleted"),
    "merge_group": ("checks_requested",),
    "milestone": ("created", "closed", "opened", "edited", "deleted"),
    "page_build": None,
    "project": ("created", "closed", "reopened", "edited", "deleted"),
    "project_card": ("created", "moved", "converted", "edited", "deleted"),
    "project_column": ("created", "updated", "moved", "deleted"),
    "public": None,
    "pull_request": (
        "assigned", "unassigned", "labeled", "unlabeled", "opened", "edited", "closed", "reopened", "synchronize",
        "converted_to_draft", "ready_for_review", "locked", "unlocked", "review_requested", "review_request_removed",
        "auto_merge_enabled", "auto_merge_disabled", "milestoned", "demilestoned", "enqueued", "dequeued",
    ),
    "pull_request_review": ("submitted", "edited", "dismissed"),
    "pull_request_review_comment": ("created", "edited", "deleted"),
    "push": None,
    "registry_package": ("published", "updated"),
    "release": ("published", "unpublished", "created", "edited", "deleted", "prereleased", "released"),
    "repository_dispatch": (),
    "schedule": None,
    "status": None,
    "watch": ("started",),
    "workflow_call": None,
    "workflow_dispatch": None,
    "workflow_run": ("completed", "requested", "in_progress"),
}
EVENT_TYPES["pull_request_target"] = EVENT_TYPES["pull_request"]

# Filters (other than `types`) and the events that take them.
FILTERS: dict[str, tuple[str, ...]] = {
    "branches": ("merge_group", "push", "pull_request", "pull_request_target", "workflow_run"),
    "branches-ignore": ("merge_group", "push", "pull_request", "pull_request_target", "workflow_run"),
    "paths": ("push", "pull_request", "pull_request_target"),
    "paths-ignore": ("push", "pull_request", "pull_request_target"),
    "tags": ("push",),
    "tags-ignore": ("push",),
    "workflows": ("workflow_run",),
    "names": ("image_version",),
    "versions": ("image_version",),
}
EXCLUSIVE_FILTERS = (("branches", "branches-ignore"), ("tags", "tags-ignore"), ("paths", "paths-ignore"))

PERMISSION_SCOPES: dict[str, tuple[str, ...]] = {
    "actions": ("read", "write", "none"),
    "artifact-metadata": ("read", "write", "none"),
    "attestations": ("read", "write", "none"),
    "checks": ("read", "write", "none"),
    "contents": ("read", "write", "none"),
    "deployments": ("read", "write", "none"),
    "discussions": ("read", "write", "none"),
    "id-token": ("write", "none"),
    "issues": ("read", "write", "none"),
    "models": ("read", "none"),
    "packages": ("read", "write", "none"),
    "pages": ("read", "write", "none"),
    "pull-requests": ("read", "write", "none"),
    "repository-projects": ("read", "write", "none"),
    "security-events": ("read", "write", "none"),
    "statuses": ("read", "write", "none"),
}
PERMISSION_ALL = ("read-all", "write-all")

# GitHub-hosted runner labels (standard and larger macOS images). Compared case-insensitively.
GITHUB_HOSTED_LABELS = (
    "ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "ubuntu-slim",
    "windows-latest", "windows-2025", "windows-2022", "windows-11-arm", "windows-latest-8-cores",
    "macos-latest", "macos-26", "macos-15", "macos-14",
    "macos-latest-large", "macos-26-large", "macos-15-large", "macos-14-large",
    "macos-latest-xlarge", "macos-26-xlarge", "macos-15-xlarge", "macos-14-xlarge",
    "macos-15-intel",
)
# Retired images: a job asking for them waits for a runner that never comes.
RETIRED_LABELS = (
    "ubuntu-16.04", "ubuntu-18.04", "ubuntu-20.04", "windows-2016", "windows-2019", "macos-10.13", "macos-10.14", "macos-10.15",
    "macos-11", "macos-12", "macos-13", "macos-13-large", "macos-13-xlarge",  # macOS 13: retired December 2025
)
SELF_HOSTED_LABELS = ("self-hosted", "linux", "macos", "windows", "x64", "x86", "arm", "arm64")

CONTEXTS = ("github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs", "inputs")

# Function name (lower case) -> (spelling, min args, max args or None for variadic).
FUNCTIONS: dict[str, tuple[str, int, int | None]] = {
    "contains": ("contains", 2, 2),
    "startswith": ("startsWith", 2, 2),
    "endswith": ("endsWith", 2, 2),
    "format": ("format", 1, None),
    "join": ("join", 1, 2),
    "tojson": ("toJSON", 1, 1),
    "fromjson": ("fromJSON", 1, 1),
    "hashfiles": ("hashFiles", 1, None),
    "success": ("success", 0, 0),
    "always": ("always", 0, 0),
    "cancelled": ("cancelled", 0, 0),
    "failure": ("failure", 0, 0),
    "case": ("case", 3, None),
}
STATUS_FUNCTIONS = ("success", "always", "cancelled", "failure")

# Context availability ("Contexts" documentation): place -> (contexts, special functions).
_STEP = ("github", "needs", "strategy", "matrix", "job", "runner", "env", "vars", "secrets", "steps", "inputs")
_JOB = ("github", "needs", "strategy", "matrix", "vars", "inputs")
AVAILABILITY: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "run-name": (("github", "inputs", "vars"), ()),
    "concurrency": (("github", "inputs", "vars"), ()),
    "env": (("github", "secrets", "inputs", "vars"), ()),
    "on.workflow_call.inputs.default": (("github", "inputs", "vars"), ()),
    "on.workflow_call.outputs.value": (("github", "jobs", "vars", "inputs"), ()),
    "jobs.concurrency": (_JOB, ()),
    "jobs.container": (_JOB, ()),
    "jobs.container.credentials": (_JOB + ("env", "secrets"), ()),
    "jobs.container.env": (_JOB + ("job", "runner", "env", "secrets"), ()),
    "jobs.continue-on-error": (_JOB, ()),
    "jobs.defaults.run": (_JOB + ("env",), ()),
    "jobs.env": (_JOB + ("secrets",), ()),
    "jobs.environment": (_JOB, ()),
    "jobs.environment.url": (_JOB + ("job", "runner", "env", "steps"), ()),
    "jobs.if": (("github", "needs", "vars", "inputs"), STATUS_FUNCTIONS),
    "jobs.snapshot.if": (_JOB, STATUS_FUNCTIONS),
    "jobs.name": (_JOB, ()),
    "jobs.outputs": (_STEP, ()),
    "jobs.runs-on": (_JOB, ()),
    "jobs.secrets": (_JOB + ("secrets",), ()),
    "jobs.services": (_JOB, ()),
    "jobs.services.credentials": (_JOB + ("env", "secrets"), ()),
    "jobs.services.env": (_JOB + ("job", "runner", "env", "secrets"), ()),
    "jobs.steps.continue-on-error": (_STEP, ("hashfiles",)),
    "jobs.steps.env": (_STEP, ("hashfiles",)),
    "jobs.steps.if": (tuple(c for c in _STEP if c != "secrets"), STATUS_FUNCTIONS + ("hashfiles",)),
    "jobs.steps.name": (_STEP, ("hashfiles",)),
    "jobs.steps.run": (_STEP, ("hashfiles",)),
    "jobs.steps.timeout-minutes": (_STEP, ("hashfiles",)),
    "jobs.steps.with": (_STEP, ("hashfiles",)),
    "jobs.steps.working-directory": (_STEP, ("hashfiles",)),
    "jobs.strategy": (("github", "needs", "vars", "inputs"), ()),
    # No context at all (GitHub's workflow schema, as actionlint reads it).
    "defaults.run": ((), ()),
    "jobs.steps.id": ((), ()),
    "jobs.steps.shell": ((), ()),
    "jobs.timeout-minutes": (_JOB, ()),
    "jobs.with": (_JOB, ()),
}
SPECIAL_FUNCTIONS = STATUS_FUNCTIONS + ("hashfiles",)

# Contexts whose values an outside contributor controls (zizmor's template-injection list, trimmed to
# the fields that hold free text or a ref name the attacker chooses).
UNTRUSTED_INPUTS = (
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.comment.body",
    "github.event.review.body",
    "github.event.review_comment.body",
    "github.event.pages.*.page_name",
    "github.event.commits.*.message",
    "github.event.commits.*.author.email",
    "github.event.commits.*.author.name",
    "github.event.head_commit.message",
    "github.event.head_commit.author.email",
    "github.event.head_commit.author.name",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_commit.message",
    "github.event.workflow_run.head_commit.author.email",
    "github.event.workflow_run.head_commit.author.name",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.discussion.title",
    "github.event.discussion.body",
    "github.event.issue.pull_request.title",
    "github.head_ref",
)

# Properties of contexts. Where a set is marked complete, any other name is reported; for the others
# only a near miss of a known name is (GitHub adds properties over time).
CONTEXT_PROPERTIES: dict[str, tuple[tuple[str, ...], bool]] = {
    "github": (
        (
            "action", "action_path", "action_ref", "action_repository", "action_status", "actor", "actor_id", "api_url",
            "base_ref", "env", "event", "event_name", "event_path", "graphql_url", "head_ref", "job", "path", "ref",
            "ref_name", "ref_protected", "ref_type", "repository", "repository_id", "repository_owner",
            "repository_owner_id", "repositoryurl", "retention_days", "run_id", "run_number", "run_attempt",
            "secret_source", "server_url", "sha", "token", "triggering_actor", "workflow", "workflow_ref",
            "workflow_sha", "workspace", "output", "state", "step_summary", "job_workflow_sha",
        ),
        False,
    ),
    "runner": (("name", "os", "arch", "temp", "tool_cache", "debug", "environment"), False),
    "job": (
        ("status", "container", "services", "check_run_id", "workflow_ref", "workflow_sha", "workflow_repository", "workflow_file_path"),
        False,
    ),
    "strategy": (("fail-fast", "job-index", "job-total", "max-parallel"), True),
}
STEP_PROPERTIES = ("outputs", "outcome", "conclusion")
NEEDS_PROPERTIES = ("outputs", "result")
