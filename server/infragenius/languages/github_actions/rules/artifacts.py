"""Whether an ``actions/upload-artifact`` step can carry a checkout's ``.git`` folder (artipacked).

Only then does a token persisted by ``actions/checkout`` leave the job. Two conditions:
- one of the ``path:`` patterns covers the checkout folder (the workspace root unless checkout's
  ``path:`` says otherwise): ``.``, ``*``, ``**``, ``${{ github.workspace }}``, the folder or a parent;
- hidden files are uploaded: upload-artifact v4.4.0 and later skip them (``.git`` included) unless
  ``include-hidden-files: true``; older versions upload them.
Anything unknown (an expression, a commit SHA, a branch) counts as "cannot tell", which is "no".
"""

from __future__ import annotations

import re

from ...yaml import Mapping, Scalar

_WORKSPACE = re.compile(r"^\$\{\{\s*github\.workspace\s*\}\}")
_EVERYTHING = {"", ".", "*", "**", "**/*", "*/**"}
_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?")


def _norm(path: str) -> str:
    path = _WORKSPACE.sub("", path.strip()).replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path.strip("/")


def _covers(pattern: str, folder: str) -> bool:
    """``pattern`` (one line of upload-artifact's ``path:``) includes ``folder`` (relative, normalised)."""
    if pattern.startswith("!") or ("${{" in pattern and not _WORKSPACE.match(pattern.strip())):
        return False
    p = _norm(pattern)
    if "${{" in p:
        return False
    return p in _EVERYTHING or p == folder or folder.startswith(p + "/")


def _uploads_hidden(ref: str, with_: Mapping | None) -> bool:
    hidden = with_.get("include-hidden-files") if with_ is not None else None
    if isinstance(hidden, Scalar) and hidden.value.strip().lower() == "true":
        return True
    m = _VERSION.match(ref)
    if m is None:
        return False  # a SHA or branch: the version is unknown
    major, minor = int(m.group(1)), m.group(2)
    return major < 4 or (major == 4 and minor is not None and int(minor) < 4)


def uploads_checkout(upload_step, ref: str, checkout_folder: str) -> bool:
    """Whether this upload-artifact step (``uses: actions/upload-artifact@<ref>``) can upload
    ``checkout_folder``'s ``.git`` (``checkout_folder``: normalised, "" for the workspace root)."""
    with_ = upload_step.get("with")
    with_ = with_ if isinstance(with_, Mapping) else None
    path = with_.get("path") if with_ is not None else None
    if not isinstance(path, Scalar) or path.is_null:
        return False
    patterns = [line for line in path.value.splitlines() if line.strip()]
    return any(_covers(p, checkout_folder) for p in patterns) and _uploads_hidden(ref, with_)


def checkout_folder(with_) -> str | None:
    """The folder checkout writes to, normalised ("" = workspace root); None when not known."""
    path = with_.get("path") if isinstance(with_, Mapping) else None
    if path is None or (isinstance(path, Scalar) and path.is_null):
        return ""
    if not isinstance(path, Scalar) or "${{" in path.value:
        return None
    return _norm(path.value)


# actions that download an artifact of another run (a pull request's, under workflow_run)
_DOWNLOADERS = ("actions/download-artifact", "dawidd6/action-download-artifact")


def download_folder(step) -> str | None:
    """The folder an artifact-download step extracts to, normalised ("" = workspace root); None when
    the step downloads nothing or the folder is not known."""
    uses = step.get("uses")
    if not isinstance(uses, Scalar) or uses.value.partition("@")[0].lower() not in _DOWNLOADERS:
        return None
    return checkout_folder(step.get("with"))  # the same ``path:`` input, workspace root by default


def under(path: str, folder: str) -> bool:
    """Whether the relative file ``path`` lies in ``folder`` (normalised, "" = workspace root)."""
    if path.startswith(("/", "~", "$")) or ".." in path.split("/"):
        return False
    path = _norm(path)
    return folder == "" or path == folder or path.startswith(folder + "/")
