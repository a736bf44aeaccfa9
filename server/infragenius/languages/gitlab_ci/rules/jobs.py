"""Job semantics: script present, stages, needs, dependencies, rules vs only/except, when."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....core.findings import Severity
from ...yaml import Mapping, Node, Scalar, Sequence
from ..keywords import JOB_WHEN
from ..model import Job, Pipeline, scalar_strings
from ._base import GitlabRule, is_dynamic, rename

_GENERATED = re.compile(r"^(?P<base>.+?)(?::\s*\[.*\]| \d+/\d+)$")


def generated_base(name: str) -> str:
    """The job a generated name comes from: ``build: [linux, amd64]`` (parallel:matrix) or
    ``test 1/3`` (parallel: N)."""
    match = _GENERATED.match(name)
    return match.group("base") if match else name


def _visible(pipeline: Pipeline) -> Iterator[Job]:
    for job in pipeline.local_jobs:
        if not job.hidden and job.mapping is not None:
            yield job


class MissingScript(GitlabRule):
    """A job has no ``script``, ``run`` or ``trigger``.

    Every visible job must say what it runs. GitLab rejects the pipeline with "config should implement
    the script:, run:, or trigger: keyword". Keys inherited through ``extends`` count; hidden jobs
    (``.name``) are templates and are exempt.

    Bad:

        lint:
          stage: test
          image: python:3.12

    Good:

        lint:
          stage: test
          image: python:3.12
          script: ruff check .
    """

    code = "GL003"
    name = "missing-script"
    message = "Job has no script, run or trigger"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        for job in _visible(pipeline):
            if not job.extends_ok or pipeline.incomplete:
                continue  # the parent, or a same-named included job, may hold the script
            if not any(k in job.effective for k in ("script", "run", "trigger")):
                yield self.finding(job.key.range, f"Job '{job.name}' has no script, run or trigger")


class UndefinedStage(GitlabRule):
    """A job uses a stage that is not declared in ``stages``.

    GitLab rejects the pipeline ("chosen stage does not exist"). Without a ``stages`` list the default
    stages are ``.pre``, ``build``, ``test``, ``deploy`` and ``.post``.

    Bad:

        stages: [build, test]
        release:
          stage: deploy
          script: make release

    Good:

        stages: [build, test, deploy]
        release:
          stage: deploy
          script: make release
    """

    code = "GL004"
    name = "undefined-stage"
    message = "Stage is not declared in stages"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        if pipeline.stages is None and pipeline.incomplete:
            return  # stages may be declared in an include we cannot read
        known = pipeline.known_stages
        for job in _visible(pipeline):
            node = job.mapping.get("stage")
            if not isinstance(node, Scalar) or not isinstance(node.value, str) or is_dynamic(node.value):
                continue
            if pipeline.stage_index(node.value) is None:
                hint, fix = rename(node, node.value, known)
                yield self.finding(node.range, f"Stage '{node.value}' is not declared in stages{hint}", fix=fix)


def _need_names(node: Node | None) -> Iterator[tuple[str, Scalar]]:
    """Job names in ``needs``: plain names and ``- job: name`` entries (not optional, not
    cross-project or parent-pipeline ones)."""
    if not isinstance(node, Sequence):
        return
    for item in node.items:
        if isinstance(item, Scalar) and isinstance(item.value, str):
            yield item.value, item
        elif isinstance(item, Mapping):
            name = item.get("job")
            optional = item.get("optional")
            external = any(k in item for k in ("project", "pipeline"))
            if (
                isinstance(name, Scalar)
                and not external
                and not (isinstance(optional, Scalar) and optional.python is True)
            ):
                yield str(name.value), name


class UndefinedNeeds(GitlabRule):
    """``needs`` names a job that does not exist, is hidden, or runs in a later stage.

    GitLab rejects the pipeline: "job X needs Y, which is not defined in current or prior stages".
    Entries marked ``optional: true`` and cross-project needs are not checked.

    Bad:

        test:
          stage: test
          needs: [biuld]
          script: make test

    Good:

        test:
          stage: test
          needs: [build]
          script: make test
    """

    code = "GL005"
    name = "undefined-needs"
    message = "needs refers to an undefined job"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        if pipeline.incomplete:
            return
        for job in _visible(pipeline):
            needs = job.mapping.get("needs")
            for name, node in _need_names(needs):
                if is_dynamic(name):
                    continue
                yield from self._check(pipeline, job, name, node)

    def _check(self, pipeline: Pipeline, job: Job, name: str, node: Scalar):
        target = pipeline.jobs.get(generated_base(name))
        if target is None or target.hidden:
            visible = [n for n, j in pipeline.jobs.items() if not j.hidden]
            if target is not None:
                yield self.finding(node.range, f"Job '{job.name}' needs '{name}', which is a hidden job")
                return
            hint, fix = rename(node, name, [n for n in visible if n != job.name])
            yield self.finding(node.range, f"Job '{job.name}' needs '{name}', which is not defined{hint}", fix=fix)
            return
        own, theirs = pipeline.stage_index(pipeline.job_stage(job)), pipeline.stage_index(pipeline.job_stage(target))
        if own is not None and theirs is not None and theirs > own:
            yield self.finding(node.range, f"Job '{job.name}' needs '{name}', which runs in a later stage")


class UndefinedDependencies(GitlabRule):
    """``dependencies`` names a job that does not exist or does not run in an earlier stage.

    Artifacts can only come from jobs of prior stages; GitLab rejects the pipeline otherwise.

    Bad:

        stages: [build, test]
        test:
          stage: test
          dependencies: [package]
          script: make test

    Good:

        stages: [build, test]
        build:
          stage: build
          script: make
        test:
          stage: test
          dependencies: [build]
          script: make test
    """

    code = "GL006"
    name = "undefined-dependencies"
    message = "dependencies refers to an undefined job"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        if pipeline.incomplete:
            return
        for job in _visible(pipeline):
            if "needs" in job.effective:
                continue  # with needs, dependencies may name same-stage jobs listed in needs
            for node in scalar_strings(job.mapping.get("dependencies")):
                name = str(node.value)
                if is_dynamic(name):
                    continue
                target = pipeline.jobs.get(generated_base(name))
                if target is None or target.hidden:
                    hint, fix = rename(
                        node, name, [n for n, j in pipeline.jobs.items() if not j.hidden and n != job.name]
                    )
                    yield self.finding(
                        node.range, f"Job '{job.name}' depends on '{name}', which is not defined{hint}", fix=fix
                    )
                    continue
                own = pipeline.stage_index(pipeline.job_stage(job))
                theirs = pipeline.stage_index(pipeline.job_stage(target))
                if own is not None and theirs is not None and theirs >= own:
                    yield self.finding(
                        node.range, f"Job '{job.name}' depends on '{name}', which does not run in an earlier stage"
                    )


class RulesWithOnlyExcept(GitlabRule):
    """``rules`` cannot be combined with ``only`` or ``except``.

    GitLab rejects the job: "may not be used with rules: only, except". This also happens when one of
    them comes from a job this one extends.

    Bad:

        deploy:
          script: make deploy
          only: [main]
          rules:
            - if: $CI_COMMIT_TAG

    Good:

        deploy:
          script: make deploy
          rules:
            - if: $CI_COMMIT_BRANCH == "main"
            - if: $CI_COMMIT_TAG
    """

    code = "GL007"
    name = "rules-with-only-except"
    message = "rules cannot be used together with only/except"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        for job in _visible(pipeline):
            legacy = [k for k in ("only", "except") if k in job.effective]
            if "rules" not in job.effective or not legacy:
                continue
            anchor = job.mapping.key_node("rules") or job.mapping.key_node(legacy[0]) or job.key
            yield self.finding(anchor.range, f"Job '{job.name}' uses rules together with {' and '.join(legacy)}")


class InvalidWhen(GitlabRule):
    """``when`` has a value GitLab does not accept, or ``delayed`` lacks ``start_in``.

    Valid values: ``on_success``, ``on_failure``, ``always``, ``manual``, ``delayed`` and ``never``
    (in rules). ``when: delayed`` needs ``start_in``.

    Bad:

        deploy:
          script: make deploy
          when: manually

    Good:

        deploy:
          script: make deploy
          when: manual
    """

    code = "GL008"
    name = "invalid-when"
    message = "Invalid when value"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        for job in _visible(pipeline):
            yield from self._check_mapping(job.mapping, job.effective)
            rules = job.mapping.get("rules")
            for item in rules.items if isinstance(rules, Sequence) else []:
                if isinstance(item, Mapping):
                    yield from self._check_mapping(item, {k.value: v for k, v in item.items() if isinstance(k, Scalar)})

    def _check_mapping(self, mapping: Mapping, effective: dict[str, Node]):
        node = mapping.get("when")
        if not isinstance(node, Scalar) or not isinstance(node.value, str) or is_dynamic(node.value):
            return
        if node.value not in JOB_WHEN:
            hint, fix = rename(node, node.value, JOB_WHEN)
            yield self.finding(node.range, f"Invalid when value '{node.value}'{hint}", fix=fix)
        elif node.value == "delayed" and "start_in" not in effective:
            yield self.finding(node.range, "when: delayed requires start_in")
