"""ARG, ENV and LABEL: definitions, references, secrets, key formats."""

from __future__ import annotations

import re

from ....core import secrets
from ....core.findings import Edit, Fix, Related, Severity
from ..lexer import Pair, expansions, has_default, pairs, split_words
from ..model import Instruction
from ..scope import PLATFORM_ARGS, definitions, scopes
from ._base import DockerfileRule, closest, edit_distance, expansion_name_start, has_variable, instructions, rename_fix


def _value_refs(ins: Instruction, pair: Pair):
    """Variable references in a pair's value: (name, logical start, logical end, modifier)."""
    base = ins.args_start + pair.value_start
    text = ins.args[pair.value_start : pair.value_end]
    for name, start, end, mod in expansions(text, ins.escape):
        yield name, base + start, base + end, mod


class EnvSelfReference(DockerfileRule):
    """Do not use a variable in the same ENV statement that defines it.

    All values of one ENV are expanded before any of them is set: in ``ENV A=1 B=$A`` the ``$A`` is
    the *old* value of A (empty here), not 1. Split the statement.

    Bad:

        ENV APP_HOME=/app APP_BIN=$APP_HOME/bin

    Good:

        ENV APP_HOME=/app
        ENV APP_BIN=$APP_HOME/bin
    """

    code = "DF034"
    name = "env-self-reference"
    message = "Do not refer to an environment variable within the same ENV statement where it is defined"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("hadolint:DL3044",)

    def check_file(self, df, ctx):
        sc = scopes(df)
        for ins in instructions(df):
            if ins.keyword != "ENV":
                continue
            before = sc.at(ins)
            defined: dict[str, Pair] = {}
            for pair in definitions(ins):
                for name, start, end, _ in _value_refs(ins, pair):
                    if name in defined and name not in before.defs:
                        first = defined[name]
                        base = ins.args_start
                        related = (
                            Related(ins.span(base + first.key_start, base + first.key_end), f"{name} is set here"),
                        )
                        yield self.finding(ins.span(start, end), related=related)
                defined[pair.key] = pair


_SECRET = re.compile(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)")
# BuildKit's allow-list (public, file, version) plus gpg/pgp: GPG_KEY holds a public key fingerprint
# in the official images (python, ...), never a secret.
_NOT_SECRET = re.compile(r"(?i)(?:_|^)(?:public|file|version|gpg|pgp)(?:_|$)")


def _sensitive(name: str, value: str) -> bool:
    """``name`` holds sensitive data: BuildKit's names plus the shared credential names (``SMTP_PASS``),
    less settings about a secret (``TOKEN_TTL``, ``PASSWORD_MIN_LENGTH``) and switches
    (``ALLOW_EMPTY_PASSWORD=no``). Any other value counts: a ``$VAR`` or an ARG given at build time
    is stored in the image all the same."""
    if secrets.is_setting_name(name) or (value and secrets.is_switch(value)):
        return False
    return bool(_SECRET.search(name) and not _NOT_SECRET.search(name)) or bool(secrets.CREDENTIAL_NAME.search(name))


