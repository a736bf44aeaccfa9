"""MAINTAINER is deprecated."""

from __future__ import annotations

import json

from ....core.findings import Edit, Fix, Severity
from ._base import DockerfileRule


class MaintainerDeprecated(DockerfileRule):
    """MAINTAINER is deprecated; use a LABEL instead.

    The MAINTAINER instruction has been deprecated since Docker 1.13. The OCI annotation
    ``org.opencontainers.image.authors`` carries the same information and is read by registries
    and scanners.

    Bad:

        FROM alpine:3.20
        MAINTAINER Jane Doe <jane@example.com>

    Good:

        FROM alpine:3.20
        LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF001"
    name = "maintainer-deprecated"
    message = "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors"
    severity = Severity.WARNING
    tags = ("deprecated",)
    aliases = ("hadolint:DL4000", "buildkit:MaintainerDeprecated")
    fixable = True

    def check_instruction(self, ins, df, ctx):
        if ins.keyword != "MAINTAINER":
            return
        author = ins.args.strip()
        label = f"LABEL org.opencontainers.image.authors={json.dumps(author, ensure_ascii=False)}"
        fix = Fix("Replace MAINTAINER with LABEL", (Edit(ins.range, label),), "safe")
        yield self.finding(ins.keyword_range, fix=fix)
