"""Container images: pinned tags."""

from __future__ import annotations

import re

from ....core.findings import Severity
from ....core.images import image_parts
from ...yaml import Mapping, Node, Scalar, Sequence
from ._base import GitlabRule, is_dynamic

# GitLab's hosted macOS runners boot a VM image named like this (macos-15-xcode-16): not a container
# image, and it has no tags to pin
_MACOS_RUNNER_IMAGE = re.compile(r"macos-\d+(?:\.\d+)*-xcode-\d+(?:\.\d+)*")


def _image_nodes(pipeline) -> list[Scalar]:
    places: list[Node | None] = [pipeline.root.get("image")]
    default = pipeline.root.get("default")
    if isinstance(default, Mapping):
        places.append(default.get("image"))
    for job in pipeline.local_jobs:
        if job.mapping is not None:
            places.append(job.mapping.get("image"))
            services = job.mapping.get("services")
            if isinstance(services, Sequence):
                places.extend(services.items)
    out = []
    for node in places:
        if isinstance(node, Mapping):
            node = node.get("name")
        if isinstance(node, Scalar) and isinstance(node.value, str) and node.value:
            out.append(node)
    return out


class UnpinnedImage(GitlabRule):
    """A job image uses ``latest`` or no tag at all.

    ``latest`` moves: the same pipeline runs with a different toolchain tomorrow and breaks for no
    reason visible in the repository. Pin a version tag (or a digest). Images built from variables are
    not checked, nor the macOS VM images of GitLab's hosted runners (``macos-15-xcode-16``).

    Bad:

        test:
          image: python:latest
          script: pytest

    Good:

        test:
          image: python:3.12.7-slim
          script: pytest
    """

    code = "GL011"
    name = "unpinned-image"
    message = "Image uses the latest tag"
    severity = Severity.WARNING
    tags = ("reproducibility", "no-peer")

    def check_pipeline(self, pipeline, ctx):
        for node in _image_nodes(pipeline):
            if is_dynamic(node.value) or _MACOS_RUNNER_IMAGE.fullmatch(node.value):
                continue
            _, tag, digest = image_parts(node.value)
            if digest:
                continue
            if tag == "latest":
                yield self.finding(node.range, f"Image '{node.value}' uses the latest tag; pin a version")
            elif tag is None:
                yield self.finding(
                    node.range,
                    f"Image '{node.value}' has no tag (means latest); pin a version",
                    severity=Severity.INFORMATION,
                )