class SecretsInArgOrEnv(DockerfileRule):
    """Do not pass secrets in ARG or ENV.

    Build args and environment variables are stored in the image (``docker history``, the image
    config): anyone who can pull the image can read them. Use a secret mount
    (``RUN --mount=type=secret,id=token ...``) instead. Names are matched like BuildKit does
    (``*_TOKEN``, ``PASSWORD``, ``API_KEY``, ``SECRET_*``...) and like the other languages' secret
    rules (``SMTP_PASS``), except ``*_GPG_KEY``-style names, settings about a secret (``TOKEN_TTL``,
    ``PASSWORD_MIN_LENGTH``) and switches (``ALLOW_EMPTY_PASSWORD=no``).

    Bad:

        ARG GITHUB_TOKEN
        ENV DB_PASSWORD=hunter2

    Good:

        RUN --mount=type=secret,id=github_token \\
            GITHUB_TOKEN=$(cat /run/secrets/github_token) ./fetch-deps.sh
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF035"
    name = "secrets-in-arg-or-env"
    message = "Do not use ARG or ENV instructions for sensitive data"
    severity = Severity.WARNING
    tags = ("security",)
    aliases = ("hadolint:DL3064", "buildkit:SecretsUsedInArgOrEnv")

    def check_instruction(self, ins, df, ctx):
        for pair in definitions(ins):
            if _sensitive(pair.key, pair.value):
                base = ins.args_start
                message = f'Do not use ARG or ENV instructions for sensitive data ({ins.keyword} "{pair.key}")'
                yield self.finding(ins.span(base + pair.key_start, base + pair.key_end), message)


# ENV commonly set by base images (a stage on an external image may use them without defining them).
COMMON_IMAGE_ENV = frozenset(
    [
        "PATH",
        "HOME",
        "LANG",
        "LANGUAGE",
        "LC_ALL",
        "TERM",
        "USER",
        "HOSTNAME",
        "GOPATH",
        "GOROOT",
        "GOLANG_VERSION",
        "JAVA_HOME",
        "JAVA_VERSION",
        "NODE_VERSION",
        "YARN_VERSION",
        "PYTHON_VERSION",
        "PYTHON_SHA256",
        "PIP_VERSION",
        "RUBY_VERSION",
        "GEM_HOME",
        "BUNDLE_PATH",
        "PHP_VERSION",
        "PHP_INI_DIR",
        "NGINX_VERSION",
        "NJS_VERSION",
        "PG_MAJOR",
        "PG_VERSION",
        "PGDATA",
        "REDIS_VERSION",
        "DEBIAN_FRONTEND",
        "MAVEN_HOME",
        "GRADLE_HOME",
        "DOTNET_VERSION",
        "ASPNETCORE_URLS",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUST_VERSION",
    ]
)

# Instructions whose arguments BuildKit expands ($VAR); RUN/CMD/ENTRYPOINT are left to the shell.
_EXPANDING = ("ADD", "COPY", "ENV", "ARG", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR")


class UndefinedVar(DockerfileRule):
    """A variable is used but never defined.

    ``$NAME`` in COPY, WORKDIR, ENV, USER, LABEL... expands to an empty string when no ARG or ENV
    defines it, usually because of a typo, a global ARG not re-declared in the stage, or a platform arg
    (``TARGETARCH``) used without ``ARG TARGETARCH``. When the base image is an external image its ENV
    is unknown, so only likely typos and platform args are reported there. RUN, CMD and ENTRYPOINT are
    expanded by the shell and not checked here.

    Bad:

        FROM scratch
        ENV APP_HOME=/app
        WORKDIR $APP_HOEM

    Good:

        FROM scratch
        ENV APP_HOME=/app
        WORKDIR $APP_HOME
    """

    code = "DF036"
    name = "undefined-var"
    message = "Usage of undefined variable"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("buildkit:UndefinedVar",)
    fixable = True

    def check_file(self, df, ctx):
        sc = scopes(df)
        global_names = {p.key for i in df.global_args for p in definitions(i)}
        for stage in df.stages:
            for ins in stage.instructions:
                if ins.keyword not in _EXPANDING:
                    continue
                scope = sc.at(ins)
                same: set[str] = set()
                for name, start, end, mod in self._refs(ins):
                    if name is None:
                        same.add(mod)
                        continue
                    if has_default(mod) or scope.known(name) or name in same:
                        continue
                    message, guess = self._message(name, scope, global_names)
                    if message:
                        fix = rename_fix(ins, expansion_name_start(ins.logical, start), name, guess) if guess else None
                        yield self.finding(ins.span(start, end), message, fix=fix)

    @staticmethod
    def _refs(ins: Instruction):
        """References in the instruction; a definition in the same statement is yielded as
        ``(None, 0, 0, name)`` so that later pairs may use it."""
        defs = definitions(ins)
        if ins.keyword in ("ENV", "ARG"):
            for pair in defs:
                yield from _value_refs(ins, pair)
                yield None, 0, 0, pair.key
            return
        if ins.keyword == "LABEL":
            for pair in pairs(ins.args, ins.escape):
                yield from _value_refs(ins, pair)
            return
        for flag in ins.flags:
            text = ins.logical[flag.start : flag.end]
            for name, s, e, mod in expansions(text, ins.escape):
                yield name, flag.start + s, flag.start + e, mod
        for name, s, e, mod in expansions(ins.args, ins.escape):
            yield name, ins.args_start + s, ins.args_start + e, mod

    @staticmethod
    def _message(name: str, scope, global_names: set[str]) -> tuple[str | None, str | None]:
        """The message for an undefined ``name``, and the defined name it is a typo of."""
        if name in PLATFORM_ARGS:
            return f"Usage of undefined variable '${name}' (declare it in this stage with ARG {name})", None
        guess = closest(name, scope.defs)
        if guess is not None and scope.open:
            # The base image may define the name: only near-certain typos of long names.
            # Same length only: ``APP_DIR`` next to ``APP_DIRS`` may well be two variables.
            near = len(name) == len(guess) and edit_distance(name.lower(), guess.lower(), 1) <= 1
            if len(name) < 6 or name in COMMON_IMAGE_ENV or not near:
                guess = None
        if guess is not None:
            return f"Usage of undefined variable '${name}' (did you mean ${guess}?)", guess
        if scope.open:
            return None, None  # the base image may define it
        if name in global_names:
            return (
                f"Usage of undefined variable '${name}' (a global ARG must be re-declared in the stage: ARG {name})",
                None,
            )
        return f"Usage of undefined variable '${name}'", None


class UndefinedArgInFrom(DockerfileRule):
    """A variable in FROM must be declared by an ARG before the first FROM.

    FROM lines only see global ARGs (and the predefined platform args): an undeclared ``$VERSION``
    expands to nothing and ``--build-arg VERSION=...`` cannot set it.

    Bad:

        FROM node:${NODE_VERSION}-alpine

    Good:

        ARG NODE_VERSION=22
        FROM node:${NODE_VERSION}-alpine
    """

    code = "DF011"
    name = "undefined-arg-in-from"
    message = "FROM argument is not declared"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("buildkit:UndefinedArgInFrom",)
    fixable = True

    def check_file(self, df, ctx):
        sc = scopes(df)
        for stage in df.stages:
            ins = stage.instruction
            scope = sc.at(ins)
            for name, start, end, _ in expansions(ins.logical[ins.args_start :], ins.escape):
                if scope.known(name):
                    continue
                guess = closest(name, scope.defs)
                hint = f" (did you mean {guess}?)" if guess else ""
                start += ins.args_start
                rng = ins.span(start, ins.args_start + end)
                fix = rename_fix(ins, expansion_name_start(ins.logical, start), name, guess) if guess else None
                yield self.finding(rng, f"FROM argument '{name}' is not declared{hint}", fix=fix)
            if stage.platform is not None:
                for name, start, end, _ in expansions(
                    ins.logical[stage.platform.start : stage.platform.end], ins.escape
                ):
                    if not scope.known(name):
                        rng = ins.span(stage.platform.start + start, stage.platform.start + end)
                        yield self.finding(rng, f"FROM argument '{name}' is not declared")


_IMAGE_REF = re.compile(
    r"^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z0-9]+:[A-Fa-f0-9]{32,})?$"
)


class InvalidDefaultArgInFrom(DockerfileRule):
    """With the ARG defaults, the FROM image must be a valid reference.

    ``ARG TAG`` without a default makes ``FROM alpine:${TAG}`` expand to ``alpine:`` unless every build
    passes ``--build-arg TAG=...``: give the ARG a default. A warning, as BuildKit reports it: a file
    built only through Compose ``build.args`` or a CI job that passes the ARG does work.

    Bad:

        ARG TAG
        FROM alpine:${TAG}

    Good:

        ARG TAG=3.20
        FROM alpine:${TAG}
    """

    code = "DF012"
    name = "invalid-default-arg-in-from"
    message = "Default value for ARG results in empty or invalid base image name"
    severity = Severity.WARNING
    tags = ("correctness",)
    aliases = ("buildkit:InvalidDefaultArgInFrom",)

    def check_file(self, df, ctx):
        sc = scopes(df)
        for stage in df.stages:
            word = stage.image_word
            if word is None or not has_variable(word.value):
                continue
            scope = sc.at(stage.instruction)
            expanded = _expand(word.value, scope, stage.instruction.escape)
            if expanded is None or _IMAGE_REF.match(expanded):
                continue
            message = f"Default value for ARG {word.value} results in empty or invalid base image name"
            yield self.finding(stage.instruction.word_range(word), message)


def _expand(text: str, scope, escape: str = "\\") -> str | None:
    """Expand with the ARG defaults; None when a variable is undeclared or the syntax is beyond us."""
    out, last = [], 0
    for name, start, end, mod in expansions(text, escape):
        definition = scope.defs.get(name)
        if definition is None:
            return None
        if definition.kind == "builtin":
            return None  # platform args have real values at build time
        value = definition.default or ""
        if mod in ("",):
            pass
        elif mod.startswith((":-", "-")):
            fallback = mod[2:] if mod.startswith(":-") else mod[1:]
            if not value and (mod.startswith(":-") or definition.default is None):
                value = fallback
        elif mod.startswith((":+", "+")):
            value = (mod[2:] if mod.startswith(":+") else mod[1:]) if value else ""
        else:
            return None
        if has_variable(value):
            return None
        out.append(text[last:start])
        out.append(value)
        last = end
    out.append(text[last:])
    return "".join(out)


class LegacyKeyValueFormat(DockerfileRule):
    """Use ``ENV key=value``, not the legacy ``ENV key value``.

    The space-separated form sets one variable to the whole rest of the line, which is easy to misread
    (``ENV A 1 B 2`` sets A to ``1 B 2``) and is deprecated. The fix inserts ``=`` (quoting the value
    when it contains spaces).

    Bad:

        ENV NODE_ENV production
        LABEL maintainer Jane

    Good:

        ENV NODE_ENV=production
        LABEL maintainer=Jane
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF037"
    name = "legacy-key-value-format"
    message = 'Use the "key=value" format instead of the legacy "key value" format'
    severity = Severity.INFORMATION
    tags = ("deprecated",)
    aliases = ("buildkit:LegacyKeyValueFormat",)
    fixable = True

    def check_instruction(self, ins, df, ctx):
        if ins.keyword not in ("ENV", "LABEL"):
            return
        found = pairs(ins.args, ins.escape)
        if len(found) != 1 or not found[0].legacy:
            return
        pair = found[0]
        base = ins.args_start
        message = f'"{ins.keyword} key=value" should be used instead of legacy "{ins.keyword} key value" format'
        yield self.finding(ins.span(base + pair.key_start, base + pair.key_end), message, fix=_legacy_fix(ins, pair))


