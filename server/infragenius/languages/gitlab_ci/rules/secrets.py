"""Secrets written in clear text in ``variables``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ....core import secrets
from ....core.findings import Severity
from ....core.images import image_parts
from ...yaml import Mapping, Scalar, Sequence
from ._base import GitlabRule


def _variable_sections(pipeline):
    root = pipeline.root
    yield root.get("variables")
    for job in pipeline.local_jobs:
        if job.mapping is not None:
            yield job.mapping.get("variables")


# GitLab's Secret Detection template reads its settings from these (paths, log options, image
# suffix): configuration named after the feature, not credentials.
_SETTINGS_PREFIXES = ("SECRET_DETECTION_",)


def _json_leaves(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, string) for each string in a JSON document, with the key that holds it."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_leaves(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from _json_leaves(item, key)
    elif isinstance(value, str):
        yield key, value


def why_secret(name: str, value: str) -> str | None:
    """Why ``name: value`` holds a secret in clear text, or None. A JSON value (``DOCKER_AUTH_CONFIG``)
    is judged by what it holds: ``{"credsStore": "ecr-login"}`` or empty ``auths`` hold no credential."""
    kind = secrets.token_kind(value)
    if kind:
        return kind
    if name.upper().startswith(_SETTINGS_PREFIXES):
        return None
    text = value.strip()
    if text[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        if isinstance(document, (dict, list)):
            return next((why for k, v in _json_leaves(document) if (why := secrets.hardcoded_secret(k, v))), None)
    return secrets.hardcoded_secret(name, value)


def _service_names(pipeline) -> set[str]:
    """The image names (``postgres`` for ``docker.io/library/postgres:16``) of the service containers
    the pipeline runs: everywhere ``services:`` may be written."""
    places = [pipeline.root.get("services")]
    default = pipeline.root.get("default")
    if isinstance(default, Mapping):
        places.append(default.get("services"))
    places += [job.get("services") for job in pipeline.jobs.values()]
    names = set()
    for services in places:
        for item in services.items if isinstance(services, Sequence) else ():
            image = item.get("name") if isinstance(item, Mapping) else item
            if isinstance(image, Scalar) and isinstance(image.value, str):
                names.add(image_parts(image.value)[0].rsplit("/", 1)[-1].lower())
    return names


def throwaway_service_credential(name: str, value: str, services: set[str]) -> bool:
    """A service container's own credential (``POSTGRES_PASSWORD`` next to a ``postgres`` service) or a
    well-known local default (MinIO's ``minioadmin``): it guards nothing outside the job."""
    return value.strip() in secrets.LOCAL_TEST_CREDENTIALS or name.split("_", 1)[0].lower() in services


class SecretInVariables(GitlabRule):
    """A secret is written in clear text in ``variables``.

    Everything in ``.gitlab-ci.yml`` is readable by anyone who can read the repository and ends up in
    job logs. Store credentials as masked, protected CI/CD variables (Settings → CI/CD → Variables) or
    in an external secrets manager and refer to them by name. Reported when the value matches a known
    token format, when the name says secret and the value looks like one, or when the name ends in
    a credential word (``DB_PASSWORD``) and the value is written out, however weak (placeholders,
    switches and ``$VARIABLE`` references are fine). The credential of a throwaway service container
    (``POSTGRES_PASSWORD`` for a ``postgres`` service, MinIO's default ``minioadmin``) is information:
    it guards nothing outside the job.

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
        services = _service_names(pipeline)
        for section in _variable_sections(pipeline):
            if not isinstance(section, Mapping):
                continue
            for key, value in section.items():
                if isinstance(value, Mapping):  # {value: ..., description: ...}
                    value = value.get("value")
                if not isinstance(key, Scalar) or not isinstance(value, Scalar) or not isinstance(value.value, str):
                    continue
                why = why_secret(str(key.value), value.value)
                if why == "secret value" and throwaway_service_credential(str(key.value), value.value, services):
                    yield self.finding(
                        value.range,
                        f"'{key.value}' holds the credential of a throwaway service container; fine for tests, never reuse it",
                        severity=Severity.INFORMATION,
                    )
                elif why:
                    yield self.finding(
                        value.range, f"'{key.value}' holds a secret in clear text ({why}); use a masked CI/CD variable"
                    )
