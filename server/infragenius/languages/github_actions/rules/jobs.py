"""Jobs: ``uses:`` references, runner labels, outdated actions."""

from __future__ import annotations

import re

from ....core.document import Range
from ....core.findings import Edit, Fix, Severity
from ....core.suggest import candidates
from ...yaml import Scalar, Sequence
from ...yaml.fixes import rename_fix
from .. import schema
from ..values import has_expression
from ._base import ActionsRule

_REMOTE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[^@\s]+$")
_WORKFLOW_CALL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+/[^@\s]+\.ya?ml@[^@\s]+$")
_LOCAL_WORKFLOW = re.compile(r"^(?:\./|\$/)[^@\s]+\.ya?ml$")  # "$/" is the self-repository reference


class InvalidUses(ActionsRule):
    """A ``uses:`` reference GitHub cannot resolve.

    Steps take ``owner/repo@ref`` (or ``owner/repo/path@ref``), ``./local/path``, ``$/path`` (this
    repository) or ``docker://image``; a job calling a reusable workflow takes
    ``owner/repo/.github/workflows/x.yml@ref``, ``./.github/workflows/x.yml`` or
    ``$/.github/workflows/x.yml``. A missing ``@ref`` is the usual mistake.

    Bad:

        steps:
          - uses: actions/checkout

    Good:

        steps:
          - uses: actions/checkout@v4
    """

    code = "GA014"
    name = "invalid-uses"
    message = "Invalid uses reference"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:action", "actionlint:workflow-call")

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            uses = job.get("uses")
            if isinstance(uses, Scalar) and not has_expression(uses) and not uses.is_null:
                v = uses.value
                if not (_WORKFLOW_CALL.match(v) or _LOCAL_WORKFLOW.match(v)):
                    yield self.finding(
                        uses.range,
                        f'invalid reusable workflow call "{v}": use "owner/repo/path/to/workflow.yml@ref" or "./path/to/workflow.yml"',
                    )
            for step in job.steps:
                uses = step.get("uses")
                if not isinstance(uses, Scalar) or uses.is_null or has_expression(uses):
                    continue
                v = uses.value
                if v.startswith("docker://"):
                    if len(v) == len("docker://"):
                        yield self.finding(uses.range, 'empty image name after "docker://"')
                elif v.startswith(("./", "../", "$/")):
                    continue
                elif not v.strip():
                    yield self.finding(uses.range, '"uses" must not be empty')
                elif "@" not in v:
                    yield self.finding(
                        uses.range, f'"{v}" has no version: write "{v}@<ref>" (a tag, branch or commit SHA)'
                    )
                elif not _REMOTE.match(v):
                    yield self.finding(
                        uses.range,
                        f'invalid action reference "{v}": use "owner/repo@ref", "./path" or "docker://image"',
                    )


def _family(label: str) -> str:
    """The operating system a label stands for: images of one OS can share a runner's labels."""
    name = label.lower()
    if name.startswith("ubuntu") or name == "linux":
        return "linux"
    return name.split("-", 1)[0]


# "ubuntu-oldest", "macos-newest": an image family and a single word, the shape of a GitHub-hosted
# label. Names with digits or hardware words ("ubuntu-24.04-16core", "ubuntu-gpu") are what
# organisations give larger runners, so they are left alone.
_IMAGE_WORD = re.compile(r"^(ubuntu|macos|windows)-[a-z]+$")
_HARDWARE = re.compile(r"large|core|cpu|gpu|arm|x64|x86|amd|intel|mem|xl|big|small|medium|runner|host")


# Labels people write for a GitHub-hosted image that has another name.
_MISNAMED = {
    "linux-latest": "ubuntu-latest",
    "mac-latest": "macos-latest",
    "osx-latest": "macos-latest",
    "win-latest": "windows-latest",
}


def _label_problem(label: str, known: set[str], custom: set[str]) -> tuple[str, tuple[str, ...]] | None:
    """What is wrong with one runner label and the labels it may stand for, or None."""
    value = label.lower()
    if not value.strip() or value in known or value in schema.SELF_HOSTED_LABELS or _configured(value, custom):
        return None
    if value in schema.RETIRED_LABELS:
        return f'runner image "{label}" has been retired by GitHub; no runner will pick this job up', ()
    meant = _meant_labels(value)
    if meant:
        return f'unknown GitHub-hosted runner label "{label}"; did you mean "{meant[0]}"?', meant
    if _IMAGE_WORD.match(value) and not _HARDWARE.search(value):
        return (
            f'unknown runner label "{label}": GitHub hosts no such image ({_family_versions(value)}); '
            "if it is a larger or self-hosted runner, list it in github-actions.self-hosted-runner-labels"
        ), ()
    if custom:  # the project lists its self-hosted labels: anything else is unknown
        return (
            f'unknown runner label "{label}": not a GitHub-hosted label nor one of github-actions.self-hosted-runner-labels',
            (),
        )
    return None


