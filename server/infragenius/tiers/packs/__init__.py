"""Premium rule packs (Professional): compliance mappings with findings of their own.

A pack rule reuses a base rule's check and reports under its own code with the benchmark's control
in the message, so a compliance report lists each control, while the logic lives in one place.
"""

from __future__ import annotations

from typing import ClassVar

from ...core.rules import Rule


class MappedRule(Rule):
    """Base of pack rules that re-label another rule's findings."""

    base: ClassVar[type[Rule]]
    control: ClassVar[str]  # e.g. "CIS Kubernetes 5.2.2"
    requires = "premium-rules"
    origin = "pack"

    def check(self, ctx):
        for finding in self.base().check(ctx):
            yield finding.with_(
                code=self.code,
                message=f"{self.control}: {finding.message}",
                aliases=self.aliases,
                url=self.url(),
                severity=self.severity,
            )
