"""COPY and ADD: sources, destinations, ``--from`` references."""

from __future__ import annotations

import posixpath
import re

from ....core.findings import Edit, Fix, Severity
from ....core.images import image_parts
from ..model import Dockerfile, Instruction, Word
from ._base import DockerfileRule, closest, has_variable, is_absolute_path, rename_fix, stage_chain

# Archives ADD extracts (tar, optionally gzip/bzip2/xz compressed); zip is not extracted.
ARCHIVE_SUFFIXES = (
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz",
    ".tar.lz", ".tar.lzma", ".tlz", ".tar.z", ".tz", ".tpz",
)  # fmt: skip
_URL = re.compile(r"^(?:https?|ftp)://|^git@|\.git(?:#.*)?$", re.IGNORECASE)
ADD_ONLY_FLAGS = ("checksum", "keep-git-dir", "unpack")


def sources_and_dest(ins: Instruction) -> tuple[list[Word], Word | None]:
    """COPY / ADD arguments: (sources, destination). Heredoc markers count as sources."""
    args = ins.arguments()
    if len(args) < 2:
        return args, None
    return args[:-1], args[-1]


def is_archive(path: str) -> bool:
    return path.lower().endswith(ARCHIVE_SUFFIXES)


def is_url(path: str) -> bool:
    return bool(_URL.search(path))


def _copies(df: Dockerfile):
    """Top-level COPY / ADD instructions with their stage."""
    for stage in df.stages:
        for ins in stage.instructions:
            if ins.keyword in ("COPY", "ADD"):
                yield stage, ins


class AddInsteadOfCopy(DockerfileRule):
    """Use COPY instead of ADD for local files and folders.

    ADD also downloads URLs and unpacks local tar archives; for plain files that magic only surprises
    (a ``.tar`` you meant to copy gets extracted). COPY says what it does. URLs, git sources and
    archives are fine with ADD. The fix is marked unsafe when a source might be a tar archive without
    an archive extension (ADD sniffs the content).

    Bad:

        ADD requirements.txt /app/

    Good:

        COPY requirements.txt /app/
        ADD https://example.com/tool.tar.gz /opt/
    """

    code = "DF014"
    name = "add-instead-of-copy"
    message = "Use COPY instead of ADD for files and folders"
    severity = Severity.WARNING
    tags = ("best-practice",)
    aliases = ("hadolint:DL3020",)
    fixable = True

    def check_file(self, df, ctx):
        for _, ins in _copies(df):
            if ins.keyword != "ADD":
                continue
            sources, dest = sources_and_dest(ins)
            if dest is None or any(has_variable(s.value) or is_url(s.value) or is_archive(s.value) for s in sources):
                continue
            if any(ins.flag(name) for name in ADD_ONLY_FLAGS):
                continue
            directories = all(
                s.value in (".", "./") or s.value.endswith("/") or s.raw.startswith("<<") for s in sources
            )
            keyword = "copy" if ins.written.islower() else "COPY"
            fix = Fix("Replace ADD with COPY", (Edit(ins.keyword_range, keyword),), "safe" if directories else "unsafe")
            yield self.finding(ins.keyword_range, fix=fix)


class CopyArchiveThenExtract(DockerfileRule):
    """Use ADD to extract a local archive instead of COPY followed by ``tar -x``.

    ADD unpacks a local tar archive in one step and one layer; copying the archive and extracting it in
    a RUN leaves the archive in an earlier layer, making the image bigger.

    Bad:

        COPY app.tar.gz /tmp/
        RUN tar -xzf /tmp/app.tar.gz -C /opt

    Good:

        ADD app.tar.gz /opt/
    """

    code = "DF015"
    name = "copy-archive-then-extract"
    message = "Use ADD for extracting archives into an image"
    severity = Severity.INFORMATION
    tags = ("best-practice", "image-size")
    aliases = ("hadolint:DL3010",)

    _TAR_EXTRACT = re.compile(r"\btar\s+(?:[^;&|]*\s)?(?:-[A-Za-z]*x[A-Za-z]*|x[A-Za-z]*|--extract|--get)\b")

    def check_file(self, df, ctx):
        for stage in df.stages:
            archives: list[tuple[Word, Instruction, set[str]]] = []
            for ins in stage.instructions:
                if ins.keyword == "COPY" and ins.flag("from") is None:
                    sources, dest = sources_and_dest(ins)
                    for src in sources:
                        if is_archive(src.value) and not has_variable(src.value):
                            archives.append((src, ins, _archive_names(src.value, dest)))
                elif ins.keyword == "RUN" and archives and self._TAR_EXTRACT.search(ins.args):
                    for src, copy, names in list(archives):
                        if any(name in ins.args for name in names):
                            yield self.finding(copy.word_range(src))
                            archives.remove((src, copy, names))


