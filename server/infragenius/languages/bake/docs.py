"""One line on each attribute of Bake's target and group blocks (buildx's Bake file reference), for
hovers; the rules' list of known attributes is these keys."""

from __future__ import annotations

REFERENCE = "https://docs.docker.com/build/bake/reference/"

TARGET_ATTRIBUTES: dict[str, str] = {
    "annotations": "Annotations (OCI) added to the image or its index.",
    "args": "Build arguments, as `--build-arg`: a map of names to values.",
    "attest": "Attestations to generate for the image (provenance, SBOM).",
    "cache-from": "External cache sources, as `--cache-from`.",
    "cache-to": "Cache export destinations, as `--cache-to`.",
    "call": "What the build runs: `build` (default), `check`, `outline` or `targets`.",
    "context": 'The build context: a path (relative to where Bake runs) or a URL. Default `"."`.',
    "contexts": "Additional named build contexts, as `--build-context` (a path, a URL, `docker-image://` or `target:NAME`).",
    "description": "A description of the target, shown by `--list targets`.",
    "dockerfile": 'The Dockerfile, relative to the context. Default `"Dockerfile"`.',
    "dockerfile-inline": "The Dockerfile's text itself, instead of a file.",
    "entitlements": "Extra privileges the build may use (`network.host`, `security.insecure`).",
    "extra-hosts": "Host-to-IP mappings added to the build's containers.",
    "inherits": "Targets whose attributes this one takes (the last wins; its own win over all).",
    "labels": "Labels added to the image.",
    "matrix": "Expands the target into one per combination of the values listed.",
    "name": "The name of each target a matrix expands into.",
    "network": "The network mode of `RUN` instructions.",
    "no-cache": "Build without the cache.",
    "no-cache-filter": "Stages built without the cache.",
    "output": "Where the result goes, as `--output` (`type=docker`, `type=registry`, `type=local,dest=...`).",
    "platforms": "The platforms to build for (`linux/amd64`, `linux/arm64`...).",
    "pull": "Always pull the images the build refers to.",
    "secret": "Secrets exposed to the build, as `--secret`.",
    "shm-size": "The size of `/dev/shm` for `RUN` instructions.",
    "ssh": "SSH agent sockets or keys exposed to the build, as `--ssh`.",
    "tags": "The image names and tags the result gets.",
    "target": "The Dockerfile stage to build.",
    "ulimits": "ulimit options for `RUN` instructions.",
}
GROUP_ATTRIBUTES: dict[str, str] = {
    "description": "A description of the group.",
    "targets": "The targets (or groups) the group builds.",
}
