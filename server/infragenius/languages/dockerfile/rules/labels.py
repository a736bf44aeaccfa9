"""Label schema: required labels and the format of their values (hadolint's label-schema rules).

The schema maps label names to a type: ``text``, ``url``, ``spdx``, ``hash``, ``rfc3339``, ``semver`` or
``email``. It comes from the config (``[tool.infragenius.dockerfile] allowed-labels = {...}``) or,
when that is empty, from ``label-schema`` in a ``.hadolint.yaml`` next to the Dockerfile. No schema:
the rules are silent.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlparse

from ....core.findings import Severity
from ..lexer import Pair, pairs
from ..model import Dockerfile, Instruction
from ._base import DockerfileRule, hadolint_config, has_variable, stage_chain

_SEMVER = re.compile(
    r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")
_HASH = re.compile(r"^[0-9a-fA-F]{7,64}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SPDX_ID = r"\(*[A-Za-z0-9][A-Za-z0-9.+-]*\)*"
_SPDX = re.compile(rf"^{_SPDX_ID}(?:\s+(?:AND|OR|WITH)\s+{_SPDX_ID})*$")


def _valid_rfc3339(value: str) -> bool:
    if not _RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00").replace(" ", "T"))
    except ValueError:
        return False
    return True


def _valid_url(value: str) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme and parsed.netloc)


VALIDATORS = {
    "url": (_valid_url, "is not a valid URL", "DL3052"),
    "rfc3339": (_valid_rfc3339, "is not a valid RFC 3339 date-time", "DL3053"),
    "spdx": (lambda v: bool(_SPDX.match(v)), "is not a valid SPDX license expression", "DL3054"),
    "hash": (lambda v: bool(_HASH.match(v)), "is not a valid git hash", "DL3055"),
    "semver": (lambda v: bool(_SEMVER.match(v)), "is not a valid semantic version", "DL3056"),
    "email": (lambda v: bool(_EMAIL.match(v)), "is not a valid email address", "DL3058"),
}


def label_schema(ctx) -> dict[str, str]:
    options = ctx.options("dockerfile")
    configured = dict(getattr(options, "allowed_labels", None) or {})
    if configured:
        return {k: str(v).lower() for k, v in configured.items()}
    return _hadolint_schema(ctx)


def _hadolint_schema(ctx) -> dict[str, str]:
    schema = hadolint_config(ctx).get("label-schema")
    return {str(k): str(v).lower() for k, v in schema.items()} if isinstance(schema, dict) else {}


def _labels(df: Dockerfile) -> list[tuple[Instruction, Pair]]:
    """Labels set in the final image (its stage and the earlier stages it builds on)."""
    if not df.stages:
        return []
    found = []
    for stage in reversed(stage_chain(df, df.stages[-1])):
        for ins in stage.instructions:
            if ins.keyword == "LABEL":
                found += [(ins, p) for p in pairs(ins.args, ins.escape) if p.key]
    return found


class MissingLabel(DockerfileRule):
    """A label required by the label schema is not set in the final image.

    Teams use labels (source repository, version, owner) to trace images back; the schema in the
    config lists the ones every image must carry.

    Bad:

        # allowed-labels = {"org.opencontainers.image.source" = "url"}
        FROM alpine:3.20

    Good:

        FROM alpine:3.20
        LABEL org.opencontainers.image.source="https://github.com/example/app"
    """

    code = "DF039"
    name = "missing-label"
    message = "Label required by the label schema is missing"
    severity = Severity.INFORMATION
    tags = ("labels",)
    aliases = ("hadolint:DL3049",)

    def check_file(self, df, ctx):
        schema = label_schema(ctx)
        if not schema or not df.stages:
            return
        present = {p.key for _, p in _labels(df)}
        final = df.stages[-1]
        word = final.image_word
        rng = final.instruction.word_range(word) if word else final.instruction.keyword_range
        for name in schema:
            if name not in present:
                yield self.finding(rng, f"Label '{name}' is missing")


class EmptyLabel(DockerfileRule):
    """A label of the label schema is set to an empty value.

    An empty required label satisfies the letter of the schema but carries no information.

    Bad:

        LABEL org.opencontainers.image.version=""

    Good:

        LABEL org.opencontainers.image.version="1.4.2"
    """

    code = "DF040"
    name = "empty-label"
    message = "Label is empty"
    severity = Severity.INFORMATION
    tags = ("labels",)
    aliases = ("hadolint:DL3051",)

    def check_file(self, df, ctx):
        schema = label_schema(ctx)
        if not schema:
            return
        for ins, pair in _labels(df):
            if (
                pair.key in schema
                and pair.value.strip() == ""
                and "=" in ins.args[pair.key_start : pair.value_start + 1]
            ):
                base = ins.args_start
                yield self.finding(
                    ins.span(base + pair.key_start, base + pair.value_end), f"Label '{pair.key}' is empty"
                )


class InvalidLabelValue(DockerfileRule):
    """A label's value does not have the type the label schema gives it.

    Types: ``url``, ``rfc3339`` (date-time), ``spdx`` (license expression), ``hash`` (git commit),
    ``semver``, ``email``; ``text`` accepts anything. Values built from variables are not checked.

    Bad:

        # allowed-labels = {"org.opencontainers.image.version" = "semver"}
        LABEL org.opencontainers.image.version="one point two"

    Good:

        LABEL org.opencontainers.image.version="1.2.0"
    """

    code = "DF041"
    name = "invalid-label-value"
    message = "Label value does not match the label schema"
    severity = Severity.INFORMATION
    tags = ("labels",)
    aliases = tuple(f"hadolint:{v[2]}" for v in VALIDATORS.values())

    def check_file(self, df, ctx):
        schema = label_schema(ctx)
        if not schema:
            return
        for ins, pair in _labels(df):
            kind = schema.get(pair.key)
            check = VALIDATORS.get(kind or "")
            if check is None or not pair.value.strip() or has_variable(pair.value):
                continue
            valid, problem, _ = check
            if not valid(pair.value.strip()):
                base = ins.args_start
                rng = ins.span(base + pair.value_start, base + pair.value_end)
                yield self.finding(rng, f"Label '{pair.key}' {problem}: {pair.value}")
