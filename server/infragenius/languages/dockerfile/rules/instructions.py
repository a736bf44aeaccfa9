"""Instruction-level checks: WORKDIR, USER, EXPOSE, ONBUILD, keyword casing, argument syntax."""

from __future__ import annotations

import json
import re

from ....core.findings import Edit, Fix, Severity
from ..model import INSTRUCTIONS
from ._base import (
    DockerfileRule,
    has_variable,
    instructions,
    is_absolute_path,
    stage_chain,
)


class WorkdirRelative(DockerfileRule):
    """Use an absolute path for the first WORKDIR of a stage.

    A relative WORKDIR is resolved against the base image's working directory, which you do not
    control: it changes when the base image does. Relative paths after an absolute WORKDIR in the same
    stage are fine (BuildKit's behaviour; hadolint reports every relative WORKDIR).

    Bad:

        FROM node:22
        WORKDIR app

    Good:

        FROM node:22
        WORKDIR /app
    """

    code = "DF025"
    name = "workdir-relative-path"
    message = "Relative workdir can have unexpected results if the base image changes"
    severity = Severity.WARNING
    tags = ("best-practice",)
    aliases = ("hadolint:DL3000", "buildkit:WorkdirRelativePath")

    def check_file(self, df, ctx):
        for stage in df.stages:
            seen = any(i.keyword == "WORKDIR" for s in stage_chain(df, stage)[1:] for i in s.instructions)
            for ins in stage.instructions:
                if ins.keyword != "WORKDIR":
                    continue
                words = ins.words
                path = words[0].value if len(words) == 1 else None
                if not seen and path and not has_variable(path) and not is_absolute_path(path):
                    message = f"Relative workdir '{path}' can have unexpected results if the base image changes"
                    yield self.finding(ins.word_range(words[0]), message)
                seen = True


_ROOT_USER = re.compile(r"^(?:root|0)(?::.*)?$")


class LastUserRoot(DockerfileRule):
    """The final image should not run as root.

    If the last ``USER`` of the final stage is root, the container's process runs as root: a
    compromise of the application is a compromise of the container (and, with a misconfigured
    runtime, of the host). Switch to an unprivileged user after the steps that need root.

    Bad:

        FROM debian:12
        USER root
        RUN apt-get update
        CMD ["app"]

    Good:

        FROM debian:12
        USER root
        RUN apt-get update
        USER app
        CMD ["app"]
    """

    code = "DF026"
    name = "last-user-root"
    message = "Last USER should not be root"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("hadolint:DL3002",)

    def check_file(self, df, ctx):
        if not df.stages:
            return
        for stage in stage_chain(df, df.stages[-1]):
            users = [i for i in stage.instructions if i.keyword == "USER"]
            if users:
                last = users[-1]
                if _ROOT_USER.match(last.args.strip()):
                    yield self.finding(last.args_range)
                return


def _expose_words(ins):
    for word in ins.words:
        if word.value and not has_variable(word.value):
            yield word


class ExposePortRange(DockerfileRule):
    """EXPOSE ports must be between 0 and 65535.

    A larger number is not a port; the build fails or the metadata is wrong.

    Bad:

        EXPOSE 80800

    Good:

        EXPOSE 8080
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF027"
    name = "expose-port-range"
    message = "Valid UNIX ports range from 0 to 65535"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("hadolint:DL3011",)

    def check_instruction(self, ins, df, ctx):
        if ins.keyword != "EXPOSE":
            return
        for word in _expose_words(ins):
            ports = word.value.split("/", 1)[0]
            if ":" in ports:
                continue  # DF028
            numbers = ports.split("-", 1)
            if all(n.isdigit() for n in numbers) and any(int(n) > 65535 for n in numbers):
                yield self.finding(ins.word_range(word), f"Valid UNIX ports range from 0 to 65535 (got {ports})")


class ExposeInvalidFormat(DockerfileRule):
    """EXPOSE takes container ports only, not ``ip:host:container`` mappings.

    Publishing (host port, address) is decided by ``docker run -p``; an EXPOSE with a mapping is
    ignored or refused, depending on the builder version.

    Bad:

        EXPOSE 127.0.0.1:8080:80

    Good:

        EXPOSE 80
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF028"
    name = "expose-invalid-format"
    message = "EXPOSE instruction should not define an IP address or host-port mapping"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("buildkit:ExposeInvalidFormat",)

    def check_instruction(self, ins, df, ctx):
        if ins.keyword != "EXPOSE":
            return
        for word in _expose_words(ins):
            if ":" in word.value:
                message = (
                    f"EXPOSE instruction should not define an IP address or host-port mapping, found '{word.value}'"
                )
                yield self.finding(ins.word_range(word), message)