def _archive_names(src: str, dest: Word | None) -> set[str]:
    names = {posixpath.basename(src.rstrip("/"))}
    if dest is not None and not dest.value.endswith("/"):
        names.add(posixpath.basename(dest.value))
    return {n for n in names if n}


class CopyMultipleSourcesDest(DockerfileRule):
    """With more than one source, the COPY / ADD destination must be a directory ending in ``/``.

    BuildKit refuses ``COPY a b /dest``: with several sources the destination has to be written as a
    directory (``/dest/``).

    Bad:

        COPY package.json package-lock.json /app

    Good:

        COPY package.json package-lock.json /app/
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF016"
    name = "copy-multiple-sources-dest"
    message = "COPY with more than 2 arguments requires the last argument to end with /"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("hadolint:DL3021",)
    fixable = True

    def check_instruction(self, ins, df, ctx):
        if ins.keyword not in ("COPY", "ADD"):
            return
        sources, dest = sources_and_dest(ins)
        if dest is None or len(sources) < 2 or dest.value.endswith(("/", "\\")) or has_variable(dest.value):
            return
        if dest.value in (".", "..") or dest.value.endswith(("/.", "/..")):
            return  # BuildKit treats "." as the working directory itself
        message = f"{ins.keyword} with more than 2 arguments requires the last argument to end with /"
        rng = ins.word_range(dest)
        fix = None
        if ins.exec_form is None and dest.raw == dest.value:
            fix = Fix("Add a trailing /", (Edit(rng, dest.raw + "/"),), "safe")
        yield self.finding(rng, message, fix=fix)


class CopyFromUnknownStage(DockerfileRule):
    """``COPY --from`` must name an earlier stage (or an image).

    A name that is not an earlier stage is pulled as an image: ``--from=biuld`` or a stage defined
    further down makes BuildKit look for an image of that name and the build fails. Numeric
    references must point to an earlier stage. Images (``--from=busybox:1.36``) are fine; a bare name
    that is not a stage is reported only when it looks like a typo of a stage name: a near spelling,
    or the name with a few letters added or cut (``--from=builder`` when the stage is ``build``).

    Bad:

        FROM golang:1.23 AS build
        FROM alpine:3.20
        COPY --from=biuld /out/app /app

    Good:

        FROM golang:1.23 AS build
        FROM alpine:3.20
        COPY --from=build /out/app /app
        COPY --from=0 /out/app /app2
        COPY --from=busybox:1.36 /bin/busybox /bin/
    """

    code = "DF017"
    name = "copy-from-unknown-stage"
    message = "COPY --from should reference a previously defined FROM alias"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("hadolint:DL3022",)
    fixable = True

    def check_file(self, df, ctx):
        for stage, ins in _copies(df):
            flag = ins.flag("from")
            if flag is None or not flag.value or has_variable(flag.value):
                continue
            ref = flag.value
            rng = ins.flag_range(flag)
            if ref.isdigit():
                if int(ref) > stage.index:
                    yield self.finding(rng, f"COPY --from={ref} refers to a stage that is not defined before this one")
                continue
            if any(c in ref for c in ":/@."):
                continue  # an image reference
            target = df.stage_named(ref)
            if target is not None:
                if target.index > stage.index:
                    yield self.finding(
                        rng, f"COPY --from={ref} refers to a stage defined later; it would be pulled as an image"
                    )
                continue
            earlier = [s.name for s in df.stages[: stage.index] if s.name]
            typo = closest(ref, earlier)
            guess = typo or _extended_stage_name(ref, earlier, df)
            if guess is not None and ref.lower() != "context":
                # a name one stage name extends or shortens may still be an image: the user decides
                fix = rename_fix(ins, flag.end - len(ref), ref, guess, "safe" if typo else "unsafe")
                yield self.finding(
                    rng, f"COPY --from={ref} is not a previously defined stage (did you mean '{guess}'?)", fix=fix
                )


_SEPARATORS = set("-_.")


def _extended_stage_name(ref: str, names: list[str], df: Dockerfile) -> str | None:
    """A stage name that ``ref`` extends or shortens by a few letters (``builder`` for ``build``,
    ``dep`` for ``deps``): a typo, as hadolint's DL3022 says. A name with a separator in the extra
    part (``node`` against ``node-deps``) or that an image in the file is called (``--from=node``
    beside ``FROM node:22``) is taken for an image."""
    low = ref.lower()
    if low in _image_names(df):
        return None
    for name in names:
        short, long = sorted((low, name.lower()), key=len)
        extra = long[len(short) :]
        if len(short) >= 3 and long.startswith(short) and 0 < len(extra) <= 3 and not _SEPARATORS & set(extra):
            return name
    return None


def _image_names(df: Dockerfile) -> set[str]:
    """The repository names of the FROM images (``node`` for ``docker.io/library/node:22``)."""
    return {image_parts(s.image)[0].rsplit("/", 1)[-1].lower() for s in df.stages if s.image}


class CopyFromOwnStage(DockerfileRule):
    """``COPY --from`` cannot reference the stage it is in.

    A stage cannot copy from itself (it is not built yet); BuildKit fails with a circular dependency.

    Bad:

        FROM golang:1.23 AS build
        COPY --from=build /src /src

    Good:

        FROM golang:1.23 AS build
        COPY . /src
    """

    code = "DF018"
    name = "copy-from-own-stage"
    message = "COPY --from cannot reference its own FROM alias"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("hadolint:DL3023",)

    def check_file(self, df, ctx):
        for stage, ins in _copies(df):
            flag = ins.flag("from")
            if flag is None or not flag.value:
                continue
            ref = flag.value
            own = ref == str(stage.index) or (stage.name is not None and ref.lower() == stage.name.lower())
            if own:
                yield self.finding(ins.flag_range(flag))


class CopyRelativeDestWithoutWorkdir(DockerfileRule):
    """Set WORKDIR before copying to a relative destination.

    ``COPY app.py .`` lands in the base image's working directory, which you did not choose and which
    changes when the base image does. Set ``WORKDIR`` first (or use an absolute destination).

    Bad:

        FROM python:3.12-slim
        COPY app.py .

    Good:

        FROM python:3.12-slim
        WORKDIR /app
        COPY app.py .
    """

    code = "DF019"
    name = "copy-relative-dest-without-workdir"
    message = "COPY to a relative destination without WORKDIR set"
    severity = Severity.INFORMATION
    tags = ("best-practice",)
    aliases = ("hadolint:DL3045",)

    def check_file(self, df, ctx):
        for stage in df.stages:
            workdir = any(i.keyword == "WORKDIR" for s in stage_chain(df, stage)[1:] for i in s.instructions)
            for ins in stage.instructions:
                if ins.keyword == "WORKDIR":
                    workdir = True
                if ins.keyword != "COPY" or workdir:
                    continue
                _, dest = sources_and_dest(ins)
                if dest is None or has_variable(dest.value) or is_absolute_path(dest.value):
                    continue
                yield self.finding(
                    ins.word_range(dest), f"COPY to a relative destination '{dest.value}' without WORKDIR set"
                )
