"""A tiny third-party rule pack: what the marketplace tests build into a wheel and install with pip.

It is also the example the README's "Writing a rule pack" section walks through: one rule on the
Dockerfile's rule-authoring API (``infragenius.languages.dockerfile.api``), published under the
``infragenius.plugins`` entry point.
"""

from infragenius.core.document import Range
from infragenius.core.findings import Severity
from infragenius.languages.dockerfile.api import DockerfileRule


class NoMaintainerLabel(DockerfileRule):
    """The image names no maintainer (no ``org.opencontainers.image.authors`` label).

    Whoever runs the image should know whom to ask about it; the OCI label is where registries and
    scanners look.

    Bad:

        FROM alpine:3.20

    Good:

        FROM alpine:3.20
        LABEL org.opencontainers.image.authors="team@example.com"
    """

    code = "XD001"
    name = "demo-no-authors-label"
    message = "No org.opencontainers.image.authors label"
    severity = Severity.INFORMATION
    tags = ("no-peer",)

    def check_file(self, df, ctx):
        if "org.opencontainers.image.authors" not in ctx.text:
            yield self.finding(Range.of(0, 0, 0, len(ctx.document.line_text(0))))
