"""Shared base for Kubernetes rules: one check per object or per container."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from ....core.context import Context
from ....core.findings import Finding, Fix
from ....core.rules import Rule
from ..model import Container, Manifests, Resource
from ..reuse import checked


class K8Rule(Rule):
    language = "kubernetes"
    # Rules that report a field's absence stay silent on kustomize patches: what a patch leaves out
    # comes from the base it patches.
    judges_absence = False
    # True when the findings for an object depend only on its YAML document, what the file's
    # kustomization says of it, the file's line ending and the config: then an edit elsewhere reuses
    # them (reuse.py). Say so only of a rule that reads no other object.
    resource_local: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterable[Finding]:
        manifests: Manifests = ctx.model
        if manifests is None:
            return ()
        wanted = (r for r in manifests.resources if not (r.ignores(self.aliases) or (r.patch and self.judges_absence)))
        if self.resource_local:
            return checked(self.code, manifests, ctx.previous, wanted, lambda r: self.check_resource(r, manifests))
        return (f for resource in wanted for f in self.check_resource(resource, manifests))

    def check_resource(self, resource: Resource, manifests: Manifests) -> Iterable[Finding]:
        for container in resource.containers:
            yield from self.check_container(container, resource)

    def check_container(self, container: Container, resource: Resource) -> Iterable[Finding]:
        return ()

    def where(self, container: Container, resource: Resource) -> str:
        return f"container '{container.name}' of {resource.kind} '{resource.name}'"


class FixingRule(K8Rule):
    """A container rule whose findings carry an edit of the manifest's text (see ``fixes``)."""

    def check_resource(self, resource: Resource, manifests: Manifests) -> Iterable[Finding]:
        text = manifests.stream.text
        for container in resource.containers:
            for finding in self.check_container(container, resource):
                fix = self.fix(text, container, resource)
                yield finding.with_(fix=fix) if fix is not None else finding

    def fix(self, text: str, container: Container, resource: Resource) -> Fix | None:
        return None


def sentence(text: str) -> str:
    """Capitalise the first letter only (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]
