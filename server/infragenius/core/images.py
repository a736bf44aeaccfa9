"""Container image references (``registry/name:tag@digest``), as Dockerfiles, manifests and CI
pipelines write them."""

from __future__ import annotations


def image_parts(image: str) -> tuple[str, str | None, str | None]:
    """Split ``registry/name:tag@digest`` into (name, tag, digest); a registry port stays in the name."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        tag = last.rsplit(":", 1)[1]
        name = name[: len(name) - len(tag) - 1]
    return name, tag, digest or None
