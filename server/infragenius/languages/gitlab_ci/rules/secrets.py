"""Secrets written in clear text in ``variables``."""

from __future__ import annotations

from ....core import secrets
from ....core.findings import Severity
from ...yaml import Mapping, Scalar
from ._base import GitlabRule


def _variable_sections(pipeline):
    root = pipeline.root
    yield root.get("variables")
    for job in pipeline.local_jobs:
        if job.mapping is not None:
            yield job.mapping.get("variables")


class SecretInVariables(GitlabRule):
    """A secret is written in clear text in ``variables``.

    Everything in ``.gitlab-ci.yml`` is readable by anyone who can read the repository and ends up in
    job logs. Store credentials as masked, protected CI/CD variables (Settings → CI/CD → Variables) or
    in an external secrets manager and refer to them by name. Reported when the value matches a known
    token format, or when the name says secret and the value looks like one (placeholders and
    ``$VARIABLE`` references are fine).

    Bad:

        variables:
          DEPLOY_TOKEN: glpat-8u2kd93ksm20dkeo39dk

    Good:

        variables:
          DEPLOY_USER: deployer
        # DEPLOY_TOKEN is a masked CI/CD variable set in the project settings
    """

    code = "GL012"
    name = "secret-in-variables"
    message = "Secret in clear text in variables"
    severity = Severity.ERROR
    tags = ("security", "secrets", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        for section in _variable_sections(pipeline):
            if not isinstance(section, Mapping):
                continue
            for key, value in section.items():
                if isinstance(value, Mapping):  # {value: ..., description: ...}
                    value = value.get("value")
                if not isinstance(key, Scalar) or not isinstance(value, Scalar) or not isinstance(value.value, str):
                    continue
                why = secrets.hardcoded_secret(str(key.value), value.value)
                if why:
                    yield self.finding(value.range, f"'{key.value}' holds a secret in clear text ({why}); use a masked CI/CD variable")