class ExposeProtoCasing(DockerfileRule):
    """The EXPOSE protocol should be lowercase (``80/tcp``).

    Docker lowercases it anyway; uppercase is inconsistent with every other place ports appear.

    Bad:

        EXPOSE 53/UDP

    Good:

        EXPOSE 53/udp
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF029"
    name = "expose-proto-casing"
    message = "Defined protocol in EXPOSE instruction should be lowercase"
    severity = Severity.INFORMATION
    tags = ("style",)
    aliases = ("buildkit:ExposeProtoCasing",)
    fixable = True

    def check_instruction(self, ins, df, ctx):
        if ins.keyword != "EXPOSE":
            return
        for word in _expose_words(ins):
            _, slash, proto = word.value.partition("/")
            if slash and proto != proto.lower() and word.raw == word.value:
                rng = ins.word_range(word)
                fix = Fix("Lowercase the protocol", (Edit(rng, word.value.lower()),), "safe")
                message = f"Defined protocol '{word.value}' in EXPOSE instruction should be lowercase"
                yield self.finding(rng, message, fix=fix)


class OnbuildForbiddenTrigger(DockerfileRule):
    """ONBUILD cannot trigger FROM, MAINTAINER or another ONBUILD.

    Docker refuses these triggers: the image that uses this one as its base fails to build.

    Bad:

        ONBUILD FROM alpine:3.20

    Good:

        ONBUILD COPY . /app/src
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF030"
    name = "onbuild-forbidden-trigger"
    message = "ONBUILD, FROM or MAINTAINER triggered from within ONBUILD instruction"
    severity = Severity.ERROR
    tags = ("correctness",)
    aliases = ("hadolint:DL3043",)

    def check_instruction(self, ins, df, ctx):
        inner = ins.onbuild
        if inner is not None and inner.keyword in ("ONBUILD", "FROM", "MAINTAINER"):
            yield self.finding(inner.keyword_range, f"{inner.keyword} is not allowed as an ONBUILD trigger")


class ConsistentInstructionCasing(DockerfileRule):
    """Write all instruction keywords in the same case (uppercase by convention).

    Keywords are case-insensitive, but mixing ``RUN`` and ``run`` makes the file harder to read and
    to search. The majority case of the file wins; the fix recases the keyword.

    Bad:

        FROM alpine:3.20
        run echo hello

    Good:

        FROM alpine:3.20
        RUN echo hello
    """

    code = "DF031"
    name = "consistent-instruction-casing"
    message = "Instruction should match the case of the instruction majority"
    severity = Severity.INFORMATION
    tags = ("style",)
    aliases = ("buildkit:ConsistentInstructionCasing",)
    fixable = True

    def check_file(self, df, ctx):
        all_ins = [i for i in instructions(df) if i.keyword]
        lower = sum(1 for i in all_ins if i.written.islower())
        upper = sum(1 for i in all_ins if i.written.isupper())
        majority_lower = lower > upper
        for ins in all_ins:
            if majority_lower and not ins.written.islower():
                wanted, label = ins.written.lower(), "lowercase"
            elif not majority_lower and not ins.written.isupper():
                wanted, label = ins.written.upper(), "uppercase"
            else:
                continue
            rng = ins.keyword_range
            message = f"Command '{ins.written}' should match the case of the command majority ({label})"
            yield self.finding(rng, message, fix=Fix(f"Write '{wanted}'", (Edit(rng, wanted),), "safe"))


KNOWN_FLAGS = {
    "FROM": {"platform"},
    "COPY": {"from", "chown", "chmod", "link", "parents", "exclude"},
    "ADD": {"chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"},
    "RUN": {"mount", "network", "security", "device"},
    "HEALTHCHECK": {"interval", "timeout", "start-period", "start-interval", "retries"},
}
_NEEDS_ARGUMENTS = (
    "ARG",
    "ENV",
    "LABEL",
    "USER",
    "WORKDIR",
    "EXPOSE",
    "STOPSIGNAL",
    "VOLUME",
    "SHELL",
    "HEALTHCHECK",
    "ONBUILD",
)


