"""``extends`` and ``!reference``: targets that exist, no cycles."""

from __future__ import annotations

from ....core.findings import Severity
from ...yaml import Scalar, Sequence, walk
from ..parse import extends_targets
from ._base import GitlabRule, is_dynamic, rename


class UndefinedExtends(GitlabRule):
    """``extends`` names a job or template that does not exist.

    GitLab rejects the pipeline: "unknown key in extends". Targets from remote or project includes
    cannot be read offline, so nothing is reported when the pipeline has such includes.

    Bad:

        .test-template:
          image: python:3.12
        unit:
          extends: .tests-template
          script: pytest

    Good:

        .test-template:
          image: python:3.12
        unit:
          extends: .test-template
          script: pytest
    """

    code = "GL009"
    name = "undefined-extends"
    message = "extends refers to an undefined job"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        if pipeline.incomplete:
            return
        for job in pipeline.local_jobs:
            for target in extends_targets(job):
                name = str(target.value)
                if not is_dynamic(name) and name not in pipeline.jobs:
                    hint, fix = rename(target, name, [n for n in pipeline.jobs if n != job.name])
                    yield self.finding(
                        target.range, f"'{job.name}' extends '{name}', which is not defined{hint}", fix=fix
                    )


class ExtendsCycle(GitlabRule):
    """``extends`` chains loop back to the job itself.

    GitLab rejects the pipeline ("circular dependency detected in extends").

    Bad:

        .a:
          extends: .b
        .b:
          extends: .a

    Good:

        .base:
          image: alpine:3.20
        .a:
          extends: .base
    """

    code = "GL010"
    name = "extends-cycle"
    message = "Circular extends"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        for job in pipeline.local_jobs:
            path = self._cycle(job.name, pipeline, [])
            if path:
                first = extends_targets(job)[0]
                yield self.finding(first.range, "Circular extends: " + " -> ".join([*path, path[0]]))

    def _cycle(self, name: str, pipeline, path: list[str]) -> list[str] | None:
        if name in path:
            return path if path[0] == name else None
        job = pipeline.jobs.get(name)
        if job is None or len(path) > 20:
            return None
        for target in extends_targets(job):
            found = self._cycle(str(target.value), pipeline, [*path, name])
            if found:
                return found
        return None


class UndefinedReference(GitlabRule):
    """A ``!reference`` tag points to a job or key that does not exist.

    ``!reference [.setup, script]`` copies a section of another job; GitLab rejects the pipeline when
    the job or the key is missing.

    Bad:

        .setup:
          script: [make deps]
        test:
          script:
            - !reference [.setup, scripts]

    Good:

        .setup:
          script: [make deps]
        test:
          script:
            - !reference [.setup, script]
    """

    code = "GL015"
    name = "undefined-reference"
    message = "!reference points to an undefined job or key"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_pipeline(self, pipeline, ctx):
        if pipeline.incomplete:
            return
        for node in walk(pipeline.root):
            if not isinstance(node, Sequence) or node.tag != "!reference" or not node.items:
                continue
            parts = [i for i in node.items if isinstance(i, Scalar)]
            if len(parts) != len(node.items) or not parts:
                continue
            name = str(parts[0].value)
            job = pipeline.jobs.get(name)
            if job is None:
                hint, fix = rename(parts[0], name, pipeline.jobs)
                yield self.finding(parts[0].range, f"!reference to undefined job '{name}'{hint}", fix=fix)
                continue
            current = job.body
            for part in parts[1:]:
                from ...yaml import Mapping

                nxt = current.get(str(part.value)) if isinstance(current, Mapping) else None
                if nxt is None:
                    keys = (
                        [k.value for k, _ in current.pairs if isinstance(k, Scalar)]
                        if isinstance(current, Mapping)
                        else []
                    )
                    hint, fix = rename(part, str(part.value), keys)
                    yield self.finding(part.range, f"!reference: '{name}' has no key '{part.value}'{hint}", fix=fix)
                    break
                current = nxt
