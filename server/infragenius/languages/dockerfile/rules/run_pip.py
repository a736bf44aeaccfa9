"""pip inside RUN: pinned versions and --no-cache-dir."""

from __future__ import annotations

from ....core.findings import Severity
from .run_common import RunRule, cache_mounted, insert_option_fix, name_range, packages_in, stage_env

_SPECIFIER = set("=<>~!@")
_VCS = ("git+", "hg+", "svn+", "bzr+")


def _unpinned_vcs(value: str) -> bool:
    """``git+https://host/org/repo.git`` without ``@ref`` follows the default branch."""
    if not value.lower().startswith(_VCS):
        return False
    last = value.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return "@" not in last


class PipPin(RunRule):
    """Pin versions in ``pip install``.

    Without a version a rebuild installs whatever PyPI holds that day. Pin ``package==version``, or
    install from a requirements/constraints file. A word holding a variable is unknown and not
    reported, nor is a command with a bare ``$OPTS`` (it may hold ``-c constraints.txt``). Paths
    (``.``, ``-e .``), URLs, wheels and the values of options such as ``--index-url`` are not
    packages; a VCS URL needs an ``@ref`` (``git+https://host/org/repo.git@v1.2``).

    Bad:

        RUN pip install --no-cache-dir requests

    Good:

        RUN pip install --no-cache-dir requests==2.32.3
    """

    instruction_local = True  # reads its instruction only (reuse.py)

    code = "DF105"
    name = "pip-unpinned"
    message = "Pin versions in pip install (package==version)"
    severity = Severity.WARNING
    tags = ("reproducibility",)
    aliases = ("hadolint:DL3013",)

    def check_run(self, view, ins, df, ctx):
        for pc in packages_in(view, "pip", action="install"):
            if pc.has("-c", "--constraint") or pc.opaque:
                continue  # a constraints file pins what it lists; a bare $OPTS may name one
            for word in pc.operands:
                if word.is_static and _unpinned_vcs(word.value):
                    yield self.finding(view.word_range(word), f"Pin versions in pip install: {word.value}@<ref>")
            for word in pc.packages:
                value = word.static_prefix
                if not word.is_static or _SPECIFIER & set(value) or any(c in value for c in "/*;"):
                    continue
                yield self.finding(view.word_range(word), f"Pin versions in pip install: {value}==<version>")


class PipNoCacheDir(RunRule):
    """Use ``pip install --no-cache-dir``.

    pip keeps a wheel cache in ``~/.cache/pip``; in an image layer it is dead weight. Not reported
    when ``PIP_NO_CACHE_DIR`` is set (ENV/ARG or on the command), a cache is mounted over pip's
    cache, or the stage does not end up in the final image.

    Bad:

        RUN pip install requests==2.32.3

    Good:

        RUN pip install --no-cache-dir requests==2.32.3
    """

    instruction_local = True  # its instruction and the ENV/ARG before it (reuse.py)

    code = "DF123"
    name = "pip-no-cache-dir"
    message = "Use pip install --no-cache-dir to keep the image small"
    severity = Severity.INFORMATION
    tags = ("image-size",)
    aliases = ("hadolint:DL3042",)
    fixable = True
    final_image_only = True

    def check_run(self, view, ins, df, ctx):
        if cache_mounted(ins, "/root/.cache/pip") or stage_env(df, ins, "PIP_NO_CACHE_DIR"):
            return
        for pc in packages_in(view, "pip", action="install"):
            cmd = pc.command
            if (
                cmd.program == "uv"
                or pc.opaque
                or pc.has("--no-cache-dir", "--cache-dir")
                or cmd.has_assignment("PIP_NO_CACHE_DIR")
            ):
                continue
            yield self.finding(
                name_range(view, cmd), fix=insert_option_fix(view, pc, "--no-cache-dir", "Add --no-cache-dir")
            )