class InvalidInstructionSyntax(DockerfileRule):
    """An instruction's arguments are malformed and Docker would refuse the file.

    Reported: unknown ``--flags``, COPY/ADD without a destination, instructions that need arguments
    and have none, ``ENV name`` / ``LABEL name`` without a value, SHELL not in JSON form, a HEALTHCHECK
    that is neither ``CMD ...`` nor ``NONE``.

    Bad:

        COPY --form=build /app
        ENV DEBUG
        SHELL /bin/bash -c

    Good:

        COPY --from=build /app /app
        ENV DEBUG=1
        SHELL ["/bin/bash", "-c"]
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF032"
    name = "invalid-instruction-syntax"
    message = "Invalid instruction arguments"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")

    def check_instruction(self, ins, df, ctx):
        if not ins.keyword:
            return
        known = KNOWN_FLAGS.get(ins.keyword)
        if known is not None:
            for flag in ins.flags:
                if flag.name not in known:
                    yield self.finding(ins.flag_range(flag), f"Unknown flag --{flag.name} for {ins.keyword}")
        args = ins.args.strip()
        if not args and ins.keyword in _NEEDS_ARGUMENTS:
            yield self.finding(ins.keyword_range, f"{ins.keyword} requires at least one argument")
            return
        if ins.keyword in ("COPY", "ADD") and len(ins.arguments()) < 2 and not ins.json_error:
            yield self.finding(
                ins.keyword_range, f"{ins.keyword} requires at least two arguments: source(s) and destination"
            )
        elif ins.keyword in ("ENV", "LABEL"):
            words = ins.words
            if len(words) == 1 and "=" not in words[0].raw:
                key = words[0].value
                message = f"{ins.keyword} {key} has no value: write {ins.keyword} {key}=<value>"
                yield self.finding(ins.word_range(words[0]), message)
        elif ins.keyword == "SHELL" and ins.exec_form is None:
            yield self.finding(ins.args_range, "SHELL requires the arguments to be in JSON form")
        elif ins.keyword == "HEALTHCHECK":
            words = ins.words
            kind = words[0].value.upper() if words else ""
            if kind not in ("CMD", "NONE"):
                yield self.finding(ins.word_range(words[0]), f"Unknown type {words[0].value} in HEALTHCHECK (try CMD)")
            elif kind == "NONE" and len(words) > 1:
                yield self.finding(ins.span(words[1].start, words[-1].end), "HEALTHCHECK NONE takes no arguments")
            elif kind == "CMD" and len(words) == 1:
                yield self.finding(ins.word_range(words[0]), "HEALTHCHECK CMD requires a command")


_JSON_INTENT = re.compile(r"^\[\s*['\"].*['\"]\s*\]$", re.DOTALL)
_EXEC_KEYWORDS = ("CMD", "ENTRYPOINT", "RUN", "SHELL", "COPY", "ADD", "VOLUME")


class InvalidExecFormJson(DockerfileRule):
    """An exec-form (JSON) argument list that is not valid JSON runs as a shell command.

    ``CMD ['node', 'app.js']`` (single quotes) or a missing comma is not JSON, so Docker silently
    treats the text as shell form and runs ``/bin/sh -c "['node', 'app.js']"``, which fails at run
    time. Use double quotes and commas. The fix (single to double quotes) is unsafe: review it.

    Bad:

        CMD ['node', 'app.js']

    Good:

        CMD ["node", "app.js"]
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF033"
    name = "invalid-exec-form-json"
    message = "Invalid JSON in exec form: Docker will run this as a shell command"
    severity = Severity.ERROR
    tags = ("correctness", "no-peer")
    fixable = True

    def check_instruction(self, ins, df, ctx):
        if ins.keyword not in _EXEC_KEYWORDS or not ins.json_error:
            return
        text = ins.args.strip()
        if not _JSON_INTENT.match(text) or (ins.keyword == "RUN" and "," not in text):
            return  # ``RUN [ "$x" = y ]`` is a shell test, not broken JSON
        fix = None
        candidate = text.replace("'", '"') if '"' not in text else None
        if candidate is not None:
            try:
                value = json.loads(candidate)
            except ValueError:
                value = None
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                fix = Fix("Use double quotes", (Edit(ins.args_range, json.dumps(value, ensure_ascii=False)),), "unsafe")
        yield self.finding(ins.args_range, fix=fix)


assert set(KNOWN_FLAGS) <= INSTRUCTIONS
