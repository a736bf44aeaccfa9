"""What kustomize does to a manifest file: patches applied to it, image tags set for it.

A strategic-merge patch is a partial object: fields it leaves out (``selector``, a container's
``image``, probes, requests) come from the base it patches, so their absence proves nothing. A base's
untagged image may get its tag from the kustomization's ``images:`` list, and its workloads their
``spec.selector`` from ``commonLabels`` or ``labels`` with ``includeSelectors``. All are read from the
kustomization files (``kustomization.yaml``, ``kustomization.yml``, ``Kustomization``) of the file's
folder and of the folders above it, through the workspace so unsaved buffers count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ...core.context import Context
from ..yaml import Mapping, Node, Scalar, Sequence, parse_yaml, string_value, walk
from . import KUSTOMIZATION_NAMES
from .model import is_true

MAX_OVERLAYS = 200  # kustomization files read when looking for the overlays of a base
MAX_LEVELS = 3  # patches usually sit next to, or one or two folders below, their kustomization
# Workloads whose spec.selector kustomize creates from commonLabels (its built-in field specs).
SELECTOR_KINDS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")
# Strategic-merge directives: keys that only a patch may hold.
PATCH_DIRECTIVES = ("$patch", "$setElementOrder/", "$retainKeys", "$deleteFromPrimitiveList/")


@dataclass
class KustomizeInfo:
    patch: bool = False  # the file is applied as a patch (its objects are partial)
    retagged_images: set[str] = field(default_factory=set)  # image names whose tag kustomize sets
    adds_selector: bool = False  # kustomize writes the workloads' spec.selector


def is_patch_directive(key: str) -> bool:
    return key.startswith(PATCH_DIRECTIVES)


def mentions_patch_directive(text: str) -> bool:
    return any(directive in text for directive in PATCH_DIRECTIVES)


def has_patch_directive(root: Node | None) -> bool:
    for node in walk(root):
        if isinstance(node, Mapping) and any(is_patch_directive(string_value(k) or "") for k, _ in node.pairs):
            return True
    return False


def kustomize_info(path: Path | None, ctx: Context | None) -> KustomizeInfo:
    """How the kustomizations above ``path`` use it. Unreadable or odd kustomizations count for
    nothing; a missing path (an unsaved buffer) has none."""
    info = KustomizeInfo()
    if path is None or ctx is None:
        return info
    target = path.resolve()
    for folder in [target.parent, *target.parents][:MAX_LEVELS]:
        for kustomization in _kustomizations(folder, ctx):
            if any(_same(folder, entry, target) for entry in _patch_paths(kustomization)):
                info.patch = True
            if folder == target.parent or any(
                _same(folder, entry, target) for entry in _strings(kustomization.get("resources"))
            ):
                info.retagged_images |= _retagged(kustomization)
                info.retagged_images |= _overlay_images(folder, ctx)
                info.adds_selector |= _adds_selector(kustomization)
    return info


def _overlay_images(base: Path, ctx: Context) -> set[str]:
    """Images retagged by overlays that build on ``base`` (``resources: [../../base]``), looked for
    in the folders around it (``overlays/<env>/`` next to ``base/`` is the usual layout)."""
    names: set[str] = set()
    seen = 0
    for top in [base.parent, base.parent.parent][: 1 if base.parent == base.parent.parent else 2]:
        for candidate in _kustomization_files(top, ctx):
            seen += 1
            if seen > MAX_OVERLAYS or candidate.parent == base:
                continue
            for overlay in _kustomizations(candidate.parent, ctx, candidate.name):
                entries = _strings(overlay.get("resources")) + _strings(overlay.get("bases"))
                if any(_same(candidate.parent, entry, base) for entry in entries):
                    names |= _retagged(overlay)
    return names


def _kustomization_files(top: Path, ctx: Context) -> Iterator[Path]:
    for depth in ("*/", "*/*/", "*/*/*/"):
        for name in KUSTOMIZATION_NAMES:
            yield from ctx.workspace.glob(top, depth + name)


def _kustomizations(folder: Path, ctx: Context, only: str | None = None) -> Iterator[Mapping]:
    for name in (only,) if only else KUSTOMIZATION_NAMES:
        # read even when absent: the result cache records the miss, so a kustomization added later counts
        text = ctx.workspace.read_text(folder / name)
        if text is None:
            continue
        for document in parse_yaml(text).documents:
            if isinstance(document.root, Mapping):
                yield document.root


def _strings(node: Node | None) -> list[str]:
    items = node.items if isinstance(node, Sequence) else []
    return [text for text in map(string_value, items) if text is not None]


def _patch_paths(kustomization: Mapping) -> Iterator[str]:
    """Files named by ``patchesStrategicMerge`` and ``patches`` (a path or ``{path: ...}``)."""
    yield from _strings(kustomization.get("patchesStrategicMerge"))
    patches = kustomization.get("patches")
    for item in patches.items if isinstance(patches, Sequence) else []:
        entry = string_value(item.get("path") if isinstance(item, Mapping) else item)
        if entry is not None:
            yield entry


def _same(folder: Path, entry: str, target: Path) -> bool:
    if "\n" in entry or entry.startswith(("http://", "https://")):
        return False  # an inline patch or a remote file
    try:
        return (folder / entry).resolve() == target
    except (OSError, ValueError):
        return False


def _adds_selector(kustomization: Mapping) -> bool:
    """``commonLabels``, or ``labels`` with ``includeSelectors: true``: kustomize writes those labels
    into the workloads' ``spec.selector.matchLabels`` as well, creating the selector when missing."""
    common = kustomization.get("commonLabels")
    if isinstance(common, Mapping) and common.pairs:
        return True
    labels = kustomization.get("labels")
    entries = [item for item in labels.items if isinstance(item, Mapping)] if isinstance(labels, Sequence) else []
    return any(
        isinstance(pairs := entry.get("pairs"), Mapping) and pairs.pairs and is_true(entry.get("includeSelectors"))
        for entry in entries
    )


def _retagged(kustomization: Mapping) -> set[str]:
    """Names in ``images:`` entries that set a tag or a digest."""
    names: set[str] = set()
    images = kustomization.get("images")
    for item in images.items if isinstance(images, Sequence) else []:
        name = item.get("name") if isinstance(item, Mapping) else None
        if isinstance(name, Scalar) and any(k in item for k in ("newTag", "digest")):
            names.add(str(name.value))
    return names
