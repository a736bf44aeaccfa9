"""Base image tags: pinned, not latest."""

from __future__ import annotations

from ....core.findings import Severity
from ..lexer import variables
from ._base import DockerfileRule


def _image_parts(image: str) -> tuple[str, str | None, str | None]:
    """Split ``registry/name:tag@digest`` into (name, tag, digest)."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        tag = last.rsplit(":", 1)[1]
        name = name[: len(name) - len(tag) - 1]
    return name, tag, digest or None


class FromLatestTag(DockerfileRule):
    """Do not use the ``latest`` tag for a base image.

    ``latest`` moves: the same Dockerfile builds a different image tomorrow, and a rebuild can break
    or silently change behaviour. Pin a version tag (or a digest).

    Bad:

        FROM node:latest

    Good:

        FROM node:22.11-bookworm-slim
    """

    code = "DF002"
    name = "from-latest-tag"
    message = "Using the latest tag is prone to errors; pin a version"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3007",)

    def check_file(self, df, ctx):
        stage_names = {s.name_lower for s in df.stages if s.name}
        for stage in df.stages:
            word = stage.image_word
            if word is None or variables(word.value) or word.value.lower() in stage_names:
                continue
            _, tag, digest = _image_parts(word.value)
            if tag == "latest" and not digest:
                yield self.finding(stage.instruction.word_range(word))
