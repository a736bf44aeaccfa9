"""Build stages: names, casing, platforms, the first instruction."""

from __future__ import annotations

from ....core.findings import Edit, Fix, Related, Severity
from ._base import DockerfileRule, has_variable

RESERVED_STAGE_NAMES = ("scratch", "context")


class DuplicateStageName(DockerfileRule):
    """Stage names must be unique.

    BuildKit resolves ``FROM <name>`` and ``COPY --from=<name>`` by name (case-insensitively); two
    stages with the same name make the reference ambiguous and the build fails.

    Bad:

        FROM golang:1.23 AS build
        FROM node:22 AS build

    Good:

        FROM golang:1.23 AS build-api
        FROM node:22 AS build-ui
    """

    code = "DF004"
    name = "duplicate-stage-name"
    message = "Duplicate stage name; stage names must be unique"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("hadolint:DL3024", "buildkit:DuplicateStageName")

    def check_file(self, df, ctx):
        seen = {}
        for stage in df.stages:
            if not stage.name or stage.name_word is None:
                continue
            key = stage.name.lower()
            first = seen.get(key)
            if first is None:
                seen[key] = stage
                continue
            related = (Related(first.instruction.word_range(first.name_word), "first defined here"),)
            message = f"Duplicate stage name '{stage.name}', stage names must be unique"
            yield self.finding(stage.instruction.word_range(stage.name_word), message, related=related)


class ReservedStageName(DockerfileRule):
    """Do not name a stage ``scratch`` or ``context``.

    ``scratch`` is the empty image and ``context`` names the build context in ``--from``; a stage with
    one of these names shadows them and confuses every reference.

    Bad:

        FROM alpine:3.20 AS scratch

    Good:

        FROM alpine:3.20 AS base
    """

    code = "DF005"
    name = "reserved-stage-name"
    message = "Reserved word used as a stage name"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("hadolint:DL3063", "buildkit:ReservedStageName")

    def check_file(self, df, ctx):
        for stage in df.stages:
            if stage.name and stage.name.lower() in RESERVED_STAGE_NAMES and stage.name_word is not None:
                message = f"'{stage.name.lower()}' is reserved and should not be used as a stage name"
                yield self.finding(stage.instruction.word_range(stage.name_word), message)


class StageNameCasing(DockerfileRule):
    """Stage names should be lowercase.

    Stage names are matched case-insensitively, so mixed case only hides that ``Build`` and ``build``
    are the same stage. The fix lowercases the definition (references keep working).

    Bad:

        FROM golang:1.23 AS BuildStage

    Good:

        FROM golang:1.23 AS build-stage
    """

    code = "DF006"
    name = "stage-name-casing"
    message = "Stage name should be lowercase"
    severity = Severity.INFORMATION
    tags = ("style",)
    aliases = ("buildkit:StageNameCasing",)
    fixable = True

    def check_file(self, df, ctx):
        for stage in df.stages:
            if not stage.name or stage.name_word is None or stage.name == stage.name.lower():
                continue
            if has_variable(stage.name):
                continue
            rng = stage.instruction.word_range(stage.name_word)
            fix = Fix(f"Rename stage to '{stage.name.lower()}'", (Edit(rng, stage.name.lower()),), "safe")
            yield self.finding(rng, f"Stage name '{stage.name}' should be lowercase", fix=fix)


class FromAsCasing(DockerfileRule):
    """The ``AS`` keyword should be cased like ``FROM``.

    ``FROM node AS build`` or ``from node as build``, not a mix: consistent casing keeps the file
    readable and greppable.

    Bad:

        FROM node:22 as build

    Good:

        FROM node:22 AS build
    """

    code = "DF007"
    name = "from-as-casing"
    message = "'as' and 'FROM' keywords' casing do not match"
    severity = Severity.INFORMATION
    tags = ("style",)
    aliases = ("buildkit:FromAsCasing",)
    fixable = True

    def check_file(self, df, ctx):
        for stage in df.stages:
            word, written = stage.as_word, stage.instruction.written
            if word is None:
                continue
            if written.isupper() and not word.raw.isupper():
                wanted = "AS"
            elif written.islower() and not word.raw.islower():
                wanted = "as"
            else:
                continue
            rng = stage.instruction.word_range(word)
            message = f"'{word.raw}' and '{written}' keywords' casing do not match"
            yield self.finding(rng, message, fix=Fix(f"Write '{wanted}'", (Edit(rng, wanted),), "safe"))


class FromPlatformConstant(DockerfileRule):
    """``FROM --platform`` should not be a constant.

    A hard-coded platform forces emulation on other machines and breaks multi-platform builds. Use
    ``$BUILDPLATFORM`` for build tools (cross-compilation) or leave the flag out. A constant is accepted
    when the stage name mentions its OS or architecture (``AS build-amd64``), as BuildKit does.

    Bad:

        FROM --platform=linux/amd64 golang:1.23 AS build

    Good:

        FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    """

    code = "DF009"
    name = "from-platform-constant"
    message = "FROM --platform flag should not use a constant value"
    severity = Severity.WARNING
    tags = ("portability",)
    aliases = ("hadolint:DL3029", "buildkit:FromPlatformFlagConstDisallowed")

    def check_file(self, df, ctx):
        for stage in df.stages:
            flag = stage.platform
            if flag is None or not flag.value or has_variable(flag.value):
                continue
            parts = flag.value.split("/")
            name = stage.name or ""
            if any(p and p in name for p in parts[:2]):
                continue
            message = f'FROM --platform flag should not use constant value "{flag.value}"'
            yield self.finding(stage.instruction.flag_range(flag), message)


class RedundantTargetPlatform(DockerfileRule):
    """``--platform=$TARGETPLATFORM`` is the default and can be removed.

    Every stage is built for the target platform unless told otherwise; spelling it out adds noise and
    suggests the flag does something.

    Bad:

        FROM --platform=$TARGETPLATFORM alpine:3.20

    Good:

        FROM alpine:3.20
    """

    code = "DF010"
    name = "redundant-target-platform"
    message = "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
    severity = Severity.INFORMATION
    tags = ("style",)
    aliases = ("hadolint:DL3065", "buildkit:RedundantTargetPlatform")
    fixable = True

    def check_file(self, df, ctx):
        for stage in df.stages:
            flag = stage.platform
            if flag is None or flag.value not in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
                continue
            ins = stage.instruction
            end = flag.end
            while end < len(ins.logical) and ins.logical[end] in " \t":
                end += 1
            fix = Fix("Remove --platform", (Edit(ins.span(flag.start, end), ""),), "safe")
            yield self.finding(ins.flag_range(flag), fix=fix)


class FirstInstruction(DockerfileRule):
    """A Dockerfile must start with ``FROM`` (only ``ARG`` and parser directives may come first).

    Anything else before the first ``FROM`` has no stage to run in: the build fails.

    Bad:

        RUN echo hello
        FROM alpine:3.20

    Good:

        ARG VERSION=3.20
        FROM alpine:${VERSION}
    """

    code = "DF013"
    name = "first-instruction-from"
    message = "Invalid instruction order: a Dockerfile must begin with FROM, ARG or a parser directive"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("hadolint:DL3061",)

    def check_file(self, df, ctx):
        for ins in df.instructions:
            if ins.keyword == "FROM":
                return
            if ins.keyword not in ("ARG", ""):
                yield self.finding(ins.keyword_range, f"Invalid instruction order: {ins.keyword} before the first FROM")
                return