def _family_versions(label: str) -> str:
    family = label.split("-", 1)[0]
    return "known: " + ", ".join(
        k for k in schema.GITHUB_HOSTED_LABELS if k.startswith(family + "-") and k.count("-") == 1
    )


def _configured(label: str, custom: set[str]) -> bool:
    """A label listed in the configuration; entries may be glob patterns ("linux-*")."""
    import fnmatch

    return label in custom or any(
        fnmatch.fnmatchcase(label, pattern) for pattern in custom if any(c in pattern for c in "*?[")
    )


def _meant_labels(label: str) -> tuple[str, ...]:
    """The GitHub-hosted labels a misspelt or misnamed ``label`` stands for, best first."""
    if label in _MISNAMED:
        return (_MISNAMED[label],)
    return _typos_of_hosted(label)


def _typos_of_hosted(label: str) -> tuple[str, ...]:
    """The GitHub-hosted labels that ``label`` misspells, if it is a near miss (same length give or
    take two, not a longer custom name such as "ubuntu-24.04-xl" that an organisation may give a
    larger runner)."""
    if not re.match(r"^(ubuntu|macos|windows)-", label):
        return ()
    for known in schema.GITHUB_HOSTED_LABELS:
        if label.startswith(known + "-") or known.startswith(label + "-"):
            return ()
    return tuple(
        c for c in candidates(label, schema.GITHUB_HOSTED_LABELS, cutoff=0.85) if abs(len(c) - len(label)) <= 2
    )


class UnknownRunnerLabel(ActionsRule):
    """A ``runs-on`` label that no runner has: a retired GitHub-hosted image, a misspelt one, or
    images of two operating systems at once (also through a matrix value). The job waits in the
    queue until it times out.

    Labels of self-hosted runners are free-form: list yours in the configuration
    (``[github-actions] self-hosted-runner-labels``). Labels next to ``self-hosted`` and labels
    that do not look like a GitHub-hosted image are not checked.

    Bad:

        runs-on: ubuntu-20.04

    Good:

        runs-on: ubuntu-24.04
    """

    code = "GA015"
    name = "unknown-runner-label"
    message = "Unknown runner label"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("actionlint:runner-label",)
    fixable = True

    def check_workflow(self, wf, ctx):
        options = ctx.options("github-actions")
        custom = {label.lower() for label in getattr(options, "self_hosted_runner_labels", [])}
        known = {label.lower() for label in schema.GITHUB_HOSTED_LABELS}
        for job in wf.jobs:
            node = job.get("runs-on")
            if node is not None and hasattr(node, "get") and not isinstance(node, (Scalar, Sequence)):
                node = node.get("labels")
            labels = node.items if isinstance(node, Sequence) else [node] if isinstance(node, Scalar) else []
            labels = [lb for lb in labels if isinstance(lb, Scalar)]
            if any(lb.value.lower() == "self-hosted" for lb in labels):
                continue
            yield from self._conflicts(labels, known)
            yield from self._matrix_conflicts(job, labels, known)
            for label in labels:
                if has_expression(label) or label.is_null:
                    continue  # GA002 reports empty values
                problem = _label_problem(label.value, known, custom)
                if problem:
                    message, meant = problem
                    yield self.finding(label.range, message, fix=rename_fix(label, meant))
            yield from self._matrix_labels(job, labels, known, custom)

    def _matrix_labels(self, job, labels, known, custom):
        """``runs-on: ${{ matrix.os }}``: every value of that matrix vector is a label (a list of
        labels for a list value)."""
        from ...yaml import Mapping

        strategy = job.get("strategy")
        matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
        if len(labels) != 1 or not isinstance(matrix, Mapping):
            return
        m = re.fullmatch(r"\$\{\{\s*matrix\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}", labels[0].value.strip())
        vector = matrix.get(m.group(1)) if m else None
        if not isinstance(vector, Sequence):
            return
        for value in vector.items:
            group = value.items if isinstance(value, Sequence) else [value]
            group = [v for v in group if isinstance(v, Scalar) and not v.is_null and not has_expression(v)]
            if any(v.value.lower() == "self-hosted" for v in group):
                continue
            for item in group:
                problem = _label_problem(item.value, known, custom)
                if problem:
                    message, meant = problem
                    yield self.finding(
                        item.range, message + " (used by runs-on through the matrix)", fix=rename_fix(item, meant)
                    )

    def _conflicts(self, labels, known):
        """Two GitHub-hosted images in one runs-on: no runner has both labels."""
        hosted = [lb for lb in labels if lb.value.lower() in known]
        for label in hosted[1:]:
            first = hosted[0]
            if _family(label.value) != _family(first.value):
                line, col = first.start_pos
                yield self.finding(
                    label.range,
                    f'runner label "{label.value}" conflicts with "{first.value}" (line {line + 1}, column {col + 1}): '
                    "a job runs on one machine; use a matrix to run on several",
                )

    def _matrix_conflicts(self, job, labels, known):
        """``runs-on: [ubuntu-latest, "${{ matrix.os }}"]`` where matrix.os is another image."""
        from ...yaml import Mapping

        hosted = [lb for lb in labels if lb.value.lower() in known]
        strategy = job.get("strategy")
        matrix = strategy.get("matrix") if isinstance(strategy, Mapping) else None
        if len(hosted) != 1 or not isinstance(matrix, Mapping):
            return
        first = hosted[0]
        for label in labels:
            m = re.fullmatch(r"\$\{\{\s*matrix\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}", label.value.strip())
            vector = matrix.get(m.group(1)) if m else None
            if not isinstance(vector, Sequence):
                continue
            for value in vector.items:
                name = value.value.lower() if isinstance(value, Scalar) else ""
                if (name in known or name in ("linux", "windows", "macos")) and _family(name) != _family(first.value):
                    line, col = first.start_pos
                    yield self.finding(
                        value.range,
                        f'runner label "{value.value}" (from matrix) conflicts with "{first.value}" (line {line + 1}, column {col + 1}): '
                        "a job runs on one machine",
                    )


