"""What a job takes from outside the workflow: secrets handed to reusable workflows, container images."""

from __future__ import annotations

from ....core.findings import Severity
from ....core.images import image_parts
from ...yaml import Mapping, Scalar
from ._base import ActionsRule


class SecretsInherit(ActionsRule):
    """``secrets: inherit`` hands every secret of the repository to a reusable workflow.

    The called workflow needs one or two; with ``inherit`` it gets all of them, and so does any
    action or script it runs, now or after its next change. Pass the secrets it declares, by name.
    Reported as a warning for a workflow of another repository, as information for a local one.

    Bad:

        jobs:
          release:
            uses: acme/shared/.github/workflows/release.yml@v2
            secrets: inherit

    Good:

        jobs:
          release:
            uses: acme/shared/.github/workflows/release.yml@v2
            secrets:
              npm-token: ${{ secrets.NPM_TOKEN }}
    """

    code = "GA048"
    name = "secrets-inherit"
    message = "Every secret passed to a reusable workflow"
    severity = Severity.WARNING
    tags = ("security", "secrets")
    aliases = ("zizmor:secrets-inherit",)

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            uses, secrets = job.get("uses"), job.get("secrets")
            if not (isinstance(uses, Scalar) and isinstance(secrets, Scalar) and secrets.value == "inherit"):
                continue
            local = uses.value.startswith(("./", "$/"))
            yield self.finding(
                secrets.range,
                f'secrets: inherit passes every secret of the repository to "{uses.value}"; pass the ones it declares',
                severity=Severity.INFORMATION if local else None,
            )


def _images(job):
    """The image nodes of a job's ``container`` and ``services``."""
    containers = [job.get("container")]
    services = job.get("services")
    if isinstance(services, Mapping):
        containers += [service for _, service in services.items()]
    for container in containers:
        image = container.get("image") if isinstance(container, Mapping) else container
        if isinstance(image, Scalar) and isinstance(image.value, str) and image.value.strip():
            yield image


class UnpinnedContainerImage(ActionsRule):
    """A job container or service image that is not pinned.

    Without a tag (or with ``latest``) the job runs whatever the registry serves that day: the
    build breaks, or changes, for no reason visible in the repository (a warning). A tag can still
    be moved to other content; only a digest (``@sha256:...``) pins the image exactly (information).
    Images built from expressions are not checked.

    Bad:

        services:
          db:
            image: postgres

    Good:

        services:
          db:
            image: postgres:16.4@sha256:0aafd2ae7e6c391f39fb6b7621632d79f54068faebc726caf469e87bd1d301c0
    """

    code = "GA049"
    name = "unpinned-container-image"
    message = "Container image not pinned"
    severity = Severity.WARNING
    tags = ("security", "supply-chain", "reproducibility")
    aliases = ("zizmor:unpinned-images",)

    def check_workflow(self, wf, ctx):
        for job in wf.jobs:
            for image in _images(job):
                value = image.value.strip()
                if "${{" in value:
                    continue
                _, tag, digest = image_parts(value)
                if digest:
                    continue
                if tag in (None, "latest"):
                    what = "uses the latest tag" if tag else "has no tag (means latest)"
                    yield self.finding(image.range, f'image "{value}" {what}; pin a version, or a digest')
                else:
                    yield self.finding(
                        image.range,
                        f'image "{value}" is pinned by tag only; a tag can be moved, pin a digest (@sha256:...)',
                        severity=Severity.INFORMATION,
                    )