def _legacy_fix(ins: Instruction, pair: Pair) -> Fix | None:
    base = ins.args_start
    raw = ins.args[pair.value_start : pair.value_end]
    gap = ins.span(base + pair.key_end, base + pair.value_start)
    if len(split_words(raw, ins.escape)) == 1:
        return Fix("Use key=value", (Edit(gap, "="),), "safe")
    whole = ins.span(base + pair.key_end, base + pair.value_end)
    if whole.start.line != whole.end.line or any(c in raw for c in "\"'\\`"):
        return None
    return Fix("Use key=value", (Edit(whole, f'="{raw}"'),), "safe")


_LABEL_KEY = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
_RESERVED_LABEL_NAMESPACES = ("com.docker.", "io.docker.", "org.dockerproject.")


class InvalidLabelKey(DockerfileRule):
    """Label keys should be lowercase, dot-separated names (reverse DNS), outside Docker's namespaces.

    Docker's guidelines: lowercase letters, digits, ``.`` and ``-``, starting and ending with a letter
    or digit, no doubled separators; ``com.docker.*``, ``io.docker.*`` and ``org.dockerproject.*`` are
    reserved for Docker.

    Bad:

        LABEL Maintainer=jane com.docker.owner=me

    Good:

        LABEL maintainer=jane org.opencontainers.image.authors=jane
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF038"
    name = "invalid-label-key"
    message = "Invalid label key"
    severity = Severity.INFORMATION
    tags = ("style", "labels")
    aliases = ("hadolint:DL3048",)

    def check_instruction(self, ins, df, ctx):
        if ins.keyword != "LABEL":
            return
        for pair in pairs(ins.args, ins.escape):
            key = pair.key
            if not key or has_variable(key):
                continue
            if key.startswith(_RESERVED_LABEL_NAMESPACES):
                problem = "uses a namespace reserved for Docker"
            elif not _LABEL_KEY.match(key):
                problem = "should be lowercase alphanumerics separated by single '.' or '-'"
            else:
                continue
            base = ins.args_start
            yield self.finding(
                ins.span(base + pair.key_start, base + pair.key_end), f"Invalid label key '{key}': {problem}"
            )