# Popular actions whose older majors run on a Node.js version GitHub no longer provides (or that
# GitHub has shut down, like artifact actions v3): (owner/repo) -> first major that works.
OUTDATED = {
    "actions/checkout": 4,
    "actions/setup-node": 4,
    "actions/setup-python": 5,
    "actions/setup-go": 5,
    "actions/setup-java": 4,
    "actions/setup-dotnet": 4,
    "actions/cache": 4,
    "actions/upload-artifact": 4,
    "actions/download-artifact": 4,
    "actions/github-script": 7,
    "actions/stale": 9,
    "actions/labeler": 5,
    "actions/upload-pages-artifact": 3,
    "actions/deploy-pages": 4,
    "actions/configure-pages": 4,
    "docker/setup-buildx-action": 3,
    "docker/login-action": 3,
    "docker/build-push-action": 5,
    "docker/setup-qemu-action": 3,
    "docker/metadata-action": 5,
}
_MAJOR = re.compile(r"^v(\d+)(?:\.\d+)*$")


class OutdatedAction(ActionsRule):
    """A popular action at a major version GitHub can no longer run (its Node.js runtime was
    removed, or the service behind it was shut down, as for artifact actions v3).

    Bad:

        - uses: actions/checkout@v2

    Good:

        - uses: actions/checkout@v4
    """

    code = "GA016"
    name = "outdated-action"
    message = "Action version too old to run"
    severity = Severity.ERROR
    tags = ("correctness", "deprecated")
    aliases = ("actionlint:action",)
    fixable = True

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            for step in job.steps:
                uses = step.get("uses")
                if not isinstance(uses, Scalar) or "@" not in uses.value:
                    continue
                name, _, ref = uses.value.partition("@")
                minimum = OUTDATED.get(name.lower())
                match = _MAJOR.match(ref)
                if minimum is None or match is None or int(match.group(1)) >= minimum:
                    continue
                fix = None
                at = uses.value.index("@") + 1
                if uses.style == "" and uses.start_pos.line == uses.end_pos.line:
                    line, col = uses.start_pos.line, uses.start_pos.column
                    rng = Range.of(line, col + at, line, col + len(uses.value))
                    fix = Fix(f"Update to {name}@v{minimum}", (Edit(rng, f"v{minimum}"),), "unsafe")
                yield self.finding(
                    uses.range,
                    f'"{uses.value}" runs on a runtime GitHub no longer provides; update to {name}@v{minimum} or later',
                    fix=fix,
                )
