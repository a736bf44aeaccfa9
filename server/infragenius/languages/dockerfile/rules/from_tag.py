"""Base image references: tagged, pinned, from trusted registries."""

from __future__ import annotations

import fnmatch

from ....core.findings import Severity
from ....core.images import image_parts
from ..lexer import variables
from ._base import (
    DockerfileRule,
    hadolint_config,
    has_variable,
    is_stage_reference,
    registry_of,
)


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
            _, tag, digest = image_parts(word.value)
            if tag == "latest" and not digest:
                yield self.finding(stage.instruction.word_range(word))


class UntaggedImage(DockerfileRule):
    """Always tag the version of a base image.

    Without a tag Docker pulls ``latest``: the build changes whenever the image is republished. Not
    reported for ``scratch``, for earlier stages (``FROM build``) or for images given by a variable.

    Bad:

        FROM debian

    Good:

        FROM debian:12.8-slim
    """

    code = "DF003"
    name = "untagged-image"
    message = "Always tag the version of an image explicitly"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3006",)

    def check_file(self, df, ctx):
        for stage in df.stages:
            word = stage.image_word
            if word is None or has_variable(word.value) or word.value.lower() == "scratch":
                continue
            if is_stage_reference(df, stage):
                continue
            _, tag, digest = image_parts(word.value)
            if tag is None and digest is None:
                message = f"Always tag the version of an image explicitly ({word.value}:<version>)"
                yield self.finding(stage.instruction.word_range(word), message)


class UntrustedRegistry(DockerfileRule):
    """Base images must come from a trusted registry.

    Set the list in the config (``[tool.infragenius.dockerfile] trusted-registries = ["registry.example.com"]``,
    ``*.example.com`` patterns allowed; Docker Hub images count as ``docker.io``). hadolint's
    ``trustedRegistries`` in a ``.hadolint.yaml`` next to the Dockerfile is honoured too. With no list
    the rule is silent.

    Bad:

        # trusted-registries = ["registry.example.com"]
        FROM docker.io/library/alpine:3.20

    Good:

        FROM registry.example.com/base/alpine:3.20
    """

    code = "DF008"
    name = "untrusted-registry"
    message = "Use only an allowed registry in the FROM image"
    severity = Severity.WARNING
    tags = ("security", "supply-chain")
    aliases = ("hadolint:DL3026",)

    def check_file(self, df, ctx):
        trusted = _trusted_registries(ctx)
        if not trusted:
            return
        for stage in df.stages:
            word = stage.image_word
            if word is None or has_variable(word.value) or word.value.lower() == "scratch":
                continue
            if is_stage_reference(df, stage):
                continue
            registry = registry_of(word.value)
            if not any(fnmatch.fnmatchcase(registry, pattern.lower()) for pattern in trusted):
                message = f"Use only an allowed registry in the FROM image (registry '{registry}' is not trusted)"
                yield self.finding(stage.instruction.word_range(word), message)


def _trusted_registries(ctx) -> list[str]:
    options = ctx.options("dockerfile")
    configured = list(getattr(options, "trusted_registries", None) or [])
    if configured:
        return configured
    return _hadolint_trusted(ctx)


def _hadolint_trusted(ctx) -> list[str]:
    value = hadolint_config(ctx).get("trustedRegistries")
    return [str(v) for v in value] if isinstance(value, list) else []
