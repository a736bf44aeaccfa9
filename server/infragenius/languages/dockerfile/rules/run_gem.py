"""gem inside RUN: pinned versions."""

from __future__ import annotations

from ....core.findings import Severity
from .run_common import RunRule, packages_in


class GemPin(RunRule):
    """Pin versions in ``gem install``.

    Without a version a rebuild installs whatever rubygems.org holds that day. Use
    ``gem install name:version`` or ``-v version``. ``.gem`` files and paths are not checked.

    Bad:

        RUN gem install bundler

    Good:

        RUN gem install bundler:2.5.22
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF112"
    name = "gem-unpinned"
    message = "Pin versions in gem install (gem install name:version)"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3028",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "gem"):
            if pc.action not in ("install", "i") or pc.has("-v", "--version", "-g", "--file"):
                continue
            for word in pc.packages:
                value = word.static_prefix
                if not word.is_static or ":" in value or "*" in value:
                    continue
                yield self.finding(view.word_range(word), f"Pin versions in gem install: {value}:<version>")
