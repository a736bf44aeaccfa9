"""go install / go get inside RUN: pinned versions."""

from __future__ import annotations

from ....core.findings import Severity
from .run_common import RunRule, packages_in

_MOVING = frozenset({"latest", "master", "main", "HEAD", "upgrade", "patch"})


class GoInstallPin(RunRule):
    """Pin versions in ``go install`` and ``go get``.

    ``go install module/path@latest`` (or a branch) builds whatever the module holds that day, and
    ``go get module/path`` without a version means ``@upgrade``: the newest release. Use
    ``@vX.Y.Z``. Only remote module paths are checked (local packages such as ``./...`` are built
    from the source in the image).

    Bad:

        RUN go install golang.org/x/tools/gopls@latest

    Good:

        RUN go install golang.org/x/tools/gopls@v0.16.2
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF128"
    name = "go-install-unpinned"
    message = "Pin versions in go install / go get (module/path@version)"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3062",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "go"):
            if pc.action not in ("install", "get"):
                continue
            for word in pc.packages:
                value = word.static_prefix
                if not word.is_static:
                    continue
                path, at, version = value.partition("@")
                if "." not in path.split("/", 1)[0] or path.endswith(".go"):
                    continue  # not a remote module path
                if at and version not in _MOVING:
                    continue
                yield self.finding(view.word_range(word), f"Pin versions in go {pc.action}: {path}@<version>")
