"""Base image references: tagged, pinned, from trusted registries."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from ....core.findings import Severity
from ....core.images import image_parts
from ..lexer import variables
from ..scope import scopes
from ._base import (
    DockerfileRule,
    hadolint_config,
    has_variable,
    is_stage_reference,
    registry_of,
)

_UNKNOWN = "\0"  # stands for a variable whose value is unknown (never a ':', '/' or '@')


@dataclass(frozen=True)
class ResolvedImage:
    """A FROM image with the global ARG defaults filled in. ``value`` holds ``_UNKNOWN`` where a
    variable has no known value; ``via`` says which default decided it (for the message)."""

    value: str
    via: str = ""

    @property
    def known(self) -> bool:
        return _UNKNOWN not in self.value

    def note(self) -> str:
        return f" ({self.via})" if self.via else ""


def resolve_image(df, stage) -> ResolvedImage:
    """``FROM busybox-${ARCH}:latest`` / ``ARG BASE=debian`` + ``FROM ${BASE}``: what the image is
    when built with the defaults the file gives (FROM sees the ARGs declared before the first FROM).
    A variable without a default, or with one that holds a variable, stays unknown."""
    text = stage.image
    scope = scopes(df).at(stage.instruction)
    out: list[str] = []
    via: list[str] = []
    last = 0
    for name, start, end, modifier in variables(text):
        out.append(text[last:start])
        last = end
        found = scope.get(name)
        default = found.default if found is not None and found.kind == "ARG" else None
        value: str | None
        if modifier.startswith((":-", "-")):  # ``${NAME:-default}``
            fallback = modifier.split("-", 1)[1]
            value = default or fallback
            label = f"ARG {name} defaults to {default}" if default else f"${{{name}{modifier}}} is {fallback}"
        else:  # ``${NAME:+x}``, ``${NAME#prefix}``...: not followed
            value = None if modifier else default
            label = f"ARG {name} defaults to {default}"
        if value is None or "$" in value:
            out.append(_UNKNOWN)
            continue
        out.append(value)
        via.append(label)
    out.append(text[last:])
    return ResolvedImage("".join(out), "; ".join(via))


class FromLatestTag(DockerfileRule):
    """Do not use the ``latest`` tag for a base image.

    ``latest`` moves: the same Dockerfile builds a different image tomorrow, and a rebuild can break
    or silently change behaviour. Pin a version tag (or a digest). A variable in the name does not
    change the tag (``FROM quay.io/prometheus/busybox-${ARCH}:latest``), and an ``ARG`` default is
    what builds unless ``--build-arg`` overrides it (``ARG BASE=node:latest`` + ``FROM ${BASE}``).

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
            if word is None or word.value.lower() in stage_names:
                continue
            image = resolve_image(df, stage)
            if image.value.lower() in stage_names:
                continue
            _, tag, digest = image_parts(image.value)
            if tag == "latest" and not digest:
                written = image_parts(stage.image)[1] == "latest"
                yield self.finding(stage.instruction.word_range(word), self.message + ("" if written else image.note()))


class UntaggedImage(DockerfileRule):
    """Always tag the version of a base image.

    Without a tag Docker pulls ``latest``: the build changes whenever the image is republished. An
    ``ARG`` default counts as written (``ARG BASE=debian`` + ``FROM ${BASE}`` pulls ``debian:latest``).
    Not reported for ``scratch``, for earlier stages (``FROM build``) or for images given by a
    variable without a default.

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
        stage_names = {s.name_lower for s in df.stages if s.name}
        for stage in df.stages:
            word = stage.image_word
            if word is None or word.value.lower() == "scratch" or is_stage_reference(df, stage):
                continue
            image = resolve_image(df, stage)
            if not image.known or image.value.lower() in stage_names | {"scratch"}:
                continue
            _, tag, digest = image_parts(image.value)
            if tag is None and digest is None:
                if image.via:
                    detail = f"{image.via}, which pulls {image.value}:latest"
                else:
                    detail = f"{word.value}:<version>"
                yield self.finding(
                    stage.instruction.word_range(word), f"Always tag the version of an image explicitly ({detail})"
                )


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
