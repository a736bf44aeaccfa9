"""npm and yarn inside RUN: pinned versions and yarn's cache."""

from __future__ import annotations

from ....core.findings import Severity
from ..shell_view import run_scripts
from .run_common import RunRule, cache_mounted, command_span, packages_in, removes

_MOVING_TAGS = frozenset({"latest", "next"})


class NpmPin(RunRule):
    """Pin versions in ``npm install``.

    Without a version (or with a moving tag such as ``@latest``) a rebuild installs whatever the
    registry holds that day. Use ``package@version``. ``npm ci`` and ``npm install`` without
    packages install from the lock file and are fine; paths and tarballs are not checked, and a git
    URL needs a ``#commit`` (or ``#semver:``).

    Bad:

        RUN npm install -g typescript

    Good:

        RUN npm install -g typescript@5.6.3
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF108"
    name = "npm-unpinned"
    message = "Pin versions in npm install (package@version)"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3016",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "npm", action="install"):
            for word in pc.operands:
                value = word.value
                if word.is_static and value.startswith(("git://", "git+")) and "#" not in value:
                    yield self.finding(view.word_range(word), f"Pin versions in npm install: {value}#<commit>")
            for word in pc.packages:
                value = word.static_prefix
                if not word.is_static or ":" in value or ("/" in value and not value.startswith("@")):
                    continue  # a variable, a git/github reference, a path or an alias
                at = value.find("@", 1)
                if at != -1 and value[at + 1 :] not in _MOVING_TAGS:
                    continue
                name = value[:at] if at != -1 else value
                yield self.finding(view.word_range(word), f"Pin versions in npm install: {name}@<version>")


class YarnCacheClean(RunRule):
    """Run ``yarn cache clean`` after ``yarn install`` in the same RUN.

    Yarn keeps every downloaded package in its global cache; in an image layer that is dead weight.
    Not reported with a cache mount over yarn's cache or in stages that do not end up in the final
    image.

    Bad:

        RUN yarn install --frozen-lockfile

    Good:

        RUN yarn install --frozen-lockfile && yarn cache clean
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF127"
    name = "yarn-cache-clean-missing"
    message = "yarn cache clean missing after yarn install was run"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3060",)
    final_image_only = True
    _CACHES = ("/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn/berry/cache", "/home/node/.cache/yarn")

    def check_run(self, view, ins, df, ctx):
        installs = [pc for pc in packages_in(view, "yarn") if pc.action in ("install", "add")]
        if not installs or cache_mounted(ins, *self._CACHES):
            return
        scripts = run_scripts(df, ins)
        if removes([c for v in scripts for c in v.commands], *self._CACHES):
            return
        for v in scripts:
            for pc in packages_in(v, "yarn", action="cache"):
                if pc.operands and pc.operands[0].value == "clean":
                    return
        yield self.finding(command_span(view, installs[0]))
