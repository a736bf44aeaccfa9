"""Shared base for Kubernetes rules: one check per object or per container."""

from __future__ import annotations

from typing import Iterable

from ....core.context import Context
from ....core.findings import Finding
from ....core.rules import Rule
from ..model import Container, Manifests, Resource


class K8Rule(Rule):
    language = "kubernetes"
    # Rules that report a field's absence stay silent on kustomize patches: what a patch leaves out
    # comes from the base it patches.
    judges_absence = False

    def check(self, ctx: Context) -> Iterable[Finding]:
        manifests: Manifests = ctx.model
        if manifests is None:
            return
        for resource in manifests.resources:
            if resource.ignores(self.aliases) or (resource.patch and self.judges_absence):
                continue
            yield from self.check_resource(resource, manifests)

    def check_resource(self, resource: Resource, manifests: Manifests) -> Iterable[Finding]:
        for container in resource.containers:
            yield from self.check_container(container, resource)

    def check_container(self, container: Container, resource: Resource) -> Iterable[Finding]:
        return ()

    def where(self, container: Container, resource: Resource) -> str:
        return f"container '{container.name}' of {resource.kind} '{resource.name}'"


def sentence(text: str) -> str:
    """Capitalise the first letter only (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]
